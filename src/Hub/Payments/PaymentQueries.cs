using System.Globalization;
using Connectors.Abstractions;
using Hub.Common;
using Hub.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hub.Payments;

/// <summary>Reads payments; the database filters already restrict every query to the caller's merchant and mode.</summary>
[ScopedService]
internal sealed class PaymentQueries(HubDbContext db)
{
    public async Task<Result<PaymentResponse>> GetAsync(string id, CancellationToken ct)
    {
        if (!PublicId.TryParse(PublicId.Payment, id, out var guid))
        {
            return ApiError.NotFound($"No payment {id}.");
        }

        var payment = await db.Payments.AsNoTracking().Include(p => p.StatusHistory).FirstOrDefaultAsync(p => p.Id == guid, ct);
        return payment is null ? ApiError.NotFound($"No payment {id}.") : PaymentResponses.ToResponse(payment);
    }

    public async Task<Result<Page<PaymentResponse>>> ListAsync(HttpRequest request, CancellationToken ct)
    {
        var page = PageRequest.From(request);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        IQueryable<Payment> query = db.Payments.AsNoTracking();

        var statusText = request.Query["status"].ToString();
        if (statusText.Length > 0)
        {
            var statuses = new List<PaymentStatus>();
            foreach (var word in statusText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (PaymentStatusTransitions.TryParseApiString(word, out var s))
                {
                    statuses.Add(s);
                }
                else
                {
                    errors["status"] = [$"'{word}' is not a payment status"];
                }
            }

            query = query.Where(p => statuses.Contains(p.Status));
        }

        var methodText = request.Query["method"].ToString();
        if (methodText.Length > 0)
        {
            if (PaymentMethodNames.TryParseApiString(methodText, out var method))
            {
                query = query.Where(p => p.Method == method);
            }
            else
            {
                errors["method"] = ["is not a payment method"];
            }
        }

        if (request.Query["provider"].ToString() is { Length: > 0 } provider)
        {
            query = query.Where(p => p.Provider == provider);
        }

        if (request.Query["externalId"].ToString() is { Length: > 0 } externalId)
        {
            query = query.Where(p => p.ExternalId == externalId);
        }

        var (gte, lte) = ListFilters.CreatedRange(request, errors);
        if (gte is { } from)
        {
            query = query.Where(p => p.CreatedAt >= from);
        }

        if (lte is { } to)
        {
            query = query.Where(p => p.CreatedAt <= to);
        }

        if (errors.Count > 0)
        {
            return ApiError.Validation(errors);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip(page.Value!.Skip).Take(page.Value.PageSize)
            .Include(p => p.StatusHistory).AsSplitQuery().ToListAsync(ct);
        return new Page<PaymentResponse>([.. rows.Select(PaymentResponses.ToResponse)], page.Value, total);
    }
}
