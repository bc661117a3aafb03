using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Madang.Core.Data;
using Madang.Core.Jobs;
using Madang.Release.Domain;
using Madang.Release.Processing;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;

namespace Madang.Bench;

/// <summary>Acceptance 5 at scale: `release import` of N documents killed with SIGKILL midway, a job worker killed with
/// SIGKILL mid-processing, both restarted; then nothing is lost, doubled or half-published.</summary>
public static class ReleaseCrashBench
{
    public static async Task<int> RunAsync(int n)
    {
        await using var db = await (await TestDatabase.CreateAsync(DatabaseProvider.Sqlite)).MigrateAsync();
        // A short lease, so that the killed worker's jobs are taken again within seconds rather than a minute.
        string[] cfg = [.. db.AppArgs(), "--Madang:Jobs:LeaseDuration=00:00:10"];
        if (await RunToEndAsync(["org", "add", "--code", "BENCH", "--name", "벤치", .. cfg]) is var (orgCode, orgOutput) && orgCode != 0)
        {
            Console.Error.WriteLine("org add failed: " + orgOutput);
            return 1;
        }

        var dir = Directory.CreateDirectory(Path.Combine(db.DataDir, "import"));
        var sourceIds = new List<string>(n);
        await using (var manifest = new StreamWriter(Path.Combine(dir.FullName, "manifest.jsonl")))
        {
            foreach (var d in Corpus.Generate(n))
            {
                await File.WriteAllTextAsync(Path.Combine(dir.FullName, d.Key + ".txt"), ReleaseBench.Pad(d.Body));
                await manifest.WriteLineAsync(JsonSerializer.Serialize(new { file = d.Key + ".txt", sourceId = d.Key, title = d.Title, department = "BENCH", approvedAt = "2026-11-20T09:00:00Z", type = "report" }));
                sourceIds.Add(d.Key);
            }
        }

        var watch = Stopwatch.StartNew();
        // The import and a worker run side by side, as `release import` does beside a running server.
        var import = Start(["release", "import", dir.FullName, .. cfg]);
        var worker = Start(["jobs", "run", .. cfg]);
        var importedAtKill = await WaitAsync(db, c => c.Set<ReleaseDocument>().CountAsync(), v => v >= n / 3, import);
        Kill(import);
        var publishedAtKill = await WaitAsync(db, c => c.Set<ReleaseDocument>().CountAsync(d => d.State == DocumentState.Published), v => v >= importedAtKill / 2, worker);
        var pendingAtKill = await Count(db, c => c.Jobs.CountAsync(j => j.Type == "release.process" && j.State != JobState.Succeeded));
        Kill(worker);
        Metric("release_crash_import_killed_at", importedAtKill, "docs");
        Metric("release_crash_worker_killed_at", publishedAtKill, "published");
        Metric("release_crash_worker_killed_with_pending", pendingAtKill, "jobs");

        // Right after the kills: what exists is whole (a document has its file and its job), and public state is consistent.
        var (halfImported, halfPublishedAfterKill) = await CheckAfterKillAsync(db);

        // Restart both: the import skips what is in, the worker takes again what the dead one held.
        worker = Start(["jobs", "run", .. cfg]);
        var (code, output) = await RunToEndAsync(["release", "import", dir.FullName, .. cfg]);
        if (code != 0)
        {
            Console.Error.WriteLine("the re-run of the import failed: " + output[Math.Max(0, output.Length - 2000)..]);
            Kill(worker);
            return 1;
        }

        await WaitAsync(db, c => c.Jobs.CountAsync(j => j.Type == "release.process" && j.State != JobState.Succeeded && j.State != JobState.Failed), v => v == 0, worker, TimeSpan.FromMinutes(30));
        var seconds = watch.Elapsed.TotalSeconds;
        Kill(worker);

        await using var ctx = db.NewContext();
        var docs = await ctx.Set<ReleaseDocument>().AsNoTracking().Select(d => new { d.Id, d.SourceId, d.State }).ToListAsync();
        var searchKeys = (await ctx.SearchEntries.AsNoTracking().Where(e => e.Type == Publisher.SearchType).Select(e => e.Key).ToListAsync()).ToHashSet();
        var lost = sourceIds.Except(docs.Select(d => d.SourceId)).Count();
        var duplicates = docs.Count - docs.Select(d => d.SourceId).Distinct().Count();
        var halfPublished = docs.Count(d => (d.State == DocumentState.Published) != searchKeys.Contains(d.Id.ToString()));
        var orphanRows = searchKeys.Count - docs.Count(d => searchKeys.Contains(d.Id.ToString()));
        var notFinished = docs.Count(d => d.State == DocumentState.Received);
        var jobsPerDoc = await ctx.Jobs.CountAsync(j => j.Type == "release.process");
        var failedJobs = await ctx.Jobs.CountAsync(j => j.Type == "release.process" && j.State == JobState.Failed);

        Metric("release_crash_documents", n, "docs");
        Metric("release_crash_published", docs.Count(d => d.State == DocumentState.Published), "docs");
        foreach (var g in docs.Where(d => d.State != DocumentState.Published).GroupBy(d => d.State))
        {
            Metric("release_crash_state_" + g.Key.ToString().ToLowerInvariant(), g.Count(), "docs");
        }

        Metric("release_crash_lost", lost, "docs");
        Metric("release_crash_duplicates", duplicates + Math.Abs(jobsPerDoc - docs.Count), "docs");
        Metric("release_crash_half_imported", halfImported, "docs");
        Metric("release_crash_half_published", halfPublished + orphanRows + halfPublishedAfterKill, "docs");
        Metric("release_crash_not_finished", notFinished + failedJobs, "docs");
        Metric("release_crash_time_to_complete", seconds, "s");
        var bad = lost + duplicates + Math.Abs(jobsPerDoc - docs.Count) + halfImported + halfPublished + orphanRows + halfPublishedAfterKill + notFinished + failedJobs;
        if (bad > 0)
        {
            Console.Error.WriteLine("release-crash: something was lost, doubled, half-done or left behind");
        }

        return bad == 0 ? 0 : 1;
    }

    private static async Task<(int HalfImported, int HalfPublished)> CheckAfterKillAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        var docs = await ctx.Set<ReleaseDocument>().AsNoTracking().Select(d => new { d.Id, d.State, Files = d.Files.Count }).ToListAsync();
        var jobs = (await ctx.Jobs.AsNoTracking().Where(j => j.Type == "release.process").Select(j => j.Payload).ToListAsync())
            .Select(p => JsonSerializer.Deserialize<Madang.Release.Intake.ProcessPayload>(p, JobQueue.JsonOptions)!.DocumentId).ToHashSet();
        var searchKeys = (await ctx.SearchEntries.AsNoTracking().Where(e => e.Type == Publisher.SearchType).Select(e => e.Key).ToListAsync()).ToHashSet();
        var halfImported = docs.Count(d => d.Files != 1 || !jobs.Contains(d.Id)) + jobs.Count(j => docs.All(d => d.Id != j));
        var halfPublished = docs.Count(d => (d.State == DocumentState.Published) != searchKeys.Contains(d.Id.ToString()));
        return (halfImported, halfPublished);
    }

    private static async Task<int> Count(TestDatabase db, Func<MadangDbContext, Task<int>> query)
    {
        await using var ctx = db.NewContext();
        return await query(ctx);
    }

    /// <summary>Polls until <paramref name="done"/> holds; fails if the process it waits on exits first or time runs out.</summary>
    private static async Task<int> WaitAsync(TestDatabase db, Func<MadangDbContext, Task<int>> query, Func<int, bool> done, Process running, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var value = await Count(db, query);
            if (done(value))
            {
                return value;
            }

            if (running.HasExited)
            {
                throw new InvalidOperationException($"the process exited ({running.ExitCode}) before the moment to kill it");
            }

            if (watch.Elapsed > (timeout ?? TimeSpan.FromMinutes(10)))
            {
                throw new TimeoutException("the run did not get there in time");
            }

            await Task.Delay(100);
        }
    }

    private static string WebDll
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Madang.slnx")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir!.FullName, "src", "Madang.Web", "bin", "Release", "net10.0", "Madang.Web.dll");
        }
    }

    /// <summary>The real `madang` command, as an operator runs it; its output is kept for when it fails.</summary>
    private static Process Start(string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(WebDll);
        args.ToList().ForEach(psi.ArgumentList.Add);
        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        psi.Environment["NO_COLOR"] = "1";
        var p = Process.Start(psi)!;
        var output = new StringBuilder();
        p.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        p.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        Outputs.Add(p, output);
        return p;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, StringBuilder> Outputs = [];

    private static async Task<(int Code, string Output)> RunToEndAsync(string[] args)
    {
        using var p = Start(args);
        await p.WaitForExitAsync();
        p.WaitForExit();
        return (p.ExitCode, Outputs.TryGetValue(p, out var o) ? o.ToString() : string.Empty);
    }

    /// <summary>SIGKILL: no shutdown hooks, no finally blocks, as when a node dies.</summary>
    private static void Kill(Process p)
    {
        if (!p.HasExited)
        {
            p.Kill(entireProcessTree: true);
        }

        p.WaitForExit();
    }

    private static void Metric(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"metric: {name} {value:0.###} {unit}"));
}
