using System.Data.Common;
using System.Runtime.CompilerServices;
using Hub.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Hub.Events;

/// <summary>
/// Wakes this instance's webhook dispatcher as soon as an event is committed, instead of at its next poll: a callback's
/// webhook leaves in milliseconds, not up to a poll interval later. Other instances still find the event at their poll.
/// </summary>
internal sealed class OutboxSignal
{
    private readonly SemaphoreSlim _pulse = new(0, 1);

    /// <summary>Something was committed to the outbox.</summary>
    public void Pulse()
    {
        try
        {
            _pulse.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled: one wake-up serves every event written meanwhile
        }
    }

    /// <summary>
    /// Waits for a pulse or <paramref name="poll"/> on <paramref name="clock"/>, whichever comes first; true when it was
    /// a pulse (and the poll not due).
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan poll, TimeProvider clock, CancellationToken ct)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pulse = _pulse.WaitAsync(either.Token);
        var timer = Task.Delay(poll, clock, either.Token);
        var first = await Task.WhenAny(pulse, timer);
        await either.CancelAsync();
        ct.ThrowIfCancellationRequested();
        return first == pulse && !timer.IsCompletedSuccessfully;
    }
}

/// <summary>
/// Pulses the <see cref="OutboxSignal"/> once a save that added events is durable: right after the save without a
/// transaction, at the commit within one (a woken dispatcher must find the rows).
/// </summary>
internal sealed class OutboxSignalInterceptor(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly object Marker = new();

    // Contexts whose save in progress adds events, and transactions holding events not committed yet. Weak: an
    // abandoned one is not kept alive.
    private readonly ConditionalWeakTable<DbContext, object> _saving = new();
    private readonly ConditionalWeakTable<DbTransaction, object> _pending = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (_pending.Remove(transaction))
        {
            signal.Pulse();
        }
    }

    private void Saving(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<EventRow>().Any(e => e.State == EntityState.Added))
        {
            _saving.AddOrUpdate(context, Marker);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_saving.Remove(context))
        {
            return;
        }

        if (context.Database.CurrentTransaction is { } tx)
        {
            _pending.AddOrUpdate(tx.GetDbTransaction(), Marker);
        }
        else
        {
            signal.Pulse();
        }
    }
}
