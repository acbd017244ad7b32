using System.ComponentModel.DataAnnotations;

namespace ConsultationPlatform.LivePush;

/// <summary>
/// The <c>LivePush</c> settings, validated when the app starts (<see cref="SettingsValidation"/>). Overload: more than
/// <see cref="OverloadQueue"/> work items waiting for the thread pool (1 when the machine keeps up, 20 to 160 when the
/// writes and the screens want more than the cores can give); the pages then gather for
/// <see cref="OverloadWindowMs"/> (0: never) and go out as one. Measured in docs/benchmarks.md.
/// </summary>
public sealed class LivePushOptions
{
    public const string Section = "LivePush";

    [Range(0, 10_000, ErrorMessage = "LivePush:OverloadWindowMs is how long pages gather under overload, in milliseconds: from 0 (never) to 10000.")]
    public int OverloadWindowMs { get; set; } = 100;

    [Range(-1, int.MaxValue, ErrorMessage = "LivePush:OverloadQueue is the number of waiting work items that means overload: 0 or more (-1: always).")]
    public int OverloadQueue { get; set; } = 16;
}
