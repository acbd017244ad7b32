using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Tests.Support;
using Marten;
using System.Net.Http.Json;

namespace ConsultationPlatform.Tests.Seeding;

/// <summary>
/// The platform with no connection string: it starts its own cluster in a data folder, imports the seed once,
/// and keeps everything across a restart.
/// </summary>
public class EmbeddedStartTests : IDisposable
{
    private readonly string _folder = TestFolder.Create("consultation-embedded-test-");

    private sealed class EmbeddedApp(string dataDirectory) : AppFixture
    {
        protected override IDictionary<string, string?> Settings(TestDatabase database) => new Dictionary<string, string?>
        {
            ["LocalDatabase:DataDirectory"] = dataDirectory,
            ["LocalDatabase:BinDirectory"] = database.BinDirectory,
        };
    }

    [Fact]
    public async Task the_seed_is_imported_once_and_data_survives_a_restart()
    {
        var dataDirectory = Path.Combine(_folder, "postgres");
        Guid pointId;

        await using (var first = new EmbeddedApp(dataDirectory))
        {
            await first.InitializeAsync();
            var consultation = await first.RoundTable3();
            var board = await first.Board(consultation.Id);
            Assert.Equal(8, board.ActionPoints.Count);
            Assert.Equal(3, board.Challenges.Count);
            pointId = board.ActionPoints[0].Id;
            await using (var session = first.Store.LightweightSession())
            {
                session.Events.Append(consultation.Id,
                    new ConsultationPhaseChanged(consultation.Id, ConsultationPhase.Inputs, ConsultationPhase.Endorsement, "test", Guid.Empty));
                await session.SaveChangesAsync();
            }

            (await first.ClientFor(Delegates.State("Switzerland")).PostAsJsonAsync($"/api/action-points/{pointId}/endorsements",
                new { version = 1 }, AppFixture.Json)).EnsureSuccessStatusCode();
        }

        await using (var second = new EmbeddedApp(dataDirectory))
        {
            await second.InitializeAsync();
            var consultation = await second.RoundTable3();
            var board = await second.Board(consultation.Id);
            Assert.Equal(1, board.ActionPoints.Single(p => p.Id == pointId).EndorsementCount);

            await using var session = second.Store.QuerySession();
            Assert.Equal(1, await session.Query<Consultation>().CountAsync());
            var created = await session.Events.QueryRawEventDataOnly<ConsultationCreated>().CountAsync();
            Assert.Equal(1, created);
            Assert.Equal(4, board.DataQualityNotes.Count); // the count mismatch and three typos kept as written, once each
        }
    }

    public void Dispose()
    {
        TestFolder.Delete(_folder);
    }
}
