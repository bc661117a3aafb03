using Madang.Core.ApiKeys;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Jobs;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests;

/// <summary>The operator verbs, run as real processes against real databases.</summary>
public sealed class CommandTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Verbs_MigrateOrgUserApiKey_WorkAndFailClearly(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var cfg = db.AppArgs();

        var (code, output) = await MadangProcess.RunAsync([.. cfg, "org", "list"]);
        Assert.NotEqual(0, code); // nothing works before the schema exists…
        (code, output) = await MadangProcess.RunAsync(["migrate", .. cfg]);
        Assert.True(code == 0, output);
        Assert.Contains("Database is current", output, StringComparison.Ordinal);
        (code, output) = await MadangProcess.RunAsync(["migrate", .. cfg]);
        Assert.True(code == 0, output); // …and migrating twice is harmless

        (code, output) = await MadangProcess.RunAsync(["org", "add", "--code", "WEL", "--name", "Welfare Bureau", "--name-ko", "복지정책실", "--kind", "Bureau", .. cfg]);
        Assert.True(code == 0, output);
        // The same settings from environment variables, as a container or systemd unit passes them.
        var environment = new Dictionary<string, string>
        {
            ["Madang__DataDir"] = db.DataDir,
            ["Madang__Database__Provider"] = db.Provider.ToString(),
            ["Madang__Database__ConnectionString"] = db.ConnectionString,
        };
        (code, output) = await MadangProcess.RunAsync(environment, "org", "add", "--code", "WEL-SEN", "--name", "어르신복지과", "--parent", "WEL");
        Assert.True(code == 0, output);
        (code, output) = await MadangProcess.RunAsync(["org", "add", "--code", "WEL", "--name", "Again", .. cfg]);
        Assert.Equal(1, code);
        Assert.Contains("Another organisation already has this code", output, StringComparison.Ordinal);
        (code, output) = await MadangProcess.RunAsync(["org", "add", "--code", "X1", "--name", "Orphan", "--parent", "NOPE", .. cfg]);
        Assert.Equal(1, code);
        Assert.Contains("No organisation has this code", output, StringComparison.Ordinal);

        (code, output) = await MadangProcess.RunAsync(["user", "add", "--email", "kim@city.example", "--role", "staff", "--org", "WEL-SEN", "--name", "김공무", .. cfg]);
        Assert.True(code == 0, output);
        Assert.Contains("Password (shown once)", output, StringComparison.Ordinal);
        (code, output) = await MadangProcess.RunAsync(["user", "add", "--email", "x@city.example", "--role", "emperor", .. cfg]);
        Assert.Equal(1, code);
        Assert.Contains("Unknown role", output, StringComparison.Ordinal);

        (code, output) = await MadangProcess.RunAsync(["apikey", "create", "--org", "WEL", "--name", "e-approval", .. cfg]);
        Assert.True(code == 0, output);
        var key = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(ApiKeyService.KeyPrefix, StringComparison.Ordinal));
        (code, _) = await MadangProcess.RunAsync(["apikey", "create", "--org", "NOPE", "--name", "x", .. cfg]);
        Assert.Equal(1, code);
        (code, output) = await MadangProcess.RunAsync(["org", "add", "--name", "Missing code", .. cfg]);
        Assert.NotEqual(0, code);

        await using var sp = KernelHost.Create(db);
        await using var scope = sp.CreateAsyncScope();
        var ctx = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<ApiKeyService>().VerifyAsync(key));
        Assert.Equal(2, await ctx.Organisations.CountAsync());
        var staff = await ctx.Users.SingleAsync(u => u.Email == "kim@city.example");
        Assert.Equal("김공무", staff.DisplayName);
        Assert.Equal(1, await ctx.Memberships.CountAsync(m => m.UserId == staff.Id));
        Assert.Equal(1, await ctx.AuditEntries.CountAsync(a => a.Action == "core.apikey.created"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Worker_KilledWithSigkillMidJob_JobCompletesExactlyOnceAfterRestart(string provider)
    {
        await using var db = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        var marker = Guid.NewGuid().ToString("N");
        long id;
        await using (var sp = KernelHost.Create(db))
        await using (var scope = sp.CreateAsyncScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<JobQueue>().Enqueue(KernelJobs.Probe, new ProbeJob.Payload(6000, marker));
            await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
            id = job.Id;
        }

        string[] worker = ["jobs", "run", .. db.AppArgs(), "--Madang:Jobs:LeaseDuration=00:00:03", "--Madang:Jobs:PollInterval=00:00:00.250"];
        using (var first = MadangProcess.Start(worker))
        {
            await WaitAsync(db, j => j.Id == id && j.State == JobState.Running && j.Progress > 0, first);
            first.KillHard();
        }

        await using (var ctx = db.NewContext())
        {
            var job = await ctx.Jobs.SingleAsync(j => j.Id == id);
            Assert.Equal(JobState.Running, job.State); // the dead worker still "holds" it until the lease expires
            Assert.Equal(0, await ctx.AuditEntries.CountAsync(a => a.Action == ProbeJob.CompletedAction && a.Details!.Contains(marker)));
        }

        using (var second = MadangProcess.Start(worker))
        {
            await WaitAsync(db, j => j.Id == id && j.State == JobState.Succeeded, second, TimeSpan.FromSeconds(60));
        }

        await using (var ctx = db.NewContext())
        {
            var job = await ctx.Jobs.SingleAsync(j => j.Id == id);
            Assert.Equal(2, job.Attempts);
            Assert.Equal(1, await ctx.AuditEntries.CountAsync(a => a.Action == ProbeJob.CompletedAction && a.Details!.Contains(marker)));
        }
    }

    private static async Task WaitAsync(TestDatabase db, System.Linq.Expressions.Expression<Func<Job, bool>> condition, MadangProcess process, TimeSpan? timeout = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < (timeout ?? TimeSpan.FromSeconds(45)))
        {
            await using (var ctx = db.NewContext())
            {
                if (await ctx.Jobs.AnyAsync(condition))
                {
                    return;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The job did not reach the expected state. Worker output:\n" + process.Output);
    }
}
