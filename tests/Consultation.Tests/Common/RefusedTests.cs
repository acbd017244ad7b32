using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Common;

/// <summary>The decisions speak the domain (<see cref="Refused"/>, a closed set); the edge maps a refusal to its
/// RFC 9457 problem once (<see cref="Refused.ToProblem"/>).</summary>
public class RefusedTests
{
    private static readonly Actor Nigeria = Delegates.State("Nigeria");

    private static ActionPoint Point(int versions)
    {
        var point = new ActionPoint { Id = Guid.NewGuid(), ConsultationId = Guid.NewGuid(), Number = 3 };
        for (var v = 1; v <= versions; v++) point.Versions.Add(new ActionPointVersion(v, $"text {v}", null));
        return point;
    }

    [Fact]
    public void a_decision_names_why_in_the_domain_and_nothing_about_http()
    {
        var drafting = new Consultation { Phase = ConsultationPhase.Drafting };
        var wrongPhase = Assert.IsType<Refused.WrongPhase>(EndorsementDecisions.Check(Nigeria, new EndorseActionPoint(1), Point(1), drafting, true));
        Assert.Equal(ConsultationPhase.Drafting, wrongPhase.Phase);
        Assert.Equal([ConsultationPhase.Endorsement], wrongPhase.AllowedIn);

        var open = new Consultation { Phase = ConsultationPhase.Endorsement };
        var stale = Assert.IsType<Refused.Stale>(EndorsementDecisions.Check(Nigeria, new EndorseActionPoint(1), Point(2), open, true));
        Assert.Equal((1, 2, "text 2"), (stale.Version, stale.CurrentVersion, stale.CurrentText));

        var notAccredited = Assert.IsType<Refused.NotAccredited>(EndorsementDecisions.Check(Nigeria, new EndorseActionPoint(1), Point(1), open, false));
        Assert.Equal("Nigeria", notAccredited.OrganisationName);

        Assert.IsType<Refused.NotSignedIn>(AccessRules.Check(null, AccessAct.Endorse));
        Assert.Null(EndorsementDecisions.Check(Nigeria, new EndorseActionPoint(1), Point(1), open, true));
    }

    [Fact]
    public void the_phase_past_its_end_is_named_with_the_phase_it_moves_to()
    {
        var ends = DateTimeOffset.Parse("2026-12-01T12:00:00Z");
        var consultation = new Consultation
        {
            Phase = ConsultationPhase.Endorsement,
            PhaseEnd = new ScheduledPhaseEnd(Guid.NewGuid(), ConsultationPhase.Endorsement, ends, Guid.NewGuid()),
        };
        Assert.Null(PhaseRules.Check(consultation, ConsultationAct.Endorse, ends.AddSeconds(-1)));
        var ended = Assert.IsType<Refused.PhaseEnded>(PhaseRules.Check(consultation, ConsultationAct.Endorse, ends.AddSeconds(1)));
        Assert.Equal((ConsultationPhase.Endorsement, ends, PhaseMoves.Next(ConsultationPhase.Endorsement)!.Value), (ended.Phase, ended.EndedAt, ended.Next));
    }

    public static TheoryData<Refused, int, string> EveryKind => new()
    {
        { Refused.NotSignedIn.Instance, 401, "unauthenticated" },
        { new Refused.NotAllowed("Only moderators do this."), 403, "forbidden" },
        { new Refused.NotAccredited("Nigeria"), 403, "not-accredited" },
        { new Refused.NotFound("action point", Guid.Empty), 404, "not-found" },
        { new Refused.UnknownLink("invitation-unknown", "No such invitation", "Not valid."), 404, "invitation-unknown" },
        { new Refused.Gone("invitation-used", "Used", "Used once."), 410, "invitation-used" },
        { new Refused.Invalid(("text", "The text is required.")), 400, "validation" },
        { new Refused.WrongPhase(ConsultationPhase.Drafting, [ConsultationPhase.Endorsement]), 409, "wrong-phase" },
        { new Refused.PhaseEnded(ConsultationPhase.Endorsement, DateTimeOffset.UnixEpoch, ConsultationPhase.Concluded), 409, "phase-ended" },
        { new Refused.Stale(3, 1, 2, "text 2", "endorsed", "endorse that version"), 409, "stale-version" },
        { new Refused.Conflict("Taken", "The slug is taken.", "slug-taken"), 409, "slug-taken" },
        { new Refused.TextConflict("Conflict", "Words changed.", "amendment-conflict", 1, []), 409, "amendment-conflict" },
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void every_refusal_has_one_problem(Refused why, int status, string type)
    {
        var problem = why.ToProblem();
        Assert.Equal(status, problem.Status);
        Assert.Equal("https://consultation.dev/problems/" + type, problem.Type);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        if (why is Refused.Invalid) Assert.IsType<ValidationProblemDetails>(problem);
    }

    [Fact]
    public void the_set_of_refusals_is_closed_and_each_is_covered_above()
    {
        var kinds = typeof(Refused).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(Refused))).ToHashSet();
        var covered = EveryKind.Select(row => row.Data.Item1.GetType()).ToHashSet();
        Assert.Equal(kinds.OrderBy(t => t.Name), covered.OrderBy(t => t.Name));
        Assert.All(typeof(Refused).GetConstructors(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public), _ => Assert.Fail("Refused has a public constructor"));
    }

    [Fact]
    public void the_wrong_phase_body_is_the_one_the_api_has_always_answered()
    {
        var problem = new Refused.WrongPhase(ConsultationPhase.Drafting, [ConsultationPhase.Endorsement, ConsultationPhase.Concluded]).ToProblem();
        Assert.Equal("Not in this phase", problem.Title);
        Assert.Equal("The consultation is in its drafting phase; this is done in the endorsement or concluded phase.", problem.Detail);
        Assert.Equal("drafting", problem.Extensions["phase"]);
    }
}
