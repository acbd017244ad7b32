using ConsultationPlatform.Consultations;
using ConsultationPlatform.Replies;
using ConsultationPlatform.Submissions;

namespace ConsultationPlatform.Web;

/// <summary>
/// A page that shows published inputs with their flag forms and reply threads (an action point's page; the page of the
/// inputs on the whole dialogue): what the shared partials <c>_InputList</c> and <c>_Replies</c> read of it. The page's
/// handlers send the acts (FlagInput, ReplyToInput, ModerateReply); the partials only draw.
/// </summary>
public interface IDiscussionPage
{
    Actor? Actor { get; }

    /// <summary>The consultation the page is of (its moderators and co-chairs moderate the replies).</summary>
    Consultation? Consultation { get; }
    IReadOnlyList<SubmissionView> Inputs { get; }

    /// <summary>The replies the reader may see, by the input or amendment they answer.</summary>
    ILookup<Guid, ReplyView> Threads { get; }

    /// <summary>What the last form did and the item it acted on, said once after the redirect.</summary>
    string? Done { get; }
    Guid? Item { get; }

    ProblemDetails? Problem { get; }

    /// <summary>What was typed in the refused form, given back.</summary>
    string? FlagReason { get; }
    string? ReplyBody { get; }
    string? ReplyLanguage { get; }

    /// <summary>Whether the refused form's problem belongs at this place of the page (an input, a thread).</summary>
    bool ProblemIn(string place);

    /// <summary>Whether the reader has flagged this input already (a person flags an input once).</summary>
    bool HasFlagged(Guid inputId);

    /// <summary>Whether the consultation's phase allows the act: only forms that can succeed are offered.</summary>
    bool Allows(ConsultationAct act);
}
