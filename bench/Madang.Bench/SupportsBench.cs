using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Participation.Domain;
using Madang.Participation.Processes;
using Madang.Participation.Proposals;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Bench;

/// <summary>
/// <c>bench/run supports [--n N] [--provider sqlite|postgres] [--concurrency C]</c>: N verified residents support one
/// proposal at once (C in flight, a tenth of them clicking twice), through <see cref="ProposalService"/> as the page does.
/// Prints supports per second, lost and duplicated supports, and the ceiling: the same number of single-row inserts
/// into the supports table straight through the database's own driver, with the ratio.
/// </summary>
public static class SupportsBench
{
    public static async Task<int> RunAsync(int n, DatabaseProvider provider, int concurrency)
    {
        await using var app = await MadangTestApp.StartAsync(provider, extraArgs: ["--Madang:RunWorkers=false"]);
        var users = new List<Guid>(n);
        long proposalId, ceilingProposal;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            db.Organisations.Add(new Madang.Core.Organisations.Organisation { Id = Guid.NewGuid(), Code = "BENCH", Name = Madang.Core.Localization.LocalizedText.Of("부서", "部署", "Department", "部门", "部門") });
            for (var i = 0; i < n; i++)
            {
                var id = Guid.NewGuid();
                db.Users.Add(new MadangUser { Id = id, UserName = id.ToString("N"), Email = id.ToString("N") + "@bench", EmailConfirmed = true, PhoneNumberConfirmed = true, PhoneNumber = "+8210" + i, DisplayName = "r" + i, SecurityStamp = id.ToString("N") });
                users.Add(id);
                if (i % 5000 == 4999)
                {
                    await db.SaveChangesAsync();
                    db.ChangeTracker.Clear();
                }
            }

            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<ProcessStore>().SaveAsync(
                "slug: bench\ntitle: { en: Bench }\nsupport: phone\nladder:\n  - { supports: 50, then: answer, answerWithin: 20 }\n  - { supports: 500, then: debate }\n  - { participants: 5000, then: mayor, answeredBy: BENCH }\ncategories:\n  - { code: c, department: BENCH, name: { en: C } }\n",
                Actor.System);
            var proposals = scope.ServiceProvider.GetRequiredService<ProposalService>();
            proposalId = (await proposals.CreateAsync("bench", users[0], new ProposalDraft("Bench", "Supports at once.", "c"))).Id;
            ceilingProposal = (await proposals.CreateAsync("bench", users[1], new ProposalDraft("Ceiling", "Raw inserts.", "c"))).Id;
        }

        // Warm up (JIT, pools, caches) on another proposal, as a running site is warm; then the measured burst.
        await Parallel.ForEachAsync(users.Take(Math.Min(2000, n)), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (u, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ProposalService>().SupportAsync(ceilingProposal, u, ct);
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Set<Support>().Where(s => s.ProposalId == ceilingProposal).ExecuteDeleteAsync();
        }

        if (Environment.GetEnvironmentVariable("SUPPORTS_PROFILE") == "1")
        {
            var t = Stopwatch.StartNew();
            for (var i = 0; i < 2000; i++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<ProposalService>();
            }

            Console.WriteLine($"profile: resolve {t.Elapsed.TotalMicroseconds / 2000:F0} us");
            t.Restart();
            for (var i = 0; i < 2000; i++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ProposalService>().SupportAsync(ceilingProposal, users[i]);
            }

            Console.WriteLine($"profile: support {t.Elapsed.TotalMicroseconds / 2000:F0} us");
            t.Restart();
            for (var i = 0; i < 2000; i++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ProposalService>().SupportAsync(ceilingProposal, users[i]);
            }

            Console.WriteLine($"profile: double {t.Elapsed.TotalMicroseconds / 2000:F0} us");
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Set<Support>().Where(s => s.ProposalId == ceilingProposal).ExecuteDeleteAsync();
            }

            t.Restart();
            await CeilingAsync(app, provider, ceilingProposal, users.Take(2000).ToList(), 1);
            Console.WriteLine($"profile: raw {t.Elapsed.TotalMicroseconds / 2000:F0} us");
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Set<Support>().Where(s => s.ProposalId == ceilingProposal).ExecuteDeleteAsync();
            }
        }

        // A tenth click twice: the second must change nothing.
        var attempts = users.Concat(users.Where((_, i) => i % 10 == 0)).OrderBy(u => u.GetHashCode()).ToList();
        var added = 0;
        var sw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(attempts, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (u, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<ProposalService>().SupportAsync(proposalId, u, ct))
            {
                Interlocked.Increment(ref added);
            }
        });
        var seconds = sw.Elapsed.TotalSeconds;

        int stored, distinct, steps;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            stored = await db.Set<Support>().CountAsync(s => s.ProposalId == proposalId);
            distinct = await db.Set<Support>().Where(s => s.ProposalId == proposalId).Select(s => s.UserId).Distinct().CountAsync();
            steps = await db.Set<Milestone>().CountAsync(m => m.ProposalId == proposalId);
        }

        var ceiling = await CeilingAsync(app, provider, ceilingProposal, users, concurrency);
        if (provider == DatabaseProvider.Postgres)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var conn = scope.ServiceProvider.GetRequiredService<MadangDbContext>().Database.GetDbConnection();
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT current_setting('fsync') || ' / ' || current_setting('synchronous_commit')";
            Console.WriteLine($"bench: PostgreSQL fsync / synchronous_commit = {await cmd.ExecuteScalarAsync()}");
        }

        var rate = n / seconds;
        Console.WriteLine($"metric: supports_per_second {rate.ToString("F0", CultureInfo.InvariantCulture)} supports/s ({provider}, {n} residents, {attempts.Count} requests, {concurrency} at once)");
        Console.WriteLine($"metric: supports_lost {n - distinct} supports");
        Console.WriteLine($"metric: supports_duplicated {stored - distinct} supports");
        Console.WriteLine($"metric: supports_added_reported {added} supports");
        Console.WriteLine($"metric: ladder_steps_taken {steps} steps (expected {(n >= 500 ? 2 : n >= 50 ? 1 : 0)})");
        Console.WriteLine($"metric: raw_insert_ceiling {ceiling.ToString("F0", CultureInfo.InvariantCulture)} rows/s");
        Console.WriteLine($"metric: supports_ratio_to_ceiling {(rate / ceiling).ToString("F2", CultureInfo.InvariantCulture)}");
        return n - distinct == 0 && stored == distinct && added == n ? 0 : 1;
    }

    /// <summary>The same inserts with nothing around them: one statement per support through the driver, same concurrency.</summary>
    private static async Task<double> CeilingAsync(MadangTestApp app, DatabaseProvider provider, long proposal, List<Guid> users, int concurrency)
    {
        var sqlite = provider == DatabaseProvider.Sqlite;
        var sw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (u, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var conn = scope.ServiceProvider.GetRequiredService<MadangDbContext>().Database.GetDbConnection();
            await conn.OpenAsync(ct);
            await using DbCommand cmd = conn.CreateCommand();
            cmd.CommandText = "INSERT INTO participation_supports (\"ProposalId\", \"UserId\", \"At\") VALUES (@p, @u, @a)";
            Add(cmd, "@p", proposal);
            Add(cmd, "@u", sqlite ? u.ToString().ToUpperInvariant() : u);
            Add(cmd, "@a", sqlite ? TimeProvider.System.GetUtcNow().UtcTicks : TimeProvider.System.GetUtcNow());
            await cmd.ExecuteNonQueryAsync(ct);
        });
        return users.Count / sw.Elapsed.TotalSeconds;
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
