using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Madang.Core.Data;

/// <summary>Configures EF Core for the chosen provider, with the matching migrations assembly.</summary>
public static class DatabaseSetup
{
    public const string SqliteMigrationsAssembly = "Madang.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Madang.Migrations.Postgres";

    public static string ResolveConnectionString(MadangOptions options)
    {
        var db = options.Database;
        if (!string.IsNullOrWhiteSpace(db.ConnectionString))
        {
            return db.ConnectionString;
        }

        if (db.Provider == DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException("Madang:Database:ConnectionString is required for PostgreSQL.");
        }

        Directory.CreateDirectory(options.FullDataDir);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(options.FullDataDir, "madang.db"),
            Pooling = true,
        }.ToString();
    }

    /// <summary>
    /// PostgreSQL's JIT compiles any query the planner costs above 100,000, and compiling can take longer than a web
    /// request's short query runs. The search bench at 1,000,000 documents measured no change either way (p95 57 ms with
    /// it off, within the run-to-run spread), so this is the usual OLTP setting rather than a measured win: JIT is off
    /// for the site's sessions unless the operator's connection string sets it.
    /// </summary>
    public static string WithoutJit(string connectionString)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (b.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) == true)
        {
            return connectionString;
        }

        b.Options = string.IsNullOrWhiteSpace(b.Options) ? "-c jit=off" : b.Options + " -c jit=off";
        return b.ConnectionString;
    }

    public static void Configure(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly))
                    .AddInterceptors(SqlitePragmas.Instance);
                break;
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(WithoutJit(connectionString), o => o.MigrationsAssembly(PostgresMigrationsAssembly));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, null);
        }

        // EF 9+ refuses to migrate when the model differs from the snapshot; our test checks that instead,
        // and keeping the warning as an error would stop a node from starting over a cosmetic difference.
        builder.ConfigureWarnings(w => w.Log(RelationalEventId.PendingModelChangesWarning));
    }
}

/// <summary>WAL and a busy timeout so that web requests and job workers share one SQLite file without "database is locked".</summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData) =>
        Apply(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(System.Data.Common.DbConnection connection)
    {
        using var cmd = connection.CreateCommand();
        // A 32 MiB page cache per pooled connection and memory-mapped reads: at a million search entries the FTS doclists and
        // b-tree pages a query touches stay in memory instead of being read again through the file system on every query.
        // A pooled connection keeps a larger cache a bulk writer gave it (SearchIndex's bulk insert): set on every open, the
        // cache would shrink back, dropping the pages the next batch needs, each time the writer's next scope opens it.
        cmd.CommandText = "PRAGMA cache_size";
        var cacheSize = Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; "
            + (cacheSize > CacheSize ? $"PRAGMA cache_size={CacheSize}; " : string.Empty) + "PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;";
        cmd.ExecuteNonQuery();
    }

    /// <summary>The page cache of a connection, in KiB when negative (SQLite's convention).</summary>
    private const long CacheSize = -32768;

    /// <summary>The page cache a bulk writer works with: the b-trees with random keys (suggestions, dates, identifiers) stay
    /// in memory past the first few hundred thousand documents.</summary>
    internal const long BulkCacheSize = -262144;
}
