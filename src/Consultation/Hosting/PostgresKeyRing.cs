using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ConsultationPlatform.Hosting;

/// <summary>A data-protection key as ASP.NET Core writes it (XML), kept as a Marten document.</summary>
public sealed class DataProtectionKey
{
    public string Id { get; set; } = "";
    public string Xml { get; set; } = "";
    public DateTimeOffset StoredAt { get; set; }
}

/// <summary>
/// The data-protection key ring in PostgreSQL, so that a cookie, an antiforgery token or a bearer token issued by one
/// node is read by every other (and survives a container's restart). No served package stores keys in PostgreSQL
/// without Entity Framework Core; this is ASP.NET Core's own <see cref="IXmlRepository"/> over a Marten document.
/// The keys are stored as ASP.NET Core writes them: protect the database (or add ProtectKeysWith…) accordingly.
/// </summary>
public sealed class PostgresXmlRepository(IDocumentStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        // IXmlRepository is synchronous, Marten 9 reads asynchronously only: this blocks a thread when the key ring is
        // (re)loaded, at start and about once a day, not per request.
        using var session = store.QuerySession();
        return session.Query<DataProtectionKey>().ToListAsync().GetAwaiter().GetResult().Select(k => XElement.Parse(k.Xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = store.LightweightSession();
        session.Store(new DataProtectionKey
        {
            Id = string.IsNullOrWhiteSpace(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
            StoredAt = DateTimeOffset.UtcNow,
        });
        // Synchronous too (see above); called when a key is created, every ~90 days.
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }
}

/// <summary>
/// Makes sure a usable key exists before the node serves anything, created by one node only: nodes starting together
/// would otherwise each create a key of their own, and a cookie protected with one node's key could fail on another
/// until its key ring is next refreshed.
/// </summary>
public sealed class PostgresKeyRingBootstrap(IKeyManager keys, IDocumentStore store, DatabaseSettings database, ILogger<PostgresKeyRingBootstrap> logger) : IHostedService
{
    private const long LockId = 0x636f6e73756c74; // "consult"

    public async Task StartAsync(CancellationToken ct)
    {
        // This may run before Marten applies the schema at start.
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(DataProtectionKey), ct);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using (var take = new NpgsqlCommand($"select pg_advisory_lock({LockId})", connection)) await take.ExecuteNonQueryAsync(ct);
        try
        {
            var now = DateTimeOffset.UtcNow;
            // ASP.NET Core renews a key from two days before it expires: only create one when none would serve.
            if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(2)))
            {
                keys.CreateNewKey(now, now.AddDays(90));
                logger.LogInformation("Created the data-protection key ring in PostgreSQL");
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand($"select pg_advisory_unlock({LockId})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

public static class PostgresKeyRingWiring
{
    public static IServiceCollection AddPostgresKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Consultation");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IDocumentStore>((o, store) => o.XmlRepository = new PostgresXmlRepository(store));
        services.ConfigureMarten(opts => opts.Schema.For<DataProtectionKey>());
        services.AddHostedService<PostgresKeyRingBootstrap>();
        return services;
    }
}
