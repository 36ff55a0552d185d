using System.Buffers.Binary;
using MlOps.Modules.Experiments.Contracts;

namespace MlOps.Modules.Experiments.Data;

/// <summary>Packs metric points as little-endian (step, Unix-millisecond timestamp, value) triples of 24 bytes.</summary>
internal static class MetricPoints
{
    private const int Size = 24;

    public static byte[] Pack(IReadOnlyList<(long Step, long Timestamp, double Value)> points)
    {
        var bytes = new byte[points.Count * Size];
        for (var i = 0; i < points.Count; i++)
        {
            var slot = bytes.AsSpan(i * Size, Size);
            BinaryPrimitives.WriteInt64LittleEndian(slot, points[i].Step);
            BinaryPrimitives.WriteInt64LittleEndian(slot[8..], points[i].Timestamp);
            BinaryPrimitives.WriteDoubleLittleEndian(slot[16..], points[i].Value);
        }

        return bytes;
    }

    public static IEnumerable<(long Step, long Timestamp, double Value)> Unpack(byte[] bytes)
    {
        for (var offset = 0; offset + Size <= bytes.Length; offset += Size)
        {
            yield return (BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset)),
                BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset + 8)),
                BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(offset + 16)));
        }
    }

    /// <summary>Every point in step order, then time; the very same point logged twice counts once, as in MLflow.</summary>
    public static IReadOnlyList<MetricPoint> History(IEnumerable<byte[]> chunks) =>
        chunks.SelectMany(Unpack)
            .Distinct()
            .OrderBy(p => p.Step).ThenBy(p => p.Timestamp)
            .Select(p => new MetricPoint(p.Value, p.Step, Tracking.UnixTime.FromMilliseconds(p.Timestamp)))
            .ToList();
}
