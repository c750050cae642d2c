namespace Hub.Tenancy;

/// <summary>
/// Who is calling, for this request: set once by <see cref="ApiKeyAuthenticationHandler"/> and read by the database's query
/// filters. A scope with no merchant sees no merchant-owned row.
/// </summary>
internal sealed class MerchantScope
{
    public Guid? KeyId { get; private set; }

    public Guid? TenantId { get; private set; }

    /// <summary>The merchant acted for: the key's own, or the one a tenant key names in Hub-Merchant.</summary>
    public Guid? MerchantId { get; private set; }

    public bool Livemode { get; private set; }

    public bool IsTenantKey { get; private set; }

    /// <summary>Background work and operator commands that see every merchant.</summary>
    public bool IsSystem { get; private set; }

    public void SetCaller(Guid keyId, Guid tenantId, Guid? merchantId, bool livemode, bool isTenantKey)
    {
        KeyId = keyId;
        TenantId = tenantId;
        MerchantId = merchantId;
        Livemode = livemode;
        IsTenantKey = isTenantKey;
    }

    public void ActFor(Guid merchantId) => MerchantId = merchantId;

    public void SetSystem() => IsSystem = true;

    /// <summary>Acts as one merchant (operator commands, seeding).</summary>
    public void SetMerchant(Guid tenantId, Guid merchantId, bool livemode)
    {
        TenantId = tenantId;
        MerchantId = merchantId;
        Livemode = livemode;
        IsSystem = false;
    }
}
