using ConsultationPlatform.Hosting;
using ConsultationPlatform.Infrastructure.Authentication;
using ConsultationPlatform.Infrastructure.LocalDatabase;
using ConsultationPlatform.LivePush;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Tests.Hosting;

/// <summary>The LivePush, Authentication and LocalDatabase settings: same names and defaults as always, and a bad value stops the start, naming the setting.</summary>
public class SettingsValidationTests
{
    private static Microsoft.AspNetCore.Builder.WebApplication App(params (string Key, string Value)[] settings) =>
        ConsultationApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Testing"], b =>
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(
                settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            {
                ["ConnectionStrings:Consultation"] = "Host=127.0.0.1;Database=unused",
            }));

    [Theory]
    [InlineData("LivePush:OverloadWindowMs", "-5", "LivePush:OverloadWindowMs")]
    [InlineData("LivePush:OverloadQueue", "-2", "LivePush:OverloadQueue")]
    [InlineData("Authentication:CookieLifetime", "-01:00:00", "Authentication:CookieLifetime")]
    [InlineData("Authentication:BearerTokenLifetime", "00:00:00", "Authentication:BearerTokenLifetime")]
    [InlineData("Authentication:Lockout:MaxFailedAccessAttempts", "0", "Authentication:Lockout:MaxFailedAccessAttempts")]
    public async Task a_bad_value_stops_the_start_with_a_message_naming_the_setting(string key, string value, string named)
    {
        // Building the app may already resolve what reads the setting (the live push's dispatcher is); else starting it validates.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = App((key, value));
            await app.StartAsync();
        });
        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData("Port", "0")]
    [InlineData("Port", "70000")]
    [InlineData("Database", "drop table; --")]
    public void a_bad_local_database_setting_stops_the_start_before_the_cluster_does(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"LocalDatabase:{key}"] = value,
            ["LocalDatabase:DataDirectory"] = Path.Combine(Path.GetTempPath(), $"never-created-{Guid.NewGuid():N}"),
        }).Build();
        var error = Assert.Throws<OptionsValidationException>(() =>
            DatabaseSettings.Resolve(configuration, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
        Assert.Contains($"LocalDatabase:{key}", error.Message);
        Assert.False(Directory.Exists(configuration["LocalDatabase:DataDirectory"]));
    }

    [Fact]
    public async Task the_settings_keep_their_names_and_defaults()
    {
        await using var app = App(("LivePush:OverloadQueue", "40"), ("Authentication:CookieLifetime", "02:00:00"));
        var push = app.Services.GetRequiredService<IOptions<LivePushOptions>>().Value;
        Assert.Equal(40, push.OverloadQueue);
        Assert.Equal(100, push.OverloadWindowMs);
        var authentication = app.Services.GetRequiredService<IOptions<AuthenticationSettings>>().Value;
        Assert.Equal(TimeSpan.FromHours(2), authentication.CookieLifetime);
        Assert.Equal(TimeSpan.FromMinutes(30), authentication.BearerTokenLifetime);
        Assert.Equal(TimeSpan.FromDays(14), authentication.RefreshTokenLifetime);
        Assert.Equal(TimeSpan.FromMinutes(5), authentication.SecurityStampValidationInterval);
        Assert.Equal(5, authentication.Lockout.MaxFailedAccessAttempts);
        Assert.Equal(TimeSpan.FromMinutes(15), authentication.Lockout.Duration);
        Assert.False(authentication.AllowActingHeaders);

        var cookie = app.Services.GetRequiredService<IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
        Assert.Equal(TimeSpan.FromHours(2), cookie.ExpireTimeSpan);

        var local = LocalDatabaseOptions.From(new ConfigurationBuilder().Build());
        Assert.Equal("consultation", local.Database);
        Assert.Null(local.Port);
    }
}
