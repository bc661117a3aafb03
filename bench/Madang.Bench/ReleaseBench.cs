using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Jobs;
using Madang.Core.Organisations;
using Madang.Release.Domain;
using Madang.Release.Intake;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Bench;

/// <summary>Import of a folder → extraction → screening → publication for N documents of about 4 KB, and peak memory.</summary>
public static class ReleaseBench
{
    public static async Task<int> RunAsync(int n, DatabaseProvider provider)
    {
        await using var db = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(db, s => new Madang.Release.ReleaseModule().AddServices(s, null!));
        await using (var scope = sp.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OrganisationCommands>().CreateAsync(
                new OrganisationInput("BENCH", Madang.Core.Localization.LocalizedText.Of("벤치", "ベンチ", "Bench", "基准", "基準"), null, OrganisationKind.Division), Actor.System);
        }

        // The folder an operator would import: one text file per document and manifest.jsonl. Written before the clock starts.
        var dir = Directory.CreateDirectory(Path.Combine(db.DataDir, "import"));
        long bytes = 0;
        await using (var manifest = new StreamWriter(Path.Combine(dir.FullName, "manifest.jsonl")))
        {
            foreach (var d in Corpus.Generate(n))
            {
                var body = Pad(d.Body);
                bytes += Encoding.UTF8.GetByteCount(body);
                await File.WriteAllTextAsync(Path.Combine(dir.FullName, d.Key + ".txt"), body);
                await manifest.WriteLineAsync(JsonSerializer.Serialize(new { file = d.Key + ".txt", sourceId = d.Key, title = d.Title, department = "BENCH", approvedAt = "2026-11-20T09:00:00Z", type = "report" }));
            }
        }

        // The same code as `release import DIR`, then the same runner loop as the server's job workers.
        var watch = Stopwatch.StartNew();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var summary = await ManifestImport.RunAsync(sp, dir, null, CancellationToken.None);
        if (summary.Imported != n)
        {
            Console.Error.WriteLine($"imported {summary.Imported} of {n}: {string.Join("; ", summary.Failed.Take(3))}");
            return 1;
        }

        var intakeSeconds = watch.Elapsed.TotalSeconds;
        var cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
        var runner = sp.GetRequiredService<JobRunner>();
        // Two workers, as the server runs by default on this 2-core machine.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (await runner.RunOneAsync(CancellationToken.None))
            {
            }
        })));
        var total = watch.Elapsed.TotalSeconds;
        var processSeconds = total - intakeSeconds;
        var cpu2 = Process.GetCurrentProcess().TotalProcessorTime;

        await using (var check = db.NewContext())
        {
            var published = await check.Set<ReleaseDocument>().CountAsync(d => d.State == DocumentState.Published);
            Metric("release_published", published, "docs");
            if (published != n)
            {
                Console.Error.WriteLine($"only {published} of {n} documents were published");
                return 1;
            }
        }

        Metric("release_intake_rate", n / intakeSeconds, "docs/s");
        Metric("release_processing_rate", n / processSeconds, "docs/s");
        Metric("release_end_to_end_rate", n / total, "docs/s");
        // CPU time per document: what the wall-clock rates would be on a machine to ourselves, as far as CPU bounds them.
        Metric("release_intake_cpu_per_doc", (cpu1 - cpu0).TotalMilliseconds / n, "ms");
        Metric("release_processing_cpu_per_doc", (cpu2 - cpu1).TotalMilliseconds / n, "ms");
        Metric("release_text", bytes / 1048576.0, "MiB");
        Metric("release_peak_working_set", Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, "MiB");
        return 0;
    }

    /// <summary>Repeats the body to about 4 KB of UTF-8, the size of an approval document.</summary>
    public static string Pad(string body)
    {
        var sb = new StringBuilder(body);
        while (Encoding.UTF8.GetByteCount(sb.ToString()) < 4096)
        {
            sb.Append('\n').Append(body);
        }

        return sb.ToString();
    }

    private static void Metric(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"metric: {name} {value:0.###} {unit}"));
}
