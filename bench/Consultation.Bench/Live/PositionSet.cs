using System.Numerics;

namespace ConsultationPlatform.Bench.Live;

/// <summary>
/// The positions a client received on one stream, as bits above a base (the store's last position before the
/// clients joined): a few kilobytes per client even for tens of thousands of changes. Not thread-safe.
/// </summary>
public sealed class PositionSet(long @base)
{
    private ulong[] _bits = new ulong[64];

    public long Base { get; } = @base;
    public int Count { get; private set; }
    public long Max { get; private set; } = @base;

    /// <summary>Adds a position; false when it was there already (a duplicate).</summary>
    public bool Add(long position)
    {
        if (position <= Base) throw new ArgumentOutOfRangeException(nameof(position), position, $"Positions start above {Base}.");
        var offset = position - Base - 1;
        var word = (int)(offset >> 6);
        if (word >= _bits.Length)
        {
            var size = _bits.Length;
            while (size <= word) size *= 2;
            Array.Resize(ref _bits, size);
        }

        var mask = 1UL << (int)(offset & 63);
        if ((_bits[word] & mask) != 0) return false;
        _bits[word] |= mask;
        Count++;
        if (position > Max) Max = position;
        return true;
    }

    public bool Contains(long position)
    {
        if (position <= Base) return false;
        var offset = position - Base - 1;
        var word = (int)(offset >> 6);
        return word < _bits.Length && (_bits[word] & (1UL << (int)(offset & 63))) != 0;
    }

    /// <summary>How many positions above <paramref name="after"/> the set holds.</summary>
    public int CountAbove(long after)
    {
        if (after <= Base) return Count;
        var offset = after - Base; // first position counted is after + 1, at bit offset (after - Base)
        var word = (int)(offset >> 6);
        if (word >= _bits.Length) return 0;
        var count = BitOperations.PopCount(_bits[word] & (ulong.MaxValue << (int)(offset & 63)));
        for (var w = word + 1; w < _bits.Length; w++) count += BitOperations.PopCount(_bits[w]);
        return count;
    }

    public IEnumerable<long> Positions()
    {
        for (var w = 0; w < _bits.Length; w++)
        {
            var bits = _bits[w];
            while (bits != 0)
            {
                var bit = BitOperations.TrailingZeroCount(bits);
                yield return Base + 1 + ((long)w << 6) + bit;
                bits &= bits - 1;
            }
        }
    }
}
