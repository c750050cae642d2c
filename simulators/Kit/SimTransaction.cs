namespace Simulators.Kit;

/// <summary>
/// What the kit needs of a simulator's transaction record: its reference, when its outcome applies and how its
/// callbacks go out. The simulator derives its own record (wire fields, outcome) from it; records are mutable and
/// guarded by the simulator's <c>Gate</c>.
/// </summary>
public abstract class SimTransaction
{
    /// <summary>The provider reference the control API addresses it by (<c>/__sim/transactions/{ref}</c>).</summary>
    public required string Reference { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the outcome takes effect, on the simulator clock: t0 + delay, or t0 in <see cref="CallbackMode.Early"/>.</summary>
    public required DateTimeOffset FinalAt { get; init; }

    public CallbackMode CallbackMode { get; init; }

    /// <summary>How long after the outcome a <see cref="CallbackMode.Late"/> callback comes.</summary>
    public TimeSpan LateBy { get; init; }

    /// <summary>Completes once the creation reply has gone out, so no callback overtakes it.</summary>
    public TaskCompletionSource ReplySent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set once the final callback is sent (or superseded by a hand resolution).</summary>
    public bool FinalNotified { get; set; }

    /// <summary>Cancelled by a reset: the callbacks still scheduled for this record never go out.</summary>
    internal CancellationToken Epoch { get; set; }
}

/// <summary>The transactions a simulator accepted, oldest first, by reference (case-insensitive).</summary>
public sealed class TransactionStore<TRecord>
    where TRecord : SimTransaction
{
    private readonly Lock _gate;
    private readonly Func<CancellationToken> _epoch;
    private readonly List<TRecord> _list = [];
    private readonly Dictionary<string, TRecord> _byReference = new(StringComparer.OrdinalIgnoreCase);

    internal TransactionStore(Lock gate, Func<CancellationToken> epoch)
    {
        _gate = gate;
        _epoch = epoch;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _list.Count;
            }
        }
    }

    /// <summary>Every record, oldest first (a copy).</summary>
    public IReadOnlyList<TRecord> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _list];
            }
        }
    }

    public bool Contains(string reference)
    {
        lock (_gate)
        {
            return _byReference.ContainsKey(reference);
        }
    }

    public bool TryGet(string reference, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TRecord? record)
    {
        lock (_gate)
        {
            return _byReference.TryGetValue(reference, out record);
        }
    }

    /// <summary>Stores a record; false if its reference is taken (the provider's duplicate answer is the simulator's).</summary>
    public bool TryAdd(TRecord record)
    {
        lock (_gate)
        {
            if (!_byReference.TryAdd(record.Reference, record))
            {
                return false;
            }

            record.Epoch = _epoch();
            _list.Add(record);
            return true;
        }
    }

    internal void Clear()
    {
        lock (_gate)
        {
            _list.Clear();
            _byReference.Clear();
        }
    }
}
