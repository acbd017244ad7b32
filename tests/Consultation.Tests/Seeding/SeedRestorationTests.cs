using ConsultationPlatform.Consultations;
using ConsultationPlatform.Seeding;
using ConsultationPlatform.Tests.Outcome;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConsultationPlatform.Tests.Seeding;

/// <summary>A store seeded by the earlier transcription gets the restored text on the next start, once.</summary>
[Collection(PlatformCollection.Name)]
public class SeedRestorationTests(AppFixture app)
{
    [Fact]
    public async Task importing_the_restored_seed_over_an_earlier_import_appends_what_it_lacked_and_then_nothing()
    {
        var importer = app.App.Services.GetServices<IHostedService>().OfType<SeedImporter>().Single();
        var slug = "restoration-" + Guid.NewGuid().ToString("N")[..8];
        var full = SourceDocument.Seed() with { Slug = slug };
        var earlier = full with
        {
            Preamble = full.Preamble!.Replace("\n\n", " "),
            Salutation = null, ChallengesIntroduction = null, Transition = null, ActionPointsIntroduction = null,
            ClosingSalutation = null, ClosingThanks = null, Typos = [],
            HeldOn = full.HeldOn! with { Label = null },
            SummaryPresentedBy = full.SummaryPresentedBy! with { Role = null },
        };
        Assert.True(await importer.Import(earlier, "earlier.json", CancellationToken.None));
        var id = SeedPlanner.ConsultationIdFor(slug);
        await using var session = app.Store.QuerySession();
        var before = (await session.Events.FetchStreamStateAsync(id))!.Version;
        Assert.Null((await session.LoadAsync<Consultation>(id))!.Transition);

        Assert.False(await importer.Import(full, "full.json", CancellationToken.None));
        await using var after = app.Store.QuerySession();
        var restored = (await after.LoadAsync<Consultation>(id))!;
        Assert.Equal(full.Preamble, restored.Preamble);
        Assert.Equal(full.Transition, restored.Transition);
        Assert.Equal("Thank you.", restored.ClosingThanks);
        Assert.Equal("Co-Chair", restored.SummaryPresentedBy!.Role);
        Assert.Equal(3, restored.DataQualityNotes.Count(n => n.Code == "typo-kept-as-written"));
        var version = (await after.Events.FetchStreamStateAsync(id))!.Version;
        Assert.Equal(before + 7 + 1 + 3, version);

        Assert.False(await importer.Import(full, "full.json", CancellationToken.None));
        await using var again = app.Store.QuerySession();
        Assert.Equal(version, (await again.Events.FetchStreamStateAsync(id))!.Version);
    }
}
