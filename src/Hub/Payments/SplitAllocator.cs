using Hub.Persistence;

namespace Hub.Payments;

/// <summary>
/// How a refund comes out of a split payment's shares (API.md Splits): in proportion to each split, the remainder of
/// the rounding to the first split. Computed on what all refunds so far and this one take together, so that the shares
/// of every refund add up to exactly the refund, and refunding everything returns every split's amount exactly.
/// </summary>
internal static class SplitAllocator
{
    public static List<RefundSplit> Allocate(IReadOnlyList<PaymentSplit> splits, long paymentAmount, long refundedBefore, long refund)
    {
        if (splits.Count == 0)
        {
            return [];
        }

        var before = Cumulative(splits, paymentAmount, refundedBefore);
        var after = Cumulative(splits, paymentAmount, refundedBefore + refund);
        return [.. splits.Select((s, i) => new RefundSplit(s.MerchantId, after[i] - before[i]))];
    }

    /// <summary>Each split's share of the first <paramref name="refunded"/> units refunded.</summary>
    private static long[] Cumulative(IReadOnlyList<PaymentSplit> splits, long paymentAmount, long refunded)
    {
        var shares = new long[splits.Count];
        for (var i = 1; i < splits.Count; i++)
        {
            shares[i] = (long)(new System.Numerics.BigInteger(refunded) * splits[i].Amount / paymentAmount);
        }

        shares[0] = refunded - shares.Skip(1).Sum();
        // The first split takes the rounding; should it overflow its own amount (a tiny first split), the excess goes
        // to the next splits that still have room, in order.
        for (var i = 1; shares[0] > splits[0].Amount && i < splits.Count; i++)
        {
            var room = Math.Min(splits[i].Amount - shares[i], shares[0] - splits[0].Amount);
            shares[i] += room;
            shares[0] -= room;
        }

        return shares;
    }
}
