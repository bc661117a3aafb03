using Madang.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Madang.Web.Hosting;

/// <summary>Lets <c>dotnet ef</c> build the composed model for one provider (MADANG_EF_PROVIDER=Sqlite|Postgres).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<MadangDbContext>
{
    public MadangDbContext CreateDbContext(string[] args)
    {
        var provider = Enum.Parse<DatabaseProvider>(Environment.GetEnvironmentVariable("MADANG_EF_PROVIDER") ?? "Sqlite", ignoreCase: true);
        var cs = provider == DatabaseProvider.Sqlite ? "Data Source=design.db" : "Host=localhost;Database=madang_design";
        var builder = new DbContextOptionsBuilder<MadangDbContext>();
        DatabaseSetup.Configure(builder, provider, cs);
        return new MadangDbContext(builder.Options, MadangModules.All());
    }
}
