using Hub.Payments;
using Hub.Persistence;

namespace Hub.Tests;

public sealed class SplitAllocatorTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid();

    [Fact]
    public void ARefund_IsSharedInProportion_TheRoundingToTheFirstSplit()
    {
        var splits = new[] { new PaymentSplit(A, 500, false), new PaymentSplit(B, 300, false), new PaymentSplit(C, 200, false) };

        var shares = SplitAllocator.Allocate(splits, 1000, 0, 333);

        Assert.Equal([168L, 99L, 66L], shares.Select(s => s.Amount)); // 99.9 → 99, 66.6 → 66, the rest (168, not 166.5) to A
        Assert.Equal(333, shares.Sum(s => s.Amount));
    }

    [Fact]
    public void ManySmallRefunds_ReturnEverySplitExactly_AndNeverMoreThanItsShare()
    {
        var splits = new[] { new PaymentSplit(A, 1, false), new PaymentSplit(B, 999, false) };
        var taken = new long[2];
        for (var refunded = 0L; refunded < 1000; refunded += 7)
        {
            var refund = Math.Min(7, 1000 - refunded);
            var shares = SplitAllocator.Allocate(splits, 1000, refunded, refund);
            Assert.Equal(refund, shares.Sum(s => s.Amount));
            taken[0] += shares[0].Amount;
            taken[1] += shares[1].Amount;
            Assert.True(taken[0] <= 1 && taken[1] <= 999, $"after {refunded + refund}: {taken[0]}/{taken[1]}");
        }

        Assert.Equal([1L, 999L], taken);
    }
}
