using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Hub.Tests.Infrastructure;
using Hub.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hub.Tests.Safety;

/// <summary>
/// Issue 10, "Prove it": after a run through payments (an MTN one with a full phone number, a card one with a full card
/// number and CVC through the card simulator), callbacks, webhooks and connector accounts, every text of every row of
/// every table, and every log line, is searched for API key secrets, whsec_ secrets, connector credentials, the card
/// number and the CVC; the logs for full phone numbers. None may be there.
/// </summary>
[Collection(HubCollection.Name)]
public sealed partial class SecretLeakTests(HubFixture hub)
{
    private const string Phone = "+237 6 77 88 99 01";

    // InfraPSP's Amex test card (its CVC is four digits, rarer in a dump than three).
    private const string CardNumber = "371341553758128";
    private const string Cvc = "1234";

    [Fact]
    public async Task TheDatabaseAndTheLogs_HoldNoSecretAndNoFullPhoneNumber()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = hub.Client(hub.MerchantA1Key);
        var endpoint = await client.PostAsJsonAsync("/v1/webhook-endpoints", new { url = receiver.Url, events = new[] { "payment.*" } });
        var endpointJson = System.Text.Json.Nodes.JsonNode.Parse(await endpoint.Content.ReadAsStringAsync())!;
        var whsec = endpointJson["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", whsec, StringComparison.Ordinal);
        var credentials = HubFixture.NewMtnCredentials();
        await hub.CreateMtnAccountAsync(hub.MerchantA2Key, credentials);

        var card = await PayByCardAsync();
        var payment = await client.CreatePaymentAsync(Api.MtnPayment(6300, phone: Phone), Api.NewKey());
        var id = payment.Json["id"]!.GetValue<string>();
        hub.SimulatorClock.Advance(TimeSpan.FromSeconds(10)); // MTN settles it and calls back
        await client.SendAsync(HttpMethod.Post, $"/v1/payments/{id}/sync");
        var dispatcher = hub.App.Services.GetRequiredService<Hub.Webhooks.WebhookDispatcher>();
        for (var i = 0; i < 50 && receiver.Received.Count == 0; i++)
        {
            await dispatcher.RunOnceAsync(CancellationToken.None);
            await Task.Delay(100);
        }

        Assert.NotEmpty(receiver.Received);
        var secrets = new List<string> { whsec, whsec["whsec_".Length..] };
        foreach (var key in new[] { hub.MerchantA1Key, hub.MerchantA2Key, hub.MerchantB1Key, hub.TenantAKey })
        {
            secrets.Add(key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..]);
        }

        secrets.AddRange(hub.MtnCredentialsA1.Values);
        secrets.AddRange(credentials.Values);
        secrets.AddRange(card.Credentials.Values);
        secrets.Add(CardNumber);

        var dump = await DumpAsync();
        var logs = string.Join("\n", hub.App.Logs.Lines);
        Assert.True(dump.Length > 10_000, "the dump is suspiciously small");
        foreach (var secret in secrets)
        {
            Assert.False(dump.Contains(secret, StringComparison.Ordinal), $"a secret ({secret[..4]}…) is in the database");
            Assert.False(logs.Contains(secret, StringComparison.Ordinal), $"a secret ({secret[..4]}…) is in the logs");
        }

        Assert.DoesNotContain("whsec_", dump, StringComparison.Ordinal);
        Assert.True(card.SimulatorSawTheCard, "the card simulator never received the card: the test proves nothing");
        foreach (var text in new[] { dump, logs })
        {
            Assert.DoesNotMatch(CvcField(), text);
            Assert.DoesNotContain(CardNumber[6..], text, StringComparison.Ordinal); // no unmasked tail beyond the last 4
        }

        var digits = Digits().Replace(Phone, "");
        Assert.DoesNotContain(digits, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(digits[3..], logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Phone, logs, StringComparison.Ordinal);
    }

    /// <summary>
    /// A card payment on a card account of its own (a new merchant, so the shared fixture's merchants are untouched):
    /// the card simulator in process, the hub's card plug-in, a full number and CVC in the request.
    /// </summary>
    private async Task<(Dictionary<string, string> Credentials, bool SimulatorSawTheCard)> PayByCardAsync()
    {
        using var simulator = Simulators.Card.CardSimulator.Start(new Simulators.Card.CardSimulatorOptions { Port = 0 });
        var (_, key) = await hub.NewMerchantAsync("Card shop");
        using var client = hub.Client(key);
        var credentials = new Dictionary<string, string>
        {
            ["merchantId"] = Guid.NewGuid().ToString(),
            ["merchantKey"] = "CARDKEY" + (Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")).ToUpperInvariant()[..33],
        };
        var account = await client.PostAsJsonAsync("/v1/connector-accounts",
            new { connector = "card", environment = "sandbox", baseUrl = simulator.Url, credentials });
        Assert.True(account.IsSuccessStatusCode, await account.Content.ReadAsStringAsync());
        var body = $$"""
            {"amount":1000,"currency":"BRL","method":"card","payer":{"name":"Ada N.","documentNumber":"12345678909"},
             "card":{"number":"{{CardNumber}}","expMonth":1,"expYear":2035,"cvc":"{{Cvc}}","holderName":"ADA N"},"capture":true}
            """;
        var created = await client.CreatePaymentAsync(body, Api.NewKey());
        Assert.True((int)created.Status < 500, created.Body);
        Assert.DoesNotContain(CardNumber, created.Body, StringComparison.Ordinal);
        return (credentials, simulator.Transactions.Count > 0);
    }

    /// <summary>The CVC as a value of any field a CVC could be stored under, quoted or not.</summary>
    [GeneratedRegex(@"(?i)(cvc|cvv|securityCode)\W{0,4}" + Cvc)]
    private static partial Regex CvcField();

    /// <summary>Every row of every table as text (bytea bodies decoded), like a grep of a pg_dump.</summary>
    private async Task<string> DumpAsync()
    {
        await using var connection = new NpgsqlConnection(hub.Database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
            }
        }

        await using (var bodies = new NpgsqlCommand(
            "SELECT convert_from(response_body, 'UTF8') FROM idempotency_records WHERE response_body IS NOT NULL", connection))
        await using (var reader = await bodies.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
            }
        }

        return text.ToString();
    }

    [GeneratedRegex("[^0-9]")]
    private static partial Regex Digits();
}
