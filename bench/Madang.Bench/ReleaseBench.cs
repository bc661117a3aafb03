using System.Diagnostics;
using System.Globalization;
using System.Text;
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

/// <summary>Intake → extraction → screening → publication on SQLite for N documents of about 4 KB, and peak memory.</summary>
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

        var texts = Corpus.Generate(n).Select(d => (d.Key, d.Title, Body: Pad(d.Body))).ToList();
        var bytes = texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t.Body));
        var watch = Stopwatch.StartNew();
        foreach (var (key, title, body) in texts)
        {
            await using var scope = sp.CreateAsyncScope();
            var meta = new IntakeMetadata { SourceId = key, Title = title, Department = "BENCH", ApprovedAt = "2026-11-20T09:00:00Z", Type = "report" };
            await scope.ServiceProvider.GetRequiredService<IntakeService>().ReceiveAsync("bench", meta,
                [new IntakeFile(key + ".txt", new MemoryStream(Encoding.UTF8.GetBytes(body)))], Actor.System, CancellationToken.None);
        }

        var intakeSeconds = watch.Elapsed.TotalSeconds;
        var runner = sp.GetRequiredService<JobRunner>();
        // Two workers, as the server runs by default on this 2-core machine.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (await runner.RunOneAsync(CancellationToken.None))
            {
            }
        })));
        var total = watch.Elapsed.TotalSeconds;

        await using (var check = db.NewContext())
        {
            var published = await check.Set<ReleaseDocument>().CountAsync(d => d.State == DocumentState.Published);
            Metric("release_published", published, "docs");
        }

        Metric("release_intake_rate", n / intakeSeconds, "docs/s");
        Metric("release_end_to_end_rate", n / total, "docs/s");
        Metric("release_text", bytes / 1048576.0, "MiB");
        Metric("release_peak_working_set", Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, "MiB");
        return 0;
    }

    private static string Pad(string body)
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
