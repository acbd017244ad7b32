using System.Security.Claims;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.Common;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Accounts;

/// <summary>Roles per consultation as pure functions: who holds what where, appointing and revoking.</summary>
public class ConsultationRoleDecisionsTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid();
    private static readonly Actor Admin = Delegates.Of("Secretariat", StakeholderGroup.CivilSociety, PlatformRole.Admin) with { OrganisationId = Guid.Empty };

    [Fact]
    public void a_role_held_in_one_consultation_counts_in_that_consultation_only()
    {
        var moderator = Delegates.ModeratorOf(A);
        Assert.False(moderator.RunsTheDialogue);
        Assert.True(moderator.RunsTheDialogueOf(A));
        Assert.False(moderator.RunsTheDialogueOf(B));
        Assert.True(AccessRules.Check(moderator.In(A), AccessAct.ModerateInputs).IsNone());
        Assert.Equal(403, AccessRules.Check(moderator.In(B), AccessAct.ModerateInputs).Status);
        Assert.Equal(403, AccessRules.Check(moderator, AccessAct.ChangePhase).Status);
        // Platform-wide acts of the secretariat (organisations, invitations) for a moderator of any consultation.
        Assert.True(AccessRules.Check(moderator.InAnyConsultation(), AccessAct.RegisterOrganisation).IsNone());
        Assert.Equal(403, AccessRules.Check(Delegates.State().InAnyConsultation(), AccessAct.RegisterOrganisation).Status);
        // A role in a consultation never makes an administrator, and an admin runs no dialogue unless appointed.
        Assert.Equal(403, AccessRules.Check(moderator.In(A), AccessAct.AppointModerators).Status);
        Assert.False(Admin.RunsTheDialogueOf(A));
        var coChair = Delegates.ModeratorOf(PlatformRole.CoChair, A, B);
        Assert.True(coChair.RunsTheDialogueOf(A) && coChair.RunsTheDialogueOf(B));
    }

    [Fact]
    public void the_roles_in_consultations_travel_in_the_claims_and_back()
    {
        var moderator = Delegates.ModeratorOf(PlatformRole.CoChair, A) with
        {
            ConsultationRoles = [new ConsultationRole(A, PlatformRole.CoChair), new ConsultationRole(B, PlatformRole.Moderator)],
        };
        var principal = new ClaimsPrincipal(new ClaimsIdentity(moderator.ToClaims(), "test"));
        var back = Actor.From(principal)!;
        Assert.Equal(moderator.Appointments, back.Appointments);
        Assert.Contains(principal.FindAll(ActorClaims.ConsultationRole), c => c.Value == $"{B}:Moderator");
        Assert.Null(ConsultationRole.Parse("not-a-guid:Moderator"));
        Assert.Null(ConsultationRole.Parse($"{A}:Nobody"));
    }

    [Fact]
    public void only_an_admin_appoints_to_an_existing_consultation_with_an_address_a_name_and_an_appointable_role()
    {
        var act = new AppointToConsultation(A, "ana@example.org", "Ana Ruiz", PlatformRole.Moderator, Admin);
        Assert.True(ConsultationRoleDecisions.CheckAppointment(Admin, act, consultationExists: true).IsNone());
        Assert.Equal(403, ConsultationRoleDecisions.CheckAppointment(Delegates.ModeratorOf(A), act with { Actor = Delegates.ModeratorOf(A) }, true).Status);
        Assert.Equal(404, ConsultationRoleDecisions.CheckAppointment(Admin, act, consultationExists: false).Status);
        Assert.Equal(400, ConsultationRoleDecisions.CheckAppointment(Admin, act with { Role = PlatformRole.Admin }, true).Status);
        Assert.Equal(400, ConsultationRoleDecisions.CheckAppointment(Admin, act with { Email = "nope" }, true).Status);
        Assert.Equal(400, ConsultationRoleDecisions.CheckAppointment(Admin, act with { Name = " " }, true).Status);
    }

    [Fact]
    public void appointing_twice_grants_once_and_only_a_held_role_is_revoked()
    {
        var person = Guid.NewGuid();
        var granted = ConsultationRoleDecisions.Grant(A, person, PlatformRole.Moderator, Admin.PersonId, null)!;
        Assert.Equal(new ConsultationRoleGranted(person, A, PlatformRole.Moderator, Admin.PersonId), granted);
        var appointment = new ConsultationAppointment();
        appointment.Apply(granted);
        Assert.Equal(ConsultationRoles.IdFor(A, person), appointment.Id);
        Assert.Null(ConsultationRoleDecisions.Grant(A, person, PlatformRole.Moderator, Admin.PersonId, appointment));
        Assert.NotNull(ConsultationRoleDecisions.Grant(A, person, PlatformRole.CoChair, Admin.PersonId, appointment));

        var revoke = new RevokeConsultationRole(A, person, "moderator", Admin);
        Assert.True(ConsultationRoleDecisions.CheckRevocation(Admin, revoke, appointment).IsNone());
        Assert.Equal(404, ConsultationRoleDecisions.CheckRevocation(Admin, revoke with { Role = "coChair" }, appointment).Status);
        Assert.Equal(404, ConsultationRoleDecisions.CheckRevocation(Admin, revoke, null).Status);
        Assert.Equal(400, ConsultationRoleDecisions.CheckRevocation(Admin, revoke with { Role = "admin" }, appointment).Status);
        Assert.Equal(403, ConsultationRoleDecisions.CheckRevocation(Delegates.ModeratorOf(A), revoke, appointment).Status);
        appointment.Apply(ConsultationRoleDecisions.Revoke(Admin, revoke));
        Assert.Empty(appointment.Roles);
        Assert.NotEqual(ConsultationRoles.IdFor(A, person), ConsultationRoles.IdFor(B, person));
    }
}
