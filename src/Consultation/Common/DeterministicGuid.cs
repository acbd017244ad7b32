using System.Security.Cryptography;
using System.Text;

namespace ConsultationPlatform.Common;

/// <summary>
/// Name-based UUIDs (RFC 9562, version 5): the same name always gives the same id. Used where identity
/// follows from the domain (one endorsement stream per stakeholder and action point; a seeded consultation
/// per seed slug), so that a retry or a second node lands on the same stream instead of a new one.
/// </summary>
public static class DeterministicGuid
{
    public static Guid Create(Guid namespaceId, string name)
    {
        Span<byte> namespaceBytes = stackalloc byte[16];
        namespaceId.TryWriteBytes(namespaceBytes, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        namespaceBytes.CopyTo(input);
        nameBytes.CopyTo(input, 16);

        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(bytes, bigEndian: true);
    }

    public static Guid Create(Guid namespaceId, params object[] parts) =>
        Create(namespaceId, string.Join('/', parts.Select(p => p.ToString())));
}
