using ConsultationPlatform.Infrastructure.Authentication;
using ConsultationPlatform.LivePush;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultationPlatform.Hosting;

/// <summary>
/// The settings read through options classes, each validated when the app starts: a bad value stops the start with
/// a message that names the setting (<c>OptionsValidationException</c>), instead of failing later or being ignored.
/// <c>LocalDatabase</c> (Infrastructure/LocalDatabase/LocalDatabaseOptions.cs) is validated where it is read, before
/// the private cluster starts, since that happens before the services exist.
/// </summary>
public static class SettingsValidation
{
    public static IServiceCollection AddValidatedSettings(this IServiceCollection services)
    {
        services.AddOptions<LivePushOptions>().BindConfiguration(LivePushOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthenticationSettings>().BindConfiguration(AuthenticationSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
