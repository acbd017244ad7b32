using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ConsultationPlatform.Tests.Accounts;

/// <summary>
/// Time-based one-time passwords as an authenticator app computes them (RFC 6238 over RFC 4226: HMAC-SHA1, 30-second
/// steps, 6 digits) from the base32 key the account page shows: written here from the RFCs, apart from Identity's own
/// (internal) implementation, so that the tests check the platform against the standard.
/// </summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset at) => Code(Base32Decode(base32Key), at.ToUnixTimeSeconds() / 30);

    public static string Code(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var binary = (hash[offset] & 0x7f) << 24 | hash[offset + 1] << 16 | hash[offset + 2] << 8 | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6");
    }

    /// <summary>RFC 4648 base32 (A–Z, 2–7), case, spaces and padding ignored.</summary>
    public static byte[] Base32Decode(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", "").TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            var value = alphabet.IndexOf(c);
            if (value < 0) throw new FormatException($"'{c}' is not a base32 character.");
            buffer = buffer << 5 | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return bytes.ToArray();
    }
}

public class TotpTests
{
    /// <summary>RFC 6238, appendix B (SHA-1, the 20-byte key "12345678901234567890"): the last 6 of the 8 digits given there.</summary>
    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    public void the_test_code_matches_the_rfc_6238_vectors(long unixTime, string expected)
    {
        var key = "12345678901234567890"u8.ToArray();
        Assert.Equal(expected, Totp.Code(key, unixTime / 30));
    }

    [Fact]
    public void base32_decodes_the_rfc_4648_vector() =>
        Assert.Equal("foobar"u8.ToArray(), Totp.Base32Decode("mzxw6ytboi======"));
}
