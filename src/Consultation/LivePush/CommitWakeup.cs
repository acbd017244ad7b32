using JasperFx.Events.Daemon.HighWater;
using Marten.Services;

namespace ConsultationPlatform.LivePush;

/// <summary>
/// Wakes Marten's async daemon (and so the live push) in-process the moment a session of this process commits
/// events: no database round trip, and, unlike LISTEN/NOTIFY, no global lock that serialises the commits of every
/// writer. Events committed by another process are still found by the daemon's polling. A signal that arrives while
/// the daemon is busy is kept, so it never waits out a polling interval with work pending.
/// </summary>
public sealed class CommitWakeup : DocumentSessionListenerBase, IDaemonWakeup
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.GetEvents().Any()) Signal();
        return Task.CompletedTask;
    }

    public void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the daemon will look once, which covers every commit so far.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken token) => await _signal.WaitAsync(timeout, token);

    public void Dispose()
    {
        // Nothing to release: the signal lives as long as the store.
    }
}
