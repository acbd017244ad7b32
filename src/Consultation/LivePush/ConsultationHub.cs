using Microsoft.AspNetCore.SignalR;

namespace ConsultationPlatform.LivePush;

/// <summary>What the hub pushes to clients; a client registers handlers under these names.</summary>
public static class LiveMessages
{
    public const string BoardEntryChanged = "boardEntryChanged";
}

/// <summary>
/// The live hub. A client joins the group of a consultation and then receives each change to the views it may see.
/// </summary>
public sealed class ConsultationHub : Hub
{
    public const string Path = "/hubs/consultation";

    public static string ConsultationGroup(Guid consultationId) => $"consultation:{consultationId:N}";

    public Task JoinConsultation(Guid consultationId) =>
        Groups.AddToGroupAsync(Context.ConnectionId, ConsultationGroup(consultationId), Context.ConnectionAborted);

    public Task LeaveConsultation(Guid consultationId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, ConsultationGroup(consultationId), Context.ConnectionAborted);
}
