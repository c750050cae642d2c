using System.Net;
using Hub.Webhooks;

namespace Hub.Tests.Webhooks;

public sealed class WebhookAddressPolicyTests
{
    [Theory]
    // address, refused in production, refused in development
    [InlineData("93.184.215.14", false, false)]
    [InlineData("8.8.8.8", false, false)]
    [InlineData("2606:4700:4700::1111", false, false)]
    [InlineData("127.0.0.1", true, false)]
    [InlineData("127.8.9.10", true, false)]
    [InlineData("::1", true, false)]
    [InlineData("10.0.0.1", true, false)]
    [InlineData("10.255.255.255", true, false)]
    [InlineData("172.16.0.1", true, false)]
    [InlineData("172.31.255.254", true, false)]
    [InlineData("172.15.255.255", false, false)]
    [InlineData("172.32.0.1", false, false)]
    [InlineData("192.168.1.1", true, false)]
    [InlineData("192.169.0.1", false, false)]
    [InlineData("169.254.1.1", true, false)]
    [InlineData("fe80::1", true, false)]
    [InlineData("100.64.0.1", true, false)]
    [InlineData("100.127.255.255", true, false)]
    [InlineData("100.128.0.1", false, false)]
    [InlineData("fc00::1", true, false)]
    [InlineData("fd12:3456::1", true, false)]
    [InlineData("::ffff:10.0.0.1", true, false)]
    [InlineData("::ffff:8.8.8.8", false, false)]
    [InlineData("64:ff9b::a00:1", true, false)]
    [InlineData("2002:c0a8:0101::1", true, false)]
    [InlineData("0.0.0.0", true, true)]
    [InlineData("0.1.2.3", true, true)]
    [InlineData("::", true, true)]
    [InlineData("224.0.0.1", true, true)]
    [InlineData("239.255.255.250", true, true)]
    [InlineData("ff02::1", true, true)]
    [InlineData("255.255.255.255", true, true)]
    [InlineData("169.254.169.254", true, true)]
    [InlineData("::ffff:169.254.169.254", true, true)]
    [InlineData("fd00:ec2::254", true, true)]
    [InlineData("100.100.100.200", true, true)]
    public void Refusal_AddressTable(string address, bool refusedInProduction, bool refusedInDevelopment)
    {
        var ip = IPAddress.Parse(address);

        Assert.Equal(refusedInProduction, WebhookAddressPolicy.Refusal(ip, allowPrivateNetworks: false) is not null);
        Assert.Equal(refusedInDevelopment, WebhookAddressPolicy.Refusal(ip, allowPrivateNetworks: true) is not null);
    }

    [Fact]
    public void Refusal_MetadataAddress_SaysWhy() =>
        Assert.Equal("169.254.169.254 is a cloud metadata address",
            WebhookAddressPolicy.Refusal(IPAddress.Parse("169.254.169.254"), allowPrivateNetworks: true));
}
