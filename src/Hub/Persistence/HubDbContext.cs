using System.Text.Json;
using Connectors.Abstractions;
using Hub.Tenancy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hub.Persistence;

/// <summary>
/// The hub's database. Merchant-owned rows are filtered here, once, by the caller's <see cref="MerchantScope"/>:
/// an endpoint cannot forget a `where` and leak another merchant's payment. Background work that must see every
/// merchant uses a system scope, never IgnoreQueryFilters scattered around.
/// </summary>
internal sealed class HubDbContext(DbContextOptions<HubDbContext> options, MerchantScope scope)
    : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<Merchant> Merchants => Set<Merchant>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<OperatorKey> OperatorKeys => Set<OperatorKey>();

    public DbSet<ConnectorAccountRow> ConnectorAccounts => Set<ConnectorAccountRow>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<PaymentStatusChange> PaymentStatusChanges => Set<PaymentStatusChange>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<EventRow> Events => Set<EventRow>();

    /// <summary>Events not fanned out yet (filled by the events_enqueue trigger).</summary>
    public DbSet<EventQueueRow> EventQueue => Set<EventQueueRow>();

    public DbSet<WebhookEndpointRow> WebhookEndpoints => Set<WebhookEndpointRow>();

    public DbSet<WebhookDeliveryRow> WebhookDeliveries => Set<WebhookDeliveryRow>();

    public DbSet<CallbackRow> Callbacks => Set<CallbackRow>();

    public DbSet<ProcessedCallbackEvent> ProcessedCallbackEvents => Set<ProcessedCallbackEvent>();

    public DbSet<RefundRow> Refunds => Set<RefundRow>();

    public DbSet<AnomalyRow> Anomalies => Set<AnomalyRow>();

    public DbSet<PayoutRow> Payouts => Set<PayoutRow>();

    public DbSet<ChargebackRow> Chargebacks => Set<ChargebackRow>();

    public DbSet<Hub.Checkout.CheckoutSessionRow> CheckoutSessions => Set<Hub.Checkout.CheckoutSessionRow>();

    /// <summary>The most rows <see cref="SaveInsertsAsync"/> sends as one batch: far below the provider's batch size.</summary>
    internal const int MaxAtomicInserts = 100;

    /// <summary>
    /// Saves rows that are all new in one round trip and one commit. Npgsql sends EF's batch with a single Sync, and
    /// PostgreSQL runs everything before a Sync as one implicit transaction: every row is written, or none (a failing
    /// insert rolls back those before it). The explicit BEGIN … COMMIT that EF would add costs a round trip for
    /// nothing here. Only for inserts: an update's optimistic-concurrency miss is found after the batch ran, when an
    /// implicit transaction has already committed the rest, so anything else (or more rows than one batch holds) takes
    /// the ordinary transactional save.
    /// </summary>
    public async Task<int> SaveInsertsAsync(CancellationToken ct)
    {
        var changed = ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList();
        if (Database.CurrentTransaction is not null || changed.Count > MaxAtomicInserts || changed.Any(e => e.State != EntityState.Added))
        {
            return await SaveChangesAsync(ct);
        }

        var behavior = Database.AutoTransactionBehavior;
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        try
        {
            return await SaveChangesAsync(ct);
        }
        finally
        {
            Database.AutoTransactionBehavior = behavior;
        }
    }

    // Read by the query filters below; EF re-evaluates them per context instance.
    private bool ScopeIsSystem => scope.IsSystem;

    private Guid? ScopeTenantId => scope.TenantId;

    private Guid? ScopeMerchantId => scope.MerchantId;

    private bool ScopeLivemode => scope.Livemode;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Tenant>(e =>
        {
            e.ToTable("tenants");
            e.Property(t => t.Name).HasMaxLength(200);
        });

        modelBuilder.Entity<Merchant>(e =>
        {
            e.ToTable("merchants");
            e.Property(m => m.Name).HasMaxLength(200);
            e.HasIndex(m => m.TenantId);
            e.HasOne<Tenant>().WithMany().HasForeignKey(m => m.TenantId);
            e.HasQueryFilter(m => ScopeIsSystem || m.TenantId == ScopeTenantId);
        });

        modelBuilder.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.HasOne<Tenant>().WithMany().HasForeignKey(k => k.TenantId);
            e.HasOne<Merchant>().WithMany().HasForeignKey(k => k.MerchantId);
            e.Property(k => k.Description).HasMaxLength(200);
        });

        modelBuilder.Entity<OperatorKey>(e =>
        {
            e.ToTable("operator_keys");
            e.Property(k => k.Name).HasMaxLength(100);
        });

        modelBuilder.Entity<ConnectorAccountRow>(e =>
        {
            e.ToTable("connector_accounts");
            e.Property(a => a.Connector).HasMaxLength(40);
            e.Property(a => a.BaseUrl).HasMaxLength(500);
            Json(e.Property(a => a.CredentialHints));
            Json(e.Property(a => a.Settings));
            e.HasIndex(a => new { a.MerchantId, a.Connector });
            e.HasOne<Merchant>().WithMany().HasForeignKey(a => a.MerchantId);
            e.HasQueryFilter(a => ScopeIsSystem
                || (a.MerchantId == ScopeMerchantId && a.Livemode == ScopeLivemode && a.DeletedAt == null));
        });

        modelBuilder.Entity<Payment>(e =>
        {
            e.ToTable("payments");
            e.Property(p => p.Status).HasConversion(s => s.ToApiString(), s => ParseStatus(s)).HasMaxLength(20);
            e.Property(p => p.Method).HasConversion(m => m.ToApiString(), m => ParseMethod(m)).HasMaxLength(20);
            e.Property(p => p.Currency).HasMaxLength(3);
            e.Property(p => p.Provider).HasMaxLength(40);
            e.Property(p => p.ProviderReference).HasMaxLength(100);
            e.Property(p => p.ConnectorData).HasMaxLength(ConnectorDataLimits.MaxLength);
            e.Property(p => p.IdempotencyKey).HasMaxLength(255);
            e.Property(p => p.Version).IsRowVersion();
            Json(e.Property(p => p.Card));
            Json(e.Property(p => p.Failure));
            Json(e.Property(p => p.NextAction));
            Json(e.Property(p => p.Metadata));
            Json(e.Property(p => p.Attempts));
            Json(e.Property(p => p.MethodOptions));
            Json(e.Property(p => p.Splits));
            e.Property(p => p.TransactionReference).HasMaxLength(100);
            e.Property(p => p.Notes).HasMaxLength(1000);
            e.HasIndex(p => new { p.MerchantId, p.Livemode, p.TransactionReference }).IsUnique().HasFilter("transaction_reference IS NOT NULL");
            e.HasIndex(p => new { p.MerchantId, p.CreatedAt });
            e.HasIndex(p => new { p.MerchantId, p.Livemode, p.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
            e.HasIndex(p => new { p.Provider, p.ProviderReference }).IsUnique();
            e.HasIndex(p => new { p.MerchantId, p.ExternalId });
            e.HasIndex(p => p.Status);
            e.HasIndex(p => p.NextReconcileAt).HasFilter("next_reconcile_at IS NOT NULL");
            e.HasOne<Merchant>().WithMany().HasForeignKey(p => p.MerchantId);
            e.HasOne<ConnectorAccountRow>().WithMany().HasForeignKey(p => p.ConnectorAccountId);
            e.HasMany(p => p.StatusHistory).WithOne().HasForeignKey(h => h.PaymentId);
            e.HasQueryFilter(p => ScopeIsSystem || (p.MerchantId == ScopeMerchantId && p.Livemode == ScopeLivemode));
        });

        modelBuilder.Entity<PaymentStatusChange>(e =>
        {
            e.ToTable("payment_status_changes");
            e.Property(h => h.Status).HasConversion(s => s.ToApiString(), s => ParseStatus(s)).HasMaxLength(20);
            e.Property(h => h.Source).HasMaxLength(20);
            e.HasIndex(h => h.PaymentId);
        });

        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_records");
            e.HasKey(r => new { r.MerchantId, r.Livemode, r.Key });
            e.Property(r => r.Key).HasMaxLength(255);
            e.Property(r => r.Method).HasMaxLength(10);
            e.Property(r => r.Path).HasMaxLength(300);
            Json(e.Property(r => r.ResponseHeaders));
            e.HasIndex(r => r.ExpiresAt);
        });

        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");

        modelBuilder.Entity<EventRow>(e =>
        {
            e.ToTable("events");
            e.Property(v => v.Sequence).UseIdentityAlwaysColumn();
            e.HasAlternateKey(v => v.Sequence);
            e.Property(v => v.Type).HasMaxLength(60);
            e.Property(v => v.ObjectType).HasMaxLength(20);
            e.Property(v => v.Data).HasColumnType("jsonb");
            e.HasIndex(v => new { v.MerchantId, v.CreatedAt });
            e.HasIndex(v => v.ObjectId);
            e.HasQueryFilter(v => ScopeIsSystem || (v.MerchantId == ScopeMerchantId && v.Livemode == ScopeLivemode));
        });

        modelBuilder.Entity<EventQueueRow>(e =>
        {
            e.ToTable("event_queue");
            e.HasKey(v => v.Sequence);
            e.Property(v => v.Sequence).ValueGeneratedNever();
            e.HasIndex(v => v.ObjectId); // the claim's "no older event of the object still queued"
        });

        modelBuilder.Entity<WebhookEndpointRow>(e =>
        {
            e.ToTable("webhook_endpoints");
            e.Property(w => w.Url).HasMaxLength(2000);
            e.Property(w => w.Status).HasMaxLength(20);
            e.Property(w => w.Description).HasMaxLength(500);
            Json(e.Property(w => w.Events));
            e.HasIndex(w => w.MerchantId);
            e.HasOne<Merchant>().WithMany().HasForeignKey(w => w.MerchantId);
            e.HasQueryFilter(w => ScopeIsSystem
                || (w.MerchantId == ScopeMerchantId && w.Livemode == ScopeLivemode && w.DeletedAt == null));
        });

        modelBuilder.Entity<WebhookDeliveryRow>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.Property(d => d.Status).HasMaxLength(20);
            e.Property(d => d.LastError).HasMaxLength(500);
            e.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'pending'").HasDatabaseName("ix_webhook_deliveries_due");
            e.HasIndex(d => new { d.EndpointId, d.ObjectId, d.EventSequence });
            e.HasIndex(d => new { d.EventId, d.EndpointId }).IsUnique();
            e.HasOne<EventRow>().WithMany().HasForeignKey(d => d.EventId);
            e.HasOne<WebhookEndpointRow>().WithMany().HasForeignKey(d => d.EndpointId);
            e.HasQueryFilter(d => ScopeIsSystem || d.MerchantId == ScopeMerchantId);
        });

        modelBuilder.Entity<CallbackRow>(e =>
        {
            e.ToTable("callbacks");
            e.Property(c => c.Connector).HasMaxLength(40);
            e.Property(c => c.Method).HasMaxLength(10);
            e.Property(c => c.Path).HasMaxLength(500);
            e.Property(c => c.Verdict).HasMaxLength(40);
            e.Property(c => c.ProviderEventId).HasMaxLength(200);
            e.Property(c => c.ProviderReference).HasMaxLength(200);
            Json(e.Property(c => c.Headers));
            e.HasIndex(c => new { c.MerchantId, c.ReceivedAt });
            e.HasIndex(c => c.ReceivedAt);
        });

        modelBuilder.Entity<RefundRow>(e =>
        {
            e.ToTable("refunds");
            e.Property(r => r.Status).HasConversion(s => Hub.Refunds.TransferStatusNames.ToApiString(s), s => Hub.Refunds.TransferStatusNames.Parse(s)).HasMaxLength(20);
            e.Property(r => r.Currency).HasMaxLength(3);
            e.Property(r => r.Provider).HasMaxLength(40);
            e.Property(r => r.ProviderReference).HasMaxLength(100);
            e.Property(r => r.ProviderTransactionId).HasMaxLength(100);
            e.Property(r => r.ConnectorData).HasMaxLength(ConnectorDataLimits.MaxLength);
            e.Property(r => r.Reason).HasMaxLength(500);
            e.Property(r => r.Version).IsRowVersion();
            Json(e.Property(r => r.Failure));
            Json(e.Property(r => r.Splits));
            e.HasOne<Payment>().WithMany().HasForeignKey(r => r.PaymentId);
            e.HasIndex(r => new { r.MerchantId, r.CreatedAt });
            e.HasIndex(r => r.PaymentId);
            e.HasIndex(r => new { r.ConnectorAccountId, r.ProviderReference }).IsUnique();
            e.HasIndex(r => r.NextReconcileAt).HasFilter("next_reconcile_at IS NOT NULL");
            e.HasQueryFilter(r => ScopeIsSystem || (r.MerchantId == ScopeMerchantId && r.Livemode == ScopeLivemode));
        });

        modelBuilder.Entity<PayoutRow>(e =>
        {
            e.ToTable("payouts");
            e.Property(r => r.Status).HasConversion(s => Hub.Refunds.TransferStatusNames.ToApiString(s), s => Hub.Refunds.TransferStatusNames.Parse(s)).HasMaxLength(20);
            e.Property(r => r.Method).HasConversion(m => m.ToApiString(), m => ParseMethod(m)).HasMaxLength(20);
            e.Property(r => r.Currency).HasMaxLength(3);
            e.Property(r => r.Provider).HasMaxLength(40);
            e.Property(r => r.ConnectorVersion).HasMaxLength(40);
            e.Property(r => r.ProviderReference).HasMaxLength(100);
            e.Property(r => r.ProviderTransactionId).HasMaxLength(100);
            e.Property(r => r.ConnectorData).HasMaxLength(ConnectorDataLimits.MaxLength);
            e.Property(r => r.RecipientPhone).HasMaxLength(20);
            e.Property(r => r.RecipientPixKey).HasMaxLength(100);
            e.Property(r => r.RecipientName).HasMaxLength(200);
            e.Property(r => r.Description).HasMaxLength(500);
            e.Property(r => r.ExternalId).HasMaxLength(200);
            e.Property(r => r.IdempotencyKey).HasMaxLength(255);
            e.Property(r => r.SendState).HasMaxLength(20);
            e.Property(r => r.Version).IsRowVersion();
            Json(e.Property(r => r.Failure));
            Json(e.Property(r => r.Metadata));
            e.HasOne<Merchant>().WithMany().HasForeignKey(r => r.MerchantId);
            e.HasOne<ConnectorAccountRow>().WithMany().HasForeignKey(r => r.ConnectorAccountId);
            e.HasIndex(r => new { r.MerchantId, r.CreatedAt });
            e.HasIndex(r => new { r.MerchantId, r.Livemode, r.IdempotencyKey }).IsUnique();
            e.HasIndex(r => new { r.ConnectorAccountId, r.ProviderReference }).IsUnique();
            e.HasIndex(r => r.NextReconcileAt).HasFilter("next_reconcile_at IS NOT NULL");
            e.HasQueryFilter(r => ScopeIsSystem || (r.MerchantId == ScopeMerchantId && r.Livemode == ScopeLivemode));
        });

        modelBuilder.Entity<ChargebackRow>(e =>
        {
            e.ToTable("chargebacks");
            e.Property(c => c.Status).HasConversion(s => s.ToApiString(), s => ParseChargebackStatus(s)).HasMaxLength(20);
            e.Property(c => c.Provider).HasMaxLength(40);
            e.Property(c => c.ProviderReference).HasMaxLength(100);
            e.Property(c => c.Currency).HasMaxLength(3);
            e.Property(c => c.ProviderStatus).HasMaxLength(100);
            e.Property(c => c.ReasonCode).HasMaxLength(40);
            e.Property(c => c.Reason).HasMaxLength(500);
            e.Property(c => c.Evidence).HasMaxLength(10000);
            e.Property(c => c.Version).IsRowVersion();
            e.HasOne<Payment>().WithMany().HasForeignKey(c => c.PaymentId);
            e.HasIndex(c => new { c.PaymentId, c.ProviderReference }).IsUnique();
            e.HasIndex(c => new { c.MerchantId, c.CreatedAt });
            e.HasQueryFilter(c => ScopeIsSystem || (c.MerchantId == ScopeMerchantId && c.Livemode == ScopeLivemode));
        });

        modelBuilder.Entity<AnomalyRow>(e =>
        {
            e.ToTable("anomalies");
            e.Property(a => a.Kind).HasMaxLength(40);
            e.Property(a => a.PaymentStatus).HasMaxLength(20);
            e.Property(a => a.ReportedStatus).HasMaxLength(20);
            e.Property(a => a.Source).HasMaxLength(20);
            e.Property(a => a.Provider).HasMaxLength(40);
            e.Property(a => a.ProviderStatus).HasMaxLength(100);
            e.HasIndex(a => new { a.MerchantId, a.CreatedAt });
            e.HasIndex(a => a.PaymentId);
            e.HasOne<Merchant>().WithMany().HasForeignKey(a => a.MerchantId);
        });

        modelBuilder.Entity<Hub.Checkout.CheckoutSessionRow>(e =>
        {
            e.ToTable("checkout_sessions");
            e.Property(s => s.Status).HasMaxLength(20);
            e.Property(s => s.Currency).HasMaxLength(3);
            e.Property(s => s.ReturnUrl).HasMaxLength(2000);
            e.Property(s => s.Description).HasMaxLength(500);
            e.Property(s => s.ExternalId).HasMaxLength(255);
            e.Property(s => s.Version).IsRowVersion();
            Json(e.Property(s => s.Methods));
            Json(e.Property(s => s.Payer));
            e.HasOne<Merchant>().WithMany().HasForeignKey(s => s.MerchantId);
            e.HasOne<Payment>().WithMany().HasForeignKey(s => s.PaymentId);
            e.HasIndex(s => new { s.MerchantId, s.CreatedAt });
            e.HasQueryFilter(s => ScopeIsSystem || (s.MerchantId == ScopeMerchantId && s.Livemode == ScopeLivemode));
        });

        modelBuilder.Entity<ProcessedCallbackEvent>(e =>
        {
            e.ToTable("processed_callback_events");
            e.HasKey(p => new { p.ConnectorAccountId, p.ProviderEventId });
            e.Property(p => p.Connector).HasMaxLength(40);
            e.Property(p => p.ProviderEventId).HasMaxLength(200);
        });
    }

    private static PaymentStatus ParseStatus(string text) => PaymentStatusTransitions.TryParseApiString(text, out var s)
        ? s
        : throw new InvalidOperationException($"unknown stored status '{text}'");

    private static ChargebackStatus ParseChargebackStatus(string text) =>
        Enum.GetValues<ChargebackStatus>().FirstOrDefault(s => s.ToApiString() == text, (ChargebackStatus)(-1)) is var s && (int)s >= 0
            ? s
            : throw new InvalidOperationException($"unknown stored chargeback status '{text}'");

    private static PaymentMethod ParseMethod(string text) => PaymentMethodNames.TryParseApiString(text, out var m)
        ? m
        : throw new InvalidOperationException($"unknown stored method '{text}'");

    // jsonb columns through a string converter: explicit, and independent of Npgsql's dynamic-JSON switches.
    private static void Json<T>(PropertyBuilder<T> property)
    {
        property.HasConversion(
                v => JsonSerializer.Serialize(v, JsonOptions),
                v => JsonSerializer.Deserialize<T>(v, JsonOptions)!,
                new ValueComparer<T>(
                    (a, b) => JsonSerializer.Serialize(a, JsonOptions) == JsonSerializer.Serialize(b, JsonOptions),
                    v => JsonSerializer.Serialize(v, JsonOptions).GetHashCode(StringComparison.Ordinal),
                    v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonOptions), JsonOptions)!))
            .HasColumnType("jsonb");
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
