using ConsultationPlatform.Hosting;
using Npgsql;

namespace ConsultationPlatform.Tests.Hosting;

public class DatabaseSettingsTests
{
    [Fact]
    public void connections_are_returned_without_a_reset_and_keep_their_prepared_statements()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseSettings.Tuned("Host=db;Database=consultation;Username=app"));

        Assert.True(tuned.NoResetOnClose);
        Assert.True(tuned.MaxAutoPrepare > 0);
        Assert.True(tuned.AutoPrepareMinUsages >= 2);
        Assert.Equal("db", tuned.Host);
        Assert.Equal("consultation", tuned.Database);
        Assert.Equal("app", tuned.Username);
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0")]
    [InlineData("Host=db;NoResetOnClose=false;MaxAutoPrepare=0")]
    [InlineData("host=db;no reset on close=False;max auto prepare=0")]
    public void what_the_operator_set_wins(string given)
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseSettings.Tuned(given));

        Assert.False(tuned.NoResetOnClose);
        Assert.Equal(0, tuned.MaxAutoPrepare);
    }
}

public class DatabaseTimeoutTests
{
    [Fact]
    public void connections_and_commands_wait_a_bounded_time_unless_the_operator_says_otherwise()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseSettings.Tuned("Host=db;Database=consultation"));
        Assert.Equal(DatabaseSettings.ConnectTimeoutSeconds, tuned.Timeout);
        Assert.Equal(DatabaseSettings.CommandTimeoutSeconds, tuned.CommandTimeout);
        Assert.InRange(tuned.CommandTimeout, 1, 29); // below Npgsql's 30 s default: a stalled database is noticed sooner

        var given = new NpgsqlConnectionStringBuilder(DatabaseSettings.Tuned("Host=db;Timeout=2;Command Timeout=60"));
        Assert.Equal(2, given.Timeout);
        Assert.Equal(60, given.CommandTimeout);
    }
}
