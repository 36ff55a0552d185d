namespace MlOps.Modules.Pipeline.Datasets.Reference;

/// <summary>
/// A uniform sample of at most <c>capacity</c> items from a stream of unknown length (Vitter's Algorithm R). The
/// seed is fixed so the same stream always yields the same sample; a stream no longer than the capacity is kept whole,
/// in order.
/// </summary>
internal sealed class Reservoir<T>(int capacity)
{
    private const int Seed = 20_240_611;

    private readonly List<T> _items = [];
    private readonly Random _random = new(Seed);
    private long _offered;

    public IReadOnlyList<T> Items => _items;

    public void Offer(T item)
    {
        _offered++;
        if (_items.Count < capacity)
        {
            _items.Add(item);
            return;
        }

        var slot = _random.NextInt64(_offered);
        if (slot < capacity) _items[(int)slot] = item;
    }
}
