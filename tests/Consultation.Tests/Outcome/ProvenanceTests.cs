using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Outcome.Provenance;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using JasperFx.Events;

namespace ConsultationPlatform.Tests.Outcome;

/// <summary>Provenance through proposals, merges and rebases, with the decisions' own functions producing the versions.</summary>
public class ProvenanceTests
{
    private const string V1 = "Promote coherence at all levels of government. Involve civil society.";

    private static readonly Actor Mfa = Delegates.CivilSociety("Migrant Forum in Asia");
    private static readonly Actor Ghana = Delegates.State("Ghana");
    private static readonly Actor Mexico = Delegates.State("Mexico");
    private static readonly Actor CoChair = Delegates.Of("Switzerland", StakeholderGroup.MemberState, PlatformRole.CoChair);

    private readonly ActionPoint _point = ActionPoint.Create(new Event<ActionPointTabled>(new ActionPointTabled(Guid.NewGuid(), Guid.NewGuid(), 4, V1)));
    private readonly List<Amendment> _amendments = [];

    private Amendment Propose(Actor by, int baseVersion, string text, Guid[]? cites = null, params Actor[] coSponsors)
    {
        var proposed = AmendmentDecisions.Propose(Guid.NewGuid(), by, new ProposeAmendment(baseVersion, text, "Because.", cites), _point);
        var amendment = Amendment.Create(new Event<AmendmentProposed>(proposed));
        foreach (var c in coSponsors) foreach (var e in AmendmentDecisions.CoSponsor(c, amendment)) amendment.Apply((AmendmentCoSponsored)e);
        _amendments.Add(amendment);
        return amendment;
    }

    private Acceptance Accept(Amendment amendment)
    {
        var acceptance = AmendmentDecisions.Accept(CoChair, amendment, _point);
        if (acceptance.Conflict is { } conflict) amendment.Apply(conflict);
        if (acceptance.Accepted is { } accepted)
        {
            amendment.Apply(new Event<AmendmentAccepted>(accepted) { Timestamp = DateTimeOffset.Parse("2013-10-04T15:00:00Z") });
            _point.Apply(new Event<ActionPointRevised>(acceptance.Revision!));
        }

        return acceptance;
    }

    private static string WordsOf(ActionPointProvenance p, int version) =>
        string.Concat(p.Spans.Where(s => s.Version == version).Select(s => s.Text));

    [Fact]
    public void the_tabled_text_is_all_version_1_and_each_sentence_says_so()
    {
        var p = TextProvenance.Of(_point, _amendments);
        var span = Assert.Single(p.Spans);
        Assert.Equal(1, span.Version);
        Assert.Equal(V1, span.Text);
        Assert.Equal(["Promote coherence at all levels of government. ", "Involve civil society."], p.Sentences.Select(s => s.Text));
        Assert.All(p.Sentences, s => Assert.Equal([1], s.Versions));
        Assert.Null(Assert.Single(p.Origins).AmendmentId);
    }

    [Fact]
    public void an_accepted_proposal_is_credited_with_its_own_words_and_its_sponsors_and_inputs()
    {
        var input = Guid.NewGuid();
        var a = Propose(Mfa, 1, "Promote policy coherence at all levels of government. Involve civil society.", [input], Ghana);
        Accept(a);
        var p = TextProvenance.Of(_point, _amendments);
        Assert.Equal("policy ", WordsOf(p, 2));
        Assert.Equal(_point.Current.Text, p.Text);
        Assert.Equal(_point.Current.Text, string.Concat(p.Spans.Select(s => s.Text)));
        var origin = p.Origins.Single(o => o.Version == 2);
        Assert.Equal(a.Id, origin.AmendmentId);
        Assert.Equal("Migrant Forum in Asia", origin.ProposedBy!.OrganisationName);
        Assert.Equal(["Ghana"], origin.CoSponsoredBy.Select(s => s.OrganisationName));
        Assert.Equal(CoChair.PersonName, origin.AcceptedBy);
        Assert.Equal(DateTimeOffset.Parse("2013-10-04T15:00:00Z"), origin.AcceptedAt);
        Assert.Equal([input], origin.CitesInputs);
        Assert.Equal([1, 2], p.Sentences[0].Versions);
        Assert.Equal([1], p.Sentences[1].Versions);
    }

    [Fact]
    public void a_merged_amendment_credits_each_proposer_for_their_own_words()
    {
        var first = Propose(Mfa, 1, "Promote policy coherence at all levels of government. Involve civil society.");
        var second = Propose(Mexico, 1, "Promote coherence at all levels of government. Involve civil society and migrants.");
        Accept(first);
        var merged = Accept(second);
        Assert.True(merged.Accepted!.Merged);
        Assert.Equal("Promote policy coherence at all levels of government. Involve civil society and migrants.", _point.Current.Text);

        var p = TextProvenance.Of(_point, _amendments);
        Assert.Equal("policy ", WordsOf(p, 2));
        Assert.Contains("and migrants", WordsOf(p, 3));
        Assert.DoesNotContain("policy", WordsOf(p, 3));
        Assert.Equal("Migrant Forum in Asia", p.Origins.Single(o => o.Version == 2).ProposedBy!.OrganisationName);
        var v3 = p.Origins.Single(o => o.Version == 3);
        Assert.Equal("Mexico", v3.ProposedBy!.OrganisationName);
        Assert.True(v3.Merged);
        Assert.Equal(1, v3.BaseVersion);
        Assert.Equal([1, 2], p.Sentences[0].Versions);
        Assert.Equal([1, 3], p.Sentences[1].Versions);
    }

    [Fact]
    public void a_rebased_amendment_is_credited_for_what_it_changed_in_the_version_it_was_rebased_onto()
    {
        var first = Propose(Mfa, 1, "Promote coherence at every level of government. Involve civil society.");
        var clash = Propose(Ghana, 1, "Promote coherence at all tiers of government. Involve civil society.");
        Accept(first);
        Assert.NotNull(Accept(clash).Conflict);
        clash.Apply(AmendmentDecisions.Rebase(Ghana, new RebaseAmendment(2, "Promote coherence at every tier of government. Involve civil society."), clash));
        Accept(clash);

        var p = TextProvenance.Of(_point, _amendments);
        Assert.Equal("Promote coherence at every tier of government. Involve civil society.", p.Text);
        Assert.Equal("every ", WordsOf(p, 2));
        Assert.Equal("tier ", WordsOf(p, 3));
        Assert.Equal("Ghana", p.Origins.Single(o => o.Version == 3).ProposedBy!.OrganisationName);
        Assert.Equal(2, p.Origins.Single(o => o.Version == 3).BaseVersion);
        Assert.False(p.Origins.Single(o => o.Version == 3).Merged);
    }

    [Fact]
    public void deleted_words_leave_no_span_and_the_spans_always_rebuild_the_current_text()
    {
        Accept(Propose(Mfa, 1, "Promote coherence. Involve civil society."));
        Accept(Propose(Ghana, 2, "Promote coherence everywhere. Involve civil society fully."));
        var p = TextProvenance.Of(_point, _amendments);
        Assert.Equal(_point.Current.Text, string.Concat(p.Spans.Select(s => s.Text)));
        Assert.Equal(_point.Current.Text, string.Concat(p.Sentences.Select(s => s.Text)));
        Assert.DoesNotContain(p.Spans, s => s.Version == 2 && s.Text.Trim().Length > 0 && !_point.Current.Text.Contains(s.Text));
        Assert.Contains("everywhere", WordsOf(p, 3));
    }
}
