namespace Connectors.Abstractions.Tests;

public sealed class PaymentStatusTransitionsTests
{
    // The API's words, written here by hand from API.md "Statuses" (not derived from the code under test).
    private static readonly Dictionary<string, PaymentStatus> Words = new(StringComparer.Ordinal)
    {
        ["created"] = PaymentStatus.Created,
        ["pending"] = PaymentStatus.Pending,
        ["processing"] = PaymentStatus.Processing,
        ["authorized"] = PaymentStatus.Authorized,
        ["under_review"] = PaymentStatus.UnderReview,
        ["paid"] = PaymentStatus.Paid,
        ["failed"] = PaymentStatus.Failed,
        ["canceled"] = PaymentStatus.Canceled,
        ["expired"] = PaymentStatus.Expired,
        ["refunded"] = PaymentStatus.Refunded,
        ["chargedback"] = PaymentStatus.Chargedback,
    };

    // API.md "Statuses", allowed moves, copied from its text. "created → any" is every other status: a repeat
    // (from == to) is never a move. The five final statuses allow nothing.
    private static readonly string[] AllowedMovesText =
    [
        "created → pending|processing|authorized|under_review|paid|failed|canceled|expired|refunded|chargedback",
        "pending → processing|authorized|under_review|paid|failed|canceled|expired",
        "processing → authorized|under_review|paid|failed|canceled|expired",
        "under_review → authorized|paid|failed|canceled",
        "authorized → paid|canceled|failed|expired",
        "paid → refunded|chargedback",
    ];

    private static readonly string[] FinalWords = ["failed", "canceled", "expired", "refunded", "chargedback"];

    private static readonly HashSet<(PaymentStatus From, PaymentStatus To)> ExpectedAllowed = ParseAllowedMoves();

    public static TheoryData<PaymentStatus, PaymentStatus, bool> AllPairs()
    {
        var data = new TheoryData<PaymentStatus, PaymentStatus, bool>();
        foreach (var from in Words.Values)
        {
            foreach (var to in Words.Values)
            {
                data.Add(from, to, ExpectedAllowed.Contains((from, to)));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void IsAllowed_EveryPair_MatchesApiTable(PaymentStatus from, PaymentStatus to, bool expected)
    {
        Assert.Equal(expected, PaymentStatusTransitions.IsAllowed(from, to));
    }

    [Fact]
    public void AllPairs_CoverEveryStatus_121PairsWith33Moves()
    {
        // Guards the table above: 11 statuses, every enum member named once, and the move count from API.md
        // (created 10, pending 7, processing 6, under_review 4, authorized 4, paid 2). Contract 2.0 closed two gaps: a
        // 3-D Secure card pending, and a card sale whose outcome was unknown, may settle as authorized or under review.
        Assert.Equal(Enum.GetValues<PaymentStatus>().Order(), Words.Values.Order());
        Assert.Equal(121, AllPairs().Count);
        Assert.Equal(33, ExpectedAllowed.Count);
    }

    [Theory]
    [InlineData(PaymentStatus.Pending, PaymentStatus.Authorized)]
    [InlineData(PaymentStatus.Pending, PaymentStatus.UnderReview)]
    [InlineData(PaymentStatus.Processing, PaymentStatus.Authorized)]
    [InlineData(PaymentStatus.Processing, PaymentStatus.UnderReview)]
    public void IsAllowed_TwoPointZeroMoves_Allowed(PaymentStatus from, PaymentStatus to)
    {
        // A 3-D Secure card is pending until the issuer answers; a timed-out card sale is processing until reconciled.
        Assert.True(PaymentStatusTransitions.IsAllowed(from, to));
        Assert.False(PaymentStatusTransitions.IsAllowed(to, from));
    }

    [Fact]
    public void IsAllowed_SameStatus_NeverAMove()
    {
        Assert.All(Enum.GetValues<PaymentStatus>(), status => Assert.False(PaymentStatusTransitions.IsAllowed(status, status)));
    }

    [Theory]
    [InlineData(PaymentStatus.Created, false)]
    [InlineData(PaymentStatus.Pending, false)]
    [InlineData(PaymentStatus.Processing, false)]
    [InlineData(PaymentStatus.Authorized, false)]
    [InlineData(PaymentStatus.UnderReview, false)]
    [InlineData(PaymentStatus.Paid, false)]
    [InlineData(PaymentStatus.Failed, true)]
    [InlineData(PaymentStatus.Canceled, true)]
    [InlineData(PaymentStatus.Expired, true)]
    [InlineData(PaymentStatus.Refunded, true)]
    [InlineData(PaymentStatus.Chargedback, true)]
    public void IsFinal_Status_MatchesApiFinalList(PaymentStatus status, bool expected)
    {
        Assert.Equal(expected, PaymentStatusTransitions.IsFinal(status));
        Assert.Equal(expected, FinalWords.Any(word => Words[word] == status));
    }

    [Fact]
    public void IsFinal_FinalStatus_AllowsNoMove()
    {
        foreach (var from in Enum.GetValues<PaymentStatus>())
        {
            var anyMove = Enum.GetValues<PaymentStatus>().Any(to => PaymentStatusTransitions.IsAllowed(from, to));
            Assert.Equal(!PaymentStatusTransitions.IsFinal(from), anyMove);
        }
    }

    [Theory]
    [InlineData("created")]
    [InlineData("pending")]
    [InlineData("processing")]
    [InlineData("authorized")]
    [InlineData("under_review")]
    [InlineData("paid")]
    [InlineData("failed")]
    [InlineData("canceled")]
    [InlineData("expired")]
    [InlineData("refunded")]
    [InlineData("chargedback")]
    public void ToApiString_EveryStatus_IsTheApiWordAndRoundTrips(string word)
    {
        var status = Words[word];

        Assert.Equal(word, status.ToApiString());
        Assert.True(PaymentStatusTransitions.TryParseApiString(word, out var parsed));
        Assert.Equal(status, parsed);
    }

    [Theory]
    [InlineData("UnderReview")]
    [InlineData("underreview")]
    [InlineData("under-review")]
    [InlineData("Under_Review")]
    [InlineData("PAID")]
    [InlineData(" paid")]
    [InlineData("cancelled")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParseApiString_NotAnApiWord_Refused(string? text)
    {
        Assert.False(PaymentStatusTransitions.TryParseApiString(text, out _));
    }

    private static HashSet<(PaymentStatus, PaymentStatus)> ParseAllowedMoves()
    {
        var allowed = new HashSet<(PaymentStatus, PaymentStatus)>();
        foreach (var line in AllowedMovesText)
        {
            var sides = line.Split('→', StringSplitOptions.TrimEntries);
            foreach (var to in sides[1].Split('|'))
            {
                allowed.Add((Words[sides[0]], Words[to]));
            }
        }

        return allowed;
    }
}
