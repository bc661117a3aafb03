using System.Text;
using Madang.Release.Domain;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Tests;

/// <summary>An import killed with SIGKILL loses nothing and leaves nothing half-imported; re-running completes it.</summary>
public sealed class ReleaseKillTests
{
    [Fact]
    public async Task Import_KilledMidway_RerunCompletesWithoutDuplicatesOrOrphans()
    {
        await using var db = await (await TestDatabase.CreateAsync("Sqlite")).MigrateAsync();
        var cfg = db.AppArgs();
        Assert.Equal(0, (await MadangProcess.RunAsync(["org", "add", "--code", "ENV-AIR", "--name", "대기정책과", .. cfg])).ExitCode);
        var dir = Directory.CreateDirectory(Path.Combine(db.DataDir, "big"));
        const int count = 600; // three of the import's batches of 200, so the kill lands between two
        var lines = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, $"d{i}.txt"), $"대기질 측정 결과 보고 {i}. 미세먼지 농도는 기준 이내입니다.");
            lines.AppendLine($$"""{"file":"d{{i}}.txt","sourceId":"AIR-{{i}}","title":"대기질 보고 {{i}}","department":"ENV-AIR","approvedAt":"2026-11-{{1 + (i % 28):00}}T09:00:00+09:00","type":"report"}""");
        }

        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "manifest.jsonl"), lines.ToString());

        using (var import = MadangProcess.Start(["release", "import", dir.FullName, .. cfg]))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                await using var ctx = db.NewContext();
                if (await ctx.Set<ReleaseDocument>().CountAsync() >= 20)
                {
                    break;
                }

                await Task.Delay(50);
            }

            import.KillHard();
        }

        await using (var ctx = db.NewContext())
        {
            var partial = await ctx.Set<ReleaseDocument>().Include(d => d.Files).ToListAsync();
            Assert.InRange(partial.Count, 20, count - 1);
            Assert.All(partial, d => Assert.Single(d.Files)); // every document that exists is whole…
            Assert.Equal(partial.Count, await ctx.Jobs.CountAsync(j => j.Type == "release.process")); // …and has its job
        }

        var (code, output) = await MadangProcess.RunAsync(["release", "import", dir.FullName, .. cfg]);
        Assert.True(code == 0, output);
        await using (var ctx = db.NewContext())
        {
            Assert.Equal(count, await ctx.Set<ReleaseDocument>().CountAsync());
            Assert.Equal(count, await ctx.Set<ReleaseDocument>().Select(d => d.SourceId).Distinct().CountAsync());
            Assert.Equal(count, await ctx.Jobs.CountAsync(j => j.Type == "release.process"));
        }
    }
}
