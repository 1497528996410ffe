namespace SmartLab.Agent.Internal;

/// <summary>A small thread-safe least-recently-used map with a fixed capacity.</summary>
sealed class LruCache<TKey, TValue>(int capacity)
    where TKey : notnull
{
    readonly Lock _gate = new();
    readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _map = [];
    readonly LinkedList<(TKey Key, TValue Value)> _order = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _map.Count;
            }
        }
    }

    /// <summary>Returns the cached value, or creates it with <paramref name="factory"/> (called under the lock, so it must be quick).</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> factory, out bool added)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                added = false;
                return node.Value.Value;
            }

            var value = factory(key);
            SetLocked(key, value);
            added = true;
            return value;
        }
    }

    public bool TryGet(TKey key, out TValue value)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                value = node.Value.Value;
                return true;
            }

            value = default!;
            return false;
        }
    }

    public bool Remove(TKey key)
    {
        lock (_gate)
        {
            if (!_map.Remove(key, out var node))
            {
                return false;
            }

            _order.Remove(node);
            return true;
        }
    }

    public void Set(TKey key, TValue value)
    {
        lock (_gate)
        {
            SetLocked(key, value);
        }
    }

    void SetLocked(TKey key, TValue value)
    {
        if (_map.Remove(key, out var existing))
        {
            _order.Remove(existing);
        }

        _map[key] = _order.AddFirst((key, value));
        while (_map.Count > capacity && _order.Last is { } oldest)
        {
            _order.RemoveLast();
            _map.Remove(oldest.Value.Key);
        }
    }
}
