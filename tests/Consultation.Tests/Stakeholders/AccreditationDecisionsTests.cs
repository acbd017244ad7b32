using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Stakeholders;

public class AccreditationDecisionsTests
{
    private static readonly Consultation Open = new() { Id = Guid.NewGuid(), Phase = ConsultationPhase.Inputs };

    private static Organisation OrganisationOf(Actor actor) =>
        new() { Id = actor.OrganisationId, Name = actor.OrganisationName, Type = actor.OrganisationGroup };

    private static Accreditation Requested(Actor actor) =>
        Accreditation.Create(AccreditationDecisions.Request(actor, new RequestAccreditation("We work with migrants."), Open, OrganisationOf(actor)));

    [Fact]
    public void the_id_follows_from_the_consultation_and_the_organisation()
    {
        var (consultation, organisation) = (Guid.NewGuid(), Guid.NewGuid());
        Assert.Equal(Accreditations.IdFor(consultation, organisation), Accreditations.IdFor(consultation, organisation));
        Assert.NotEqual(Accreditations.IdFor(consultation, organisation), Accreditations.IdFor(organisation, consultation));
    }

    [Fact]
    public void a_delegate_asks_for_their_organisation_and_asking_again_while_pending_or_granted_is_a_409()
    {
        var forum = Delegates.CivilSociety();
        Assert.True(AccreditationDecisions.CheckRequest(forum, new(), Open, OrganisationOf(forum), null).IsNone());
        var pending = Requested(forum);
        Assert.Equal(AccreditationStatus.Requested, pending.Status);
        Assert.Equal("We work with migrants.", pending.Statement);
        Assert.Equal(409, AccreditationDecisions.CheckRequest(forum, new(), Open, OrganisationOf(forum), pending).Status);

        var granted = Accreditation.After(pending, AccreditationDecisions.Grant(Delegates.Moderator(), pending));
        Assert.Equal(409, AccreditationDecisions.CheckRequest(forum, new(), Open, OrganisationOf(forum), granted).Status);

        var refused = Accreditation.After(pending, AccreditationDecisions.Refuse(Delegates.Moderator(), pending, "Not a migration organisation."));
        Assert.True(AccreditationDecisions.CheckRequest(forum, new(), Open, OrganisationOf(forum), refused).IsNone());
        Assert.Equal(AccreditationStatus.Requested, pending.Status); // After leaves the state it started from alone
    }

    [Fact]
    public void a_request_needs_an_organisation_an_open_consultation_and_a_short_statement()
    {
        var moderator = Delegates.Moderator();
        Assert.Equal(403, AccreditationDecisions.CheckRequest(moderator, new(), Open, null, null).Status);

        var forum = Delegates.CivilSociety();
        var concluded = new Consultation { Id = Guid.NewGuid(), Phase = ConsultationPhase.Concluded };
        Assert.Equal(409, AccreditationDecisions.CheckRequest(forum, new(), concluded, OrganisationOf(forum), null).Status);
        Assert.Equal(400, AccreditationDecisions.CheckRequest(forum, new(new string('s', 2001)), Open, OrganisationOf(forum), null).Status);
        Assert.Equal(404, AccreditationDecisions.CheckRequest(forum, new(), Open, null, null).Status);
    }

    [Fact]
    public void only_the_secretariat_decides_and_only_a_pending_request()
    {
        var pending = Requested(Delegates.CivilSociety());
        Assert.Equal(403, AccreditationDecisions.CheckDecision(Delegates.State(), pending.OrganisationId, pending, null, false).Status);
        Assert.Equal(403, AccreditationDecisions.CheckDecision(Delegates.Of("Admin", StakeholderGroup.CivilSociety, PlatformRole.Admin), pending.OrganisationId, pending, null, false).Status);
        Assert.True(AccreditationDecisions.CheckDecision(Delegates.Moderator(), pending.OrganisationId, pending, null, false).IsNone());
        Assert.True(AccreditationDecisions.CheckDecision(Delegates.Of("Nigeria", StakeholderGroup.MemberState, PlatformRole.CoChair), pending.OrganisationId, pending, null, false).IsNone());

        var granted = Accreditation.After(pending, AccreditationDecisions.Grant(Delegates.Moderator(), pending));
        Assert.Equal(409, AccreditationDecisions.CheckDecision(Delegates.Moderator(), granted.OrganisationId, granted, null, false).Status);
        Assert.Equal(404, AccreditationDecisions.CheckDecision(Delegates.Moderator(), Guid.NewGuid(), null, null, false).Status);
    }

    [Fact]
    public void a_refusal_needs_its_reason()
    {
        var pending = Requested(Delegates.CivilSociety());
        Assert.Equal(400, AccreditationDecisions.CheckDecision(Delegates.Moderator(), pending.OrganisationId, pending, " ", true).Status);
        var refused = Accreditation.After(pending, AccreditationDecisions.Refuse(Delegates.Moderator(), pending, "  Outside the scope.  "));
        Assert.Equal((AccreditationStatus.Refused, "Outside the scope."), (refused.Status, refused.Reason));
    }

    [Fact]
    public void the_organisation_withdraws_its_own_and_the_secretariat_withdraws_with_a_reason()
    {
        var forum = Delegates.CivilSociety();
        var pending = Requested(forum);
        Assert.True(AccreditationDecisions.CheckWithdrawal(forum, forum.OrganisationId, pending, null).IsNone());
        Assert.Equal(403, AccreditationDecisions.CheckWithdrawal(Delegates.CivilSociety("Other"), forum.OrganisationId, pending, null).Status);
        Assert.Equal(400, AccreditationDecisions.CheckWithdrawal(Delegates.Moderator(), forum.OrganisationId, pending, null).Status);
        Assert.True(AccreditationDecisions.CheckWithdrawal(Delegates.Moderator(), forum.OrganisationId, pending, "Duplicate").IsNone());

        var withdrawn = Accreditation.After(pending, AccreditationDecisions.Withdraw(forum, pending, null));
        Assert.Equal(409, AccreditationDecisions.CheckWithdrawal(forum, forum.OrganisationId, withdrawn, null).Status);
    }

    [Fact]
    public void the_public_sees_granted_accreditations_only_and_never_the_statement_or_reason()
    {
        var forum = Delegates.CivilSociety();
        var pending = Requested(forum);
        Assert.Null(AccreditationDecisions.View(null, pending));
        Assert.Null(AccreditationDecisions.View(Delegates.State(), pending));
        Assert.Equal("We work with migrants.", AccreditationDecisions.View(forum, pending)!.Statement);
        Assert.Equal("We work with migrants.", AccreditationDecisions.View(Delegates.Moderator(), pending)!.Statement);

        var granted = Accreditation.After(pending, AccreditationDecisions.Grant(Delegates.Moderator(), pending));
        var view = AccreditationDecisions.View(null, granted)!;
        Assert.Equal(AccreditationStatus.Granted, view.Status);
        Assert.Null(view.Statement);
        Assert.Null(view.Reason);
        Assert.True(granted.Granted());
        Assert.False(pending.Granted());
        Assert.False(((Accreditation?)null).Granted());
    }
}
