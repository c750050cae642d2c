using Hub.Common;
using Hub.Persistence;

namespace Hub.Tenancy;

/// <summary>Creates tenants, merchants and keys (operator commands, seeding, the tenant API).</summary>
[ScopedService]
internal sealed class TenantAdmin(HubDbContext db, TimeProvider clock)
{
    public async Task<Tenant> CreateTenantAsync(string name, CancellationToken ct)
    {
        var tenant = new Tenant { Id = PublicId.NewGuid(clock), Name = name, CreatedAt = clock.GetUtcNow() };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(ct);
        return tenant;
    }

    public async Task<Merchant> CreateMerchantAsync(Guid tenantId, string name, CancellationToken ct)
    {
        var merchant = new Merchant { Id = PublicId.NewGuid(clock), TenantId = tenantId, Name = name, CreatedAt = clock.GetUtcNow() };
        db.Merchants.Add(merchant);
        await db.SaveChangesAsync(ct);
        return merchant;
    }

    /// <summary>Creates a key and returns it composed ("key_….sk_test_…"): the only time the secret exists in clear.</summary>
    public async Task<string> CreateKeyAsync(Guid tenantId, Guid? merchantId, bool livemode, string? description, CancellationToken ct)
    {
        var secret = ApiKeySecrets.NewSecret(livemode);
        var key = new ApiKey
        {
            Id = PublicId.NewGuid(clock),
            TenantId = tenantId,
            MerchantId = merchantId,
            Livemode = livemode,
            SecretHash = ApiKeySecrets.Hash(secret),
            Description = description,
            CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return ApiKeySecrets.Compose(key.Id, secret);
    }
}
