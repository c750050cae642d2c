using Hub.Callbacks;

namespace Hub.Tests.Callbacks;

public sealed class CallbackRedactorTests
{
    [Fact]
    public void AHeaderWithANul_IsKeptSpelledOut_SinceJsonbHoldsNoU0000()
    {
        // Found by the fuzzer: a Content-Type of application/json; charset="\0" made storing the callback a 500.
        var headers = CallbackRedactor.Headers([KeyValuePair.Create("Content-Type", "application/json; charset=\"\0\"")]);

        Assert.Equal("application/json; charset=\"\\u0000\"", headers["Content-Type"]);
    }
}
