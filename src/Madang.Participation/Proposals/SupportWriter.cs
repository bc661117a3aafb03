using System.Data.Common;
using System.Text;
using System.Threading.Channels;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Participation.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Madang.Participation.Proposals;

/// <summary>One support to write: who supports what, when, and the verification level the process asks.</summary>
public readonly record struct SupportRow(long ProposalId, Guid UserId, DateTimeOffset At, VerificationLevel Level);

/// <summary>
/// Writes supports for the whole node, many to a statement when they arrive together (group commit). When a proposal
/// goes viral, thousands of people press the button in the same second; one statement and one commit per press would
/// spend the database on round trips and fsyncs. Supports waiting while a statement runs go into the next one, so a
/// lone support is written at once and a burst costs a statement per batch, not per person. Each row keeps its own
/// checks (the proposal still open, the person verified enough) and the key still refuses a second support.
/// </summary>
/// <remarks>
/// Nothing is acknowledged before its commit: a process killed with supports waiting answers none of them, and the
/// people who pressed see an error, not a false "thank you".
/// </remarks>
public sealed class SupportWriter : IAsyncDisposable
{
    /// <summary>Rows in one statement at most: 3 parameters each stays far below SQLite's limit of 32,766.</summary>
    public const int BatchMax = 500;

    private readonly Channel<(SupportRow Row, TaskCompletionSource<bool> Done)> queue =
        Channel.CreateUnbounded<(SupportRow, TaskCompletionSource<bool>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory scopes;
    private readonly ILogger<SupportWriter> log;
    private readonly Task loop;

    public SupportWriter(IServiceScopeFactory scopes, ILogger<SupportWriter> log)
    {
        this.scopes = scopes;
        this.log = log;
        loop = Task.Run(WriteAsync);
    }

    /// <summary>True when this row was added; false when the person had already supported it or a check refused it.</summary>
    public Task<bool> AddAsync(SupportRow row, CancellationToken ct = default)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        ObjectDisposedException.ThrowIf(!queue.Writer.TryWrite((row, done)), this);

        // A request that gives up stops waiting; its support is still written or refused like the others.
        return done.Task.WaitAsync(ct);
    }

    private async Task WriteAsync()
    {
        var batch = new List<(SupportRow Row, TaskCompletionSource<bool> Done)>(BatchMax);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < BatchMax && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
                var added = await InsertAsync(db, batch.Select(b => b.Row).ToList(), CancellationToken.None);
                // The same person twice in one batch: the first press adds, the second finds it there.
                var answered = new HashSet<(long, Guid)>();
                foreach (var (row, done) in batch)
                {
                    var key = (row.ProposalId, row.UserId);
                    done.TrySetResult(added.Contains(key) && answered.Add(key));
                }
            }
            catch (Exception e)
            {
                log.LogError(e, "A batch of {Count} supports could not be written", batch.Count);
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(e);
                }
            }

            batch.Clear();
        }
    }

    /// <summary>
    /// Inserts the rows that pass their checks in one statement on <paramref name="db"/>'s connection (and its
    /// transaction, if one is open) and returns those added. Rows of different verification levels go in one
    /// statement per level, since the level is a fixed fragment of SQL.
    /// </summary>
    public static async Task<HashSet<(long ProposalId, Guid UserId)>> InsertAsync(MadangDbContext db, IReadOnlyList<SupportRow> rows, CancellationToken ct)
    {
        var added = new HashSet<(long, Guid)>();
        var conn = db.Database.GetDbConnection();
        var opened = conn.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        try
        {
            foreach (var level in rows.GroupBy(r => r.Level))
            {
                // Distinct keys: a duplicate in the same statement would be the statement's own conflict.
                var distinct = level.DistinctBy(r => (r.ProposalId, r.UserId)).ToList();
                await using var cmd = conn.CreateCommand();
                cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                if (db.IsSqlite)
                {
                    SqliteStatement(cmd, level.Key, distinct);
                }
                else
                {
                    PostgresStatement(cmd, level.Key, distinct);
                }

                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var user = reader.GetValue(1) is Guid g ? g : Guid.Parse(reader.GetString(1));
                    added.Add((reader.GetInt64(0), user));
                }
            }
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        return added;
    }

    /// <summary>What "verified enough" means in SQL for each level: fixed text, never built from input.</summary>
    private static string Verified(VerificationLevel level, bool sqlite) => level switch
    {
        VerificationLevel.None => sqlite ? "1" : "TRUE",
        VerificationLevel.Email => "u.\"EmailConfirmed\"",
        VerificationLevel.Phone => "u.\"EmailConfirmed\" AND u.\"PhoneNumberConfirmed\"",
        _ => "u.\"EmailConfirmed\" AND u.\"CensusVerifiedAt\" IS NOT NULL",
    };

    private static string Checks(string p, string u, VerificationLevel level, bool sqlite) =>
        $"EXISTS (SELECT 1 FROM participation_proposals p WHERE p.\"Id\" = {p} AND p.\"Status\" = 'Open') "
        + $"AND EXISTS (SELECT 1 FROM core_users u WHERE u.\"Id\" = {u} AND {Verified(level, sqlite)})";

    private static void PostgresStatement(DbCommand cmd, VerificationLevel level, List<SupportRow> rows)
    {
        // Arrays as three parameters: the statement's text is the same for every batch size, so it is prepared once.
        cmd.CommandText = "INSERT INTO participation_supports (\"ProposalId\", \"UserId\", \"At\") "
            + "SELECT v.p, v.u, v.a FROM unnest(@p, @u, @a) AS v(p, u, a) WHERE " + Checks("v.p", "v.u", level, false)
            + " ON CONFLICT DO NOTHING RETURNING \"ProposalId\", \"UserId\"";
        Parameter(cmd, "@p", rows.Select(r => r.ProposalId).ToArray());
        Parameter(cmd, "@u", rows.Select(r => r.UserId).ToArray());
        Parameter(cmd, "@a", rows.Select(r => r.At.ToUniversalTime()).ToArray());
    }

    private static void SqliteStatement(DbCommand cmd, VerificationLevel level, List<SupportRow> rows)
    {
        var values = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            values.Append(i == 0 ? "" : ",").Append($"(@p{i}, @u{i}, @a{i})");
            Parameter(cmd, $"@p{i}", rows[i].ProposalId);
            // As EF stores them here: Guids as upper-case text, instants as UTC ticks.
            Parameter(cmd, $"@u{i}", rows[i].UserId.ToString().ToUpperInvariant());
            Parameter(cmd, $"@a{i}", rows[i].At.UtcTicks);
        }

        // The WHERE is required after a SELECT that feeds an upsert; SQLite's parser needs it to tell ON CONFLICT apart.
        cmd.CommandText = "INSERT INTO participation_supports (\"ProposalId\", \"UserId\", \"At\") "
            + "SELECT v.column1, v.column2, v.column3 FROM (VALUES " + values + ") AS v WHERE "
            + Checks("v.column1", "v.column2", level, true)
            + " ON CONFLICT DO NOTHING RETURNING \"ProposalId\", \"UserId\"";
    }

    private static void Parameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
    }
}
