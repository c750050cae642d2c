using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Hub.Persistence;

/// <summary>For `dotnet ef migrations add`: a context without the web host (no database is contacted).</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<HubDbContext>
{
    public HubDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<HubDbContext>()
            .UseNpgsql("Host=localhost;Database=hub_design")
            .UseSnakeCaseNamingConvention()
            .Options,
        new MerchantScope());
}
