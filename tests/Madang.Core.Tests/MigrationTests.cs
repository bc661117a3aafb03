using Madang.Testing;
using Microsoft.EntityFrameworkCore;

namespace Madang.Core.Tests;

public sealed class MigrationTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Migrate_EmptyDatabase_AppliesAllAndLeavesNoPendingModelChange(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration captures: run scripts/add-migration.sh.");
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task PostgresSessions_RunWithoutJit_UnlessTheOperatorAsksForIt()
    {
        // A search with a filter over a million rows costs enough for JIT, which then spends more time compiling than running.
        await using var test = await TestDatabase.CreateAsync("Postgres");
        await using (var db = test.NewContext())
        {
            Assert.Equal("off", await db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").SingleAsync());
        }

        var own = Madang.Core.Data.DatabaseSetup.WithoutJit(test.ConnectionString + ";Options=-c jit=on");
        Assert.Contains("jit=on", own, StringComparison.Ordinal);
        Assert.DoesNotContain("jit=off", own, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Model_EveryTable_IsPrefixedByItsModule(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).Where(t => t is not null).Distinct().ToList();
        Assert.NotEmpty(tables);
        Assert.All(tables, t => Assert.Matches("^[a-z0-9]+_[a-z0-9_]+$", t));
    }

    [Fact]
    public void Migrations_BothProviders_HaveTheSameHistory()
    {
        static IEnumerable<string> Names(string provider) =>
            Directory.GetFiles(Path.Combine(RepoRoot.Path, "src", "Madang.Migrations." + provider, "Migrations"), "*.cs")
                .Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).Where(f => !f.EndsWith(".Designer.cs", StringComparison.Ordinal) && !f.Contains("Snapshot", StringComparison.Ordinal))
                .Select(f => f[(f.IndexOf('_', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(Names("Sqlite"), Names("Postgres"));
    }
}

/// <summary>Finds the repository root from the test binaries.</summary>
internal static class RepoRoot
{
    public static string Path
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Madang.slnx")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
        }
    }
}
