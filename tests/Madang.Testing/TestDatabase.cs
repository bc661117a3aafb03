using Madang.Core.Data;
using Madang.Core.Modules;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Madang.Testing;

/// <summary>A fresh, empty database on one provider: a temporary SQLite file or a new PostgreSQL database.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? tempDir;
    private readonly string? pgName;

    // False for a database that outlives the run (the bench's --keep and --reuse): nothing is dropped or deleted.
    private bool owned = true;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? tempDir, string? pgName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        this.tempDir = tempDir;
        this.pgName = pgName;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The data folder for an app using this database (SQLite keeps its file there).</summary>
    public string DataDir => tempDir ?? throw new InvalidOperationException();

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var dir = TestEnvironment.TempDir();
        if (provider == DatabaseProvider.Sqlite)
        {
            return new TestDatabase(provider, $"Data Source={Path.Combine(dir, "madang.db")}", dir, null);
        }

        var name = "madang_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var conn = new NpgsqlConnection(TestEnvironment.PostgresAdmin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        var cs = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdmin) { Database = name }.ToString();
        return new TestDatabase(provider, cs, dir, name);
    }

    /// <summary>A database that already exists or must survive this run (a kept benchmark index): disposing leaves it in place.</summary>
    public static TestDatabase Existing(DatabaseProvider provider, string connectionString, string dataDir) =>
        new(provider, connectionString, dataDir, null) { owned = false };

    public static Task<TestDatabase> CreateAsync(string provider) => CreateAsync(Enum.Parse<DatabaseProvider>(provider));

    /// <summary>A context on this database with the composed model (no modules yet).</summary>
    public MadangDbContext NewContext(IEnumerable<IMadangModule>? modules = null)
    {
        var b = new DbContextOptionsBuilder<MadangDbContext>();
        DatabaseSetup.Configure(b, Provider, ConnectionString);
        return new MadangDbContext(b.Options, modules ?? Madang.Web.MadangModules.All());
    }

    public async Task<TestDatabase> MigrateAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        return this;
    }

    /// <summary>Configuration arguments that point the app at this database.</summary>
    public string[] AppArgs() =>
    [
        "--Madang:DataDir=" + DataDir,
        "--Madang:Database:Provider=" + Provider,
        "--Madang:Database:ConnectionString=" + ConnectionString,
    ];

    /// <summary>
    /// Drops a PostgreSQL database now, closing every session on it, as a lost database server would look to the app.
    /// </summary>
    public async Task DropAsync()
    {
        if (pgName is null)
        {
            throw new InvalidOperationException("Only a PostgreSQL test database can be dropped while in use.");
        }

        await using var conn = new NpgsqlConnection(TestEnvironment.PostgresAdmin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{pgName}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (pgName is not null)
        {
            try
            {
                NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
                await DropAsync();
            }
            catch (NpgsqlException)
            {
                // The throwaway cluster is removed after the run anyway.
            }
        }

        if (tempDir is not null && owned)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(tempDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>The providers every data-access test runs on (Bitwarden's pattern: one test, every database).</summary>
public static class Providers
{
    public static Xunit.TheoryData<string> All => new() { "Sqlite", "Postgres" };
}
