using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Connectors.Abstractions;

namespace Connectors.Airtel.Tests;

/// <summary>Phones, amounts, bodies as Airtel spells them, the encrypted PIN, and the account's checks.</summary>
public sealed class MappingTests
{
    [Theory]
    [InlineData("+250733123456", "733123456")]
    [InlineData("+250721234567", "721234567")]
    [InlineData("+250788123456", "788123456")]
    [InlineData("+237671234567", null)]
    [InlineData("+25073312345", null)]
    [InlineData("+250633123456", null)]
    [InlineData("250733123456", null)]
    [InlineData(null, null)]
    public void Msisdn_HasNoCountryCode(string? e164, string? expected) => Assert.Equal(expected, AirtelMapping.ToMsisdn(e164));

    /// <summary>§5.1's collection body: the amount a number in major units, keys as Airtel spells them, in its order.</summary>
    [Fact]
    public void Collection_BodyAsPublished()
    {
        var options = AirtelOptions.From(TestSupport.Account(new Uri("http://127.0.0.1:9")));
        var body = AirtelMapping.ToCollection(TestSupport.Payment(5000), options, "733123456");

        Assert.Equal(
            """{"reference":"Order 123","subscriber":{"country":"RW","currency":"RWF","msisdn":"733123456"},"transaction":{"amount":5000,"country":"RW","currency":"RWF","id":"pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C"}}""",
            JsonSerializer.Serialize(body, AirtelJsonContext.Default.AirtelCollectionRequest));
    }

    [Fact]
    public void Collection_WithoutDescription_ReferenceIsThePaymentId()
    {
        var options = AirtelOptions.From(TestSupport.Account(new Uri("http://127.0.0.1:9")));

        Assert.Equal("pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C",
            AirtelMapping.ToCollection(TestSupport.Payment(description: null), options, "733123456").Reference);
    }

    [Fact]
    public void Refund_BodyAsPublished() => Assert.Equal(
        """{"transaction":{"airtel_money_id":"CI210104.1549.C00029"}}""",
        JsonSerializer.Serialize(new AirtelRefundRequest(new AirtelRefundTransaction("CI210104.1549.C00029")),
            AirtelJsonContext.Default.AirtelRefundRequest));

    [Fact]
    public void Disbursement_BodyAsPublished_AndNeverPrintsThePin()
    {
        var body = new AirtelDisbursementRequest(new AirtelPayee("733123456"), "Payout", "cGlu", new AirtelDisbursementTransaction(500, "po_1"));

        Assert.Equal("""{"payee":{"msisdn":"733123456"},"reference":"Payout","pin":"cGlu","transaction":{"amount":500,"id":"po_1"}}""",
            JsonSerializer.Serialize(body, AirtelJsonContext.Default.AirtelDisbursementRequest));
        Assert.DoesNotContain("cGlu", body.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The PIN goes RSA-encrypted with the account's key: the key's owner reads it back.</summary>
    [Fact]
    public void Pin_EncryptedWithThePublicKey()
    {
        using var rsa = RSA.Create(2048);
        var publicKey = Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());

        var encoded = AirtelPin.Encode("1234", publicKey);
        var pem = AirtelPin.Encode("1234", rsa.ExportSubjectPublicKeyInfoPem());

        Assert.Equal("1234", Encoding.UTF8.GetString(rsa.Decrypt(Convert.FromBase64String(encoded), RSAEncryptionPadding.Pkcs1)));
        Assert.Equal("1234", Encoding.UTF8.GetString(rsa.Decrypt(Convert.FromBase64String(pem), RSAEncryptionPadding.Pkcs1)));
        Assert.NotEqual(encoded, AirtelPin.Encode("1234", publicKey)); // PKCS#1 v1.5 pads at random
        Assert.True(AirtelPin.IsValidKey(AirtelOptions.ExamplePinPublicKey));
    }

    [Fact]
    public void Pin_WithoutKey_IsBase64OfThePin() => Assert.Equal("MTIzNA==", AirtelPin.Encode("1234", null));

    [Fact]
    public void Options_ExamplesValidate()
    {
        var account = TestSupport.Account(new Uri("http://127.0.0.1:9"));

        Assert.Empty(AirtelOptions.Schema.Validate(account.Credentials, account.Settings));
        Assert.Empty(AirtelOptions.Validate(account));
        Assert.DoesNotContain(TestSupport.ClientSecret, AirtelOptions.From(account).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("settings.country", "country", "UG")]
    [InlineData("settings.currency", "currency", "UGX")]
    [InlineData("settings.collectionApiVersion", "collectionApiVersion", "v3")]
    public void Options_ValueOutsideAllowed_IsNamed(string field, string name, string value)
    {
        var account = TestSupport.Account(new Uri("http://127.0.0.1:9"), settings: new Dictionary<string, string> { [name] = value });

        Assert.Contains(AirtelOptions.Schema.Validate(account.Credentials, account.Settings), e => e.Field == field);
    }

    [Fact]
    public void Options_BadPinOrKey_AndLivePinWithoutKey_AreNamed()
    {
        var badKey = TestSupport.Account(new Uri("http://127.0.0.1:9"), pin: "12a4",
            settings: new Dictionary<string, string> { ["pinEncryptionPublicKey"] = "not a key" });
        var live = TestSupport.Account(new Uri("http://127.0.0.1:9"), settings: new Dictionary<string, string>(),
            environment: ConnectorEnvironment.Live);

        Assert.Equal(["credentials.disbursementPin", "settings.pinEncryptionPublicKey"],
            AirtelOptions.Validate(badKey).Select(e => e.Field));
        Assert.Equal("settings.pinEncryptionPublicKey", Assert.Single(AirtelOptions.Validate(live)).Field);
    }

    [Fact]
    public void AccountCurrencies_AreTheAccountsCurrency() =>
        Assert.Equal(["RWF"], new AirtelConnector().AccountCurrencies(TestSupport.Account(new Uri("http://127.0.0.1:9"))));

    [Fact]
    public void Descriptor_RefundsFullOnly_NoCancelNoCapture()
    {
        var descriptor = new AirtelConnector().Descriptor;

        Assert.True(descriptor.Has(ConnectorCapabilities.Refund));
        Assert.False(descriptor.Has(ConnectorCapabilities.PartialRefund));
        Assert.False(descriptor.Has(ConnectorCapabilities.Cancel));
        Assert.False(descriptor.Has(ConnectorCapabilities.Capture));
        Assert.True(descriptor.Has(ConnectorCapabilities.Payout | ConnectorCapabilities.AccountHolder));
        Assert.Equal(["25072", "25073"], descriptor.PhonePrefixes);
    }
}
