using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ConsultationPlatform.Hosting;

/// <summary>
/// A readiness check's read of the database, answered within a budget whatever the database does.
/// <para>When a read is cancelled, or its command timeout expires, Npgsql sends a cancel request to the server and
/// waits for it (connect and cancellation timeouts), synchronously, on the thread that cancels, which for
/// <c>CancelAfter</c> and for Npgsql's own timeouts is the runtime's timer. A frozen server then holds the timer for
/// seconds, and with it every <c>Task.Delay</c> of the process: a deadline made of one is late too (measured: the
/// first readiness answer on a frozen database took 4.9 s, later ones up to 3.3 s, with a budget of 0.8 s). So the
/// deadline here is kept by the thread pool's wait thread (<see cref="ThreadPool.RegisterWaitForSingleObject(WaitHandle, WaitOrTimerCallback, object?, TimeSpan, bool)"/>),
/// not by a timer, and the read's cancellation, past it, runs on a thread of its own that nobody waits for.</para>
/// </summary>
public static class BoundedRead
{
    public static async Task<HealthCheckResult> Within(TimeSpan budget, Func<CancellationToken, Task<HealthCheckResult>> read,
        string late, CancellationToken ct)
    {
        var cancel = new CancellationTokenSource();
        var reading = Task.Run(() => read(cancel.Token), CancellationToken.None);
        if (await Task.WhenAny(reading, Deadline(budget, ct)) == reading)
        {
            cancel.Dispose();
            return await reading;
        }

        _ = Task.Factory.StartNew(() =>
        {
            cancel.Cancel();
            return reading.ContinueWith(t => { _ = t.Exception; cancel.Dispose(); }, TaskScheduler.Default);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return HealthCheckResult.Unhealthy(late);
    }

    /// <summary>A task that completes after <paramref name="after"/>, or when <paramref name="ct"/> is cancelled, without the timer.</summary>
    public static Task Deadline(TimeSpan after, CancellationToken ct = default)
    {
        var passed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new ManualResetEvent(false);
        var wait = ThreadPool.RegisterWaitForSingleObject(never, (_, _) => passed.TrySetResult(), null, after, executeOnlyOnce: true);
        var aborted = ct.Register(() => passed.TrySetResult());
        _ = passed.Task.ContinueWith(_ =>
        {
            aborted.Dispose();
            wait.Unregister(null);
            never.Dispose();
        }, TaskScheduler.Default);
        return passed.Task;
    }

    /// <summary>Worker threads the pool keeps ready (<see cref="KeepThreadsForBlockedCancellations"/>).</summary>
    public const int MinWorkerThreads = 32;

    /// <summary>
    /// On a frozen database every timed-out or cancelled command holds a thread of the pool in Npgsql's synchronous
    /// cancel request for up to its connect timeout. On a 2-core machine the pool starts with 2 threads and adds about
    /// one a second when they are all blocked, so everything else (readiness included: 1.3 to 2.3 s measured) waited
    /// for those threads. A floor of <see cref="MinWorkerThreads"/> lets the pool hand out threads at once; they cost
    /// nothing while idle (measured with it: every readiness answer on a frozen database in 0.80 to 0.85 s).
    /// </summary>
    public static void KeepThreadsForBlockedCancellations()
    {
        ThreadPool.GetMinThreads(out var workers, out var completion);
        if (workers < MinWorkerThreads) ThreadPool.SetMinThreads(MinWorkerThreads, completion);
    }
}
