using System.Data.Common;
using Madang.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Madang.Core.Jobs;

/// <summary>Takes the next due job with a lease, atomically, on either provider.</summary>
internal static class JobLeaser
{
    public static async Task<long?> TryLeaseAsync(MadangDbContext db, string token, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        // The inner SELECT finds a pending job that is due, or a running one whose lease expired (its worker died).
        // PostgreSQL: SKIP LOCKED lets many workers on many nodes lease different rows without waiting on each other.
        // SQLite: one writer at a time, so the UPDATE … WHERE Id = (SELECT …) is atomic as it stands.
        var sqlite = db.IsSqlite;
        var p = sqlite ? "$" : "@";
        var sql = $"""
            UPDATE core_jobs SET "State" = 'Running', "LeaseToken" = {p}token, "LeasedUntil" = {p}until, "Attempts" = "Attempts" + 1
            WHERE "Id" = (
                SELECT "Id" FROM core_jobs
                WHERE ("State" = 'Pending' AND "RunAfter" <= {p}now) OR ("State" = 'Running' AND "LeasedUntil" < {p}now)
                ORDER BY "RunAfter", "Id"
                LIMIT 1 {(sqlite ? string.Empty : "FOR UPDATE SKIP LOCKED")})
            RETURNING "Id"
            """;
        return await ScalarAsync(db, sql, ct, ("token", token), ("until", Value(db, until)), ("now", Value(db, now))) switch
        {
            null or DBNull => null,
            var v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Leases up to <paramref name="limit"/> more due jobs of <paramref name="type"/> under the same token, for a handler
    /// that runs a batch in one unit of work. Only first attempts: a job that was tried before (its worker may have died on
    /// it) runs alone, so that a poison job cannot take its batch-mates' attempts with it.</summary>
    public static async Task<List<long>> TryLeaseMoreAsync(MadangDbContext db, string type, string token, DateTimeOffset now, DateTimeOffset until, int limit, CancellationToken ct)
    {
        var sqlite = db.IsSqlite;
        var p = sqlite ? "$" : "@";
        var sql = $"""
            UPDATE core_jobs SET "State" = 'Running', "LeaseToken" = {p}token, "LeasedUntil" = {p}until, "Attempts" = "Attempts" + 1
            WHERE "Id" IN (
                SELECT "Id" FROM core_jobs
                WHERE "State" = 'Pending' AND "RunAfter" <= {p}now AND "Type" = {p}type AND "Attempts" = 0
                ORDER BY "RunAfter", "Id"
                LIMIT {p}limit {(sqlite ? string.Empty : "FOR UPDATE SKIP LOCKED")})
            RETURNING "Id"
            """;
        await using var cmd = await CommandAsync(db, sql, [("token", token), ("until", Value(db, until)), ("now", Value(db, now)), ("type", type), ("limit", limit)], ct);
        var ids = new List<long>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return ids;
    }

    /// <summary>Extends every lease held under <paramref name="token"/>; false when none is held any more.</summary>
    public static async Task<bool> RenewAllAsync(MadangDbContext db, string token, DateTimeOffset until, CancellationToken ct)
    {
        var p = db.IsSqlite ? "$" : "@";
        var sql = $"""UPDATE core_jobs SET "LeasedUntil" = {p}until WHERE "LeaseToken" = {p}token AND "State" = 'Running'""";
        return await ExecuteAsync(db, sql, ct, ("until", Value(db, until)), ("token", token)) > 0;
    }

    /// <summary>Extends the lease while the handler works; false when the lease was lost to another worker.</summary>
    public static async Task<bool> RenewAsync(MadangDbContext db, long id, string token, DateTimeOffset until, CancellationToken ct)
    {
        var p = db.IsSqlite ? "$" : "@";
        var sql = $"""UPDATE core_jobs SET "LeasedUntil" = {p}until WHERE "Id" = {p}id AND "LeaseToken" = {p}token AND "State" = 'Running'""";
        return await ExecuteAsync(db, sql, ct, ("until", Value(db, until)), ("id", id), ("token", token)) == 1;
    }

    public static async Task SetProgressAsync(MadangDbContext db, long id, string token, int progress, CancellationToken ct)
    {
        var p = db.IsSqlite ? "$" : "@";
        var sql = $"""UPDATE core_jobs SET "Progress" = {p}progress WHERE "Id" = {p}id AND "LeaseToken" = {p}token""";
        await ExecuteAsync(db, sql, ct, ("progress", progress), ("id", id), ("token", token));
    }

    private static object Value(MadangDbContext db, DateTimeOffset v) => db.IsSqlite ? v.UtcTicks : v;

    private static async Task<object?> ScalarAsync(MadangDbContext db, string sql, CancellationToken ct, params (string, object)[] ps)
    {
        await using var cmd = await CommandAsync(db, sql, ps, ct);
        return await cmd.ExecuteScalarAsync(ct);
    }

    private static async Task<int> ExecuteAsync(MadangDbContext db, string sql, CancellationToken ct, params (string, object)[] ps)
    {
        await using var cmd = await CommandAsync(db, sql, ps, ct);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<DbCommand> CommandAsync(MadangDbContext db, string sql, (string Name, object Value)[] ps, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in ps)
        {
            var prm = cmd.CreateParameter();
            prm.ParameterName = (db.IsSqlite ? "$" : "@") + name;
            prm.Value = value;
            cmd.Parameters.Add(prm);
        }

        return cmd;
    }
}
