using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace ConsultationPlatform.Bench.Live;

/// <summary>How many pushed messages ("changes") the clients parsed, and their bytes on the wire.</summary>
public sealed class PushTraffic
{
    private long _messages;
    private long _bytes;

    public long Messages => Interlocked.Read(ref _messages);
    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(long bytes)
    {
        Interlocked.Increment(ref _messages);
        Interlocked.Add(ref _bytes, bytes);
    }
}

/// <summary>The JSON hub protocol, counting the size of each pushed message as the client parses it.</summary>
public sealed class CountingProtocol(IHubProtocol inner, PushTraffic traffic, string target) : IHubProtocol
{
    public string Name => inner.Name;
    public int Version => inner.Version;
    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var before = input.Length;
        var parsed = inner.TryParseMessage(ref input, binder, out message);
        if (parsed && message is InvocationMessage invocation && invocation.Target == target) traffic.Add(before - input.Length);
        return parsed;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);
}
