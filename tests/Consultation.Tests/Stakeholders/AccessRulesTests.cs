using ConsultationPlatform.Common;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Stakeholders;

public class AccessRulesTests
{
    /// <summary>
    /// The expected table, written out: one row per kind of person, one column per act (in the order of
    /// <see cref="Acts"/>); x allowed, - refused. "+acc" acts for an organisation accredited to the consultation.
    /// </summary>
    private const string Expected = """
        person                        End Sub Pro CoS Flg Req Mod Dec Pha Acc Reg Inv Prv Tab Sum Tra Cre App Run Spk Era Pos Rep
        memberState+acc               x   x   x   x   x   x   -   -   -   -   -   -   -   -   -   -   -   -   -   x   -   -   x
        memberState                   -   -   -   -   -   x   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -
        observerState+acc             x   x   x   x   x   x   -   -   -   -   -   -   -   -   -   -   -   -   -   x   -   -   x
        intergovernmental+acc         x   x   x   x   x   x   -   -   -   -   -   -   -   -   -   -   -   -   -   x   -   -   x
        civilSociety+acc              -   x   x   x   x   x   -   -   -   -   -   -   -   -   -   -   -   -   -   x   -   x   x
        civilSociety                  -   -   -   -   -   x   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -
        migrantOrDiaspora+acc         -   x   x   x   x   x   -   -   -   -   -   -   -   -   -   -   -   -   -   x   -   x   x
        privateSector+acc             -   x   x   x   x   x   -   -   -   -   -   -   -   -   -   -   -   -   -   x   -   x   x
        academia+acc                  -   x   x   x   x   x   -   -   -   -   -   -   -   -   -   -   -   -   -   x   -   x   x
        tradeUnion+acc                -   x   x   x   x   x   -   -   -   -   -   -   -   -   -   -   -   -   -   x   -   x   x
        localAuthority+acc            -   x   x   x   x   x   -   -   -   -   -   -   -   -   -   -   -   -   -   x   -   x   x
        participant                   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -
        moderator                     -   -   -   -   -   -   x   x   x   x   x   x   x   x   x   x   -   -   x   -   -   -   -
        coChair                       -   -   -   -   -   -   x   x   x   x   x   x   x   x   x   x   -   -   x   -   -   -   -
        coChair@memberState+acc       x   x   x   x   x   x   x   x   x   x   x   x   x   x   x   x   -   -   x   x   -   -   x
        admin                         -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   x   x   -   -   x   -   -
        moderator@civilSociety+acc    -   x   x   x   x   x   x   x   x   x   x   x   x   x   x   x   -   -   x   x   -   x   x
        """;

    private static readonly AccessAct[] Acts =
    [
        AccessAct.Endorse, AccessAct.SubmitInput, AccessAct.ProposeAmendment, AccessAct.CoSponsorAmendment, AccessAct.FlagInput,
        AccessAct.RequestAccreditation, AccessAct.ModerateInputs, AccessAct.DecideAmendment, AccessAct.ChangePhase,
        AccessAct.DecideAccreditation, AccessAct.RegisterOrganisation, AccessAct.InvitePeople, AccessAct.SeePrivateItems,
        AccessAct.TableDocumentText, AccessAct.WriteSummary, AccessAct.AddTranslation,
        AccessAct.CreateConsultation, AccessAct.AppointModerators, AccessAct.RunSession, AccessAct.SpeakInSession,
        AccessAct.ErasePeople, AccessAct.StatePosition, AccessAct.Reply,
    ];

    public static TheoryData<string, AccessAct, bool> Cells()
    {
        var data = new TheoryData<string, AccessAct, bool>();
        foreach (var line in Expected.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1))
        {
            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Acts.Length + 1, cells.Length);
            for (var i = 0; i < Acts.Length; i++) data.Add(cells[0], Acts[i], cells[i + 1] == "x");
        }

        return data;
    }

    /// <summary>Reads a row's name: role@group+acc; a role alone acts for no organisation; a group alone is a participant's.</summary>
    private static (IReadOnlySet<PlatformRole> Roles, StakeholderGroup? Group, bool Accredited) Person(string name)
    {
        var accredited = name.EndsWith("+acc", StringComparison.Ordinal);
        name = name.Replace("+acc", "");
        var roles = new HashSet<PlatformRole>();
        string? groupName = name;
        if (name.Contains('@'))
        {
            roles.Add(Enum.Parse<PlatformRole>(name[..name.IndexOf('@')], ignoreCase: true));
            groupName = name[(name.IndexOf('@') + 1)..];
        }
        else if (Enum.TryParse<PlatformRole>(name, ignoreCase: true, out var role))
        {
            roles.Add(role);
            groupName = null;
        }
        else
        {
            roles.Add(PlatformRole.Participant);
        }

        StakeholderGroup? group = groupName switch
        {
            null => null,
            "intergovernmental" => StakeholderGroup.IntergovernmentalOrganisation,
            "migrantOrDiaspora" => StakeholderGroup.MigrantOrDiasporaOrganisation,
            _ => Enum.Parse<StakeholderGroup>(groupName, ignoreCase: true),
        };
        return (roles, group, accredited);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void the_table_decides_each_act_for_each_kind_of_person(string person, AccessAct act, bool allowed)
    {
        var (roles, group, accredited) = Person(person);
        Assert.Equal(allowed, AccessRules.Allows(act, roles, group, accredited));

        var actor = new Actor(Guid.NewGuid(), person, group is null ? Guid.Empty : Guid.NewGuid(), person, group ?? default, roles);
        var problem = AccessRules.Check(actor, act, accredited);
        Assert.Equal(allowed, problem.IsNone());
        if (!allowed) Assert.Equal(403, problem.Status);
    }

    [Fact]
    public void the_table_covers_every_act_and_every_act_is_in_the_expected_table()
    {
        Assert.Equal(Enum.GetValues<AccessAct>().Order(), Acts.Order());
        foreach (var act in Enum.GetValues<AccessAct>())
            Assert.True(AccessRules.RolesFor(act).Count > 0 || AccessRules.GroupsFor(act).Count > 0, $"{act} has no rule");
    }

    [Fact]
    public void nobody_signed_in_is_a_401_problem()
    {
        var problem = AccessRules.Check(null, AccessAct.SubmitInput, accredited: true);
        Assert.Equal(401, problem.Status);
    }

    [Fact]
    public void a_delegate_of_an_unaccredited_organisation_is_told_so()
    {
        var problem = AccessRules.Check(Delegates.CivilSociety("Migrant Forum in Asia"), AccessAct.SubmitInput, accredited: false);
        Assert.Equal(403, problem.Status);
        Assert.Equal("https://consultation.dev/problems/not-accredited", problem.Type);
        Assert.Contains("Migrant Forum in Asia", problem.Detail);
    }

    [Fact]
    public void an_accredited_civil_society_delegate_is_refused_endorsing_because_of_the_group_not_the_accreditation()
    {
        var problem = AccessRules.Check(Delegates.CivilSociety(), AccessAct.Endorse, accredited: true);
        Assert.Equal("https://consultation.dev/problems/forbidden", problem.Type);
        Assert.Contains("member states", problem.Detail);
    }

    [Fact]
    public void someone_acting_for_no_organisation_is_asked_to_choose_one()
    {
        var nobody = new Actor(Guid.NewGuid(), "Someone", Guid.Empty, "", default, new HashSet<PlatformRole> { PlatformRole.Participant });
        var problem = AccessRules.Check(nobody, AccessAct.RequestAccreditation);
        Assert.Contains("acting-organisation", problem.Detail);
    }

    [Fact]
    public void only_endorsing_groups_endorse_and_every_group_submits()
    {
        Assert.Equal(
            [StakeholderGroup.MemberState, StakeholderGroup.ObserverState, StakeholderGroup.IntergovernmentalOrganisation],
            AccessRules.GroupsFor(AccessAct.Endorse).Order());
        Assert.Equal(Enum.GetValues<StakeholderGroup>(), AccessRules.GroupsFor(AccessAct.SubmitInput).Order());
        Assert.True(AccessRules.NeedsAccreditation(AccessAct.Endorse));
        Assert.False(AccessRules.NeedsAccreditation(AccessAct.RequestAccreditation));
        Assert.Equal([PlatformRole.Admin], AccessRules.RolesFor(AccessAct.CreateConsultation));
    }

    [Fact]
    public void the_scheme_names_are_identitys_own()
    {
        Assert.Equal(ConsultationPlatform.Infrastructure.Authentication.AuthenticationSchemes.Bearer, Microsoft.AspNetCore.Identity.IdentityConstants.BearerScheme);
        Assert.Equal(ConsultationPlatform.Infrastructure.Authentication.AuthenticationSchemes.Cookie, Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
        Assert.Equal(401, AccessRules.Check(null, AccessAct.Endorse).Status);
    }
}
