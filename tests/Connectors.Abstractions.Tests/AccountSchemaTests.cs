namespace Connectors.Abstractions.Tests;

public sealed class AccountSchemaTests
{
    private static readonly AccountSchema Schema = new()
    {
        Credentials =
        [
            new AccountField { Name = "apiKey", Description = "The API key" },
            new AccountField { Name = "webhookSecret", Description = "The webhook secret", Required = false },
        ],
        Settings =
        [
            new AccountField { Name = "targetEnvironment", Description = "Where", Default = "sandbox", AllowedValues = ["sandbox", "live"] },
            new AccountField { Name = "region", Description = "The region", AllowedValues = ["eu", "af"] },
            new AccountField { Name = "note", Description = "Free text", Required = false },
        ],
    };

    [Fact]
    public void Validate_Complete_NoErrors() =>
        Assert.Empty(Schema.Validate(Values(("apiKey", "k")), Values(("region", "af"))));

    [Fact]
    public void Validate_MissingRequired_EachNamedWithItsDescription()
    {
        var errors = Schema.Validate(Values(), Values());

        Assert.Equal(
            [
                new AccountValidationError("credentials.apiKey", "is required: The API key"),
                new AccountValidationError("settings.region", "is required: The region"),
            ],
            errors);
    }

    [Fact]
    public void Validate_WhitespaceIsMissing() =>
        Assert.Equal(["credentials.apiKey"], Schema.Validate(Values(("apiKey", "  ")), Values(("region", "eu"))).Select(e => e.Field));

    [Fact]
    public void Validate_RequiredWithDefault_MayBeAbsent() =>
        Assert.DoesNotContain(Schema.Validate(Values(("apiKey", "k")), Values(("region", "eu"))),
            e => e.Field == "settings.targetEnvironment");

    [Theory]
    [InlineData("targetEnvironment", "Sandbox")]
    [InlineData("targetEnvironment", "production")]
    [InlineData("region", "us")]
    public void Validate_OutsideAllowedValues_NamedWithTheList(string name, string value)
    {
        var settings = Values(("region", "eu"));
        settings[name] = value;

        var error = Assert.Single(Schema.Validate(Values(("apiKey", "k")), settings));

        Assert.Equal($"settings.{name}", error.Field);
        Assert.StartsWith("must be one of ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientCertificateRequired_MissingNamed()
    {
        var schema = Schema with { ClientCertificate = ClientCertificateUse.Required };

        var errors = schema.Validate(Values(("apiKey", "k")), Values(("region", "eu")));

        Assert.Equal(["credentials.clientCertificate"], errors.Select(e => e.Field));
        Assert.Empty(schema.Validate(Values(("apiKey", "k"), ("clientCertificate", "MIIK…")), Values(("region", "eu"))));
    }

    [Fact]
    public void Validate_ClientCertificateOptional_MayBeAbsent() =>
        Assert.Empty((Schema with { ClientCertificate = ClientCertificateUse.Optional })
            .Validate(Values(("apiKey", "k")), Values(("region", "eu"))));

    [Fact]
    public void Defaults_NoFieldsBaseUrlRequiredNoCertificate()
    {
        var empty = new AccountSchema();

        Assert.Empty(empty.Validate(Values(), Values()));
        Assert.True(empty.BaseUrlRequired);
        Assert.Equal(ClientCertificateUse.None, empty.ClientCertificate);
        Assert.True(new AccountField { Name = "x", Description = "x" }.Required);
    }

    private static Dictionary<string, string> Values(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);
}
