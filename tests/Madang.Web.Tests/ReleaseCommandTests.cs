using Madang.Testing;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Tests;

/// <summary><c>release import DIR</c> as a real process.</summary>
public sealed class ReleaseCommandTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ReleaseImport_GoodAndBadLines_ImportsTheGood_ReportsTheBad_AndSkipsOnRerun(string provider)
    {
        await using var db = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        var cfg = db.AppArgs();
        Assert.Equal(0, (await MadangProcess.RunAsync(["org", "add", "--code", "TRN-BUS", "--name", "버스정책과", .. cfg])).ExitCode);
        var dir = Directory.CreateDirectory(Path.Combine(db.DataDir, "batch"));
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "a.txt"), "버스 노선 조정 계획을 보고합니다.");
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "b.html"), "<p>회의록: 교통 위원회</p>");
        await File.WriteAllLinesAsync(Path.Combine(dir.FullName, "manifest.jsonl"),
        [
            """{"file":"a.txt","sourceId":"EA-1","title":"버스 노선 조정","department":"TRN-BUS","approvalLevel":"director","approvedAt":"2026-11-20T09:00:00+09:00","type":"report","disclosure":"public","keywords":["버스"],"language":"ko"}""",
            """{"files":["b.html"],"sourceId":"EA-2","title":"교통위원회 회의록","department":"TRN-BUS","approvedAt":"2026-11-21","type":"minutes"}""",
            """{"file":"a.txt","sourceId":"EA-3","title":"잘못된 부서","department":"NOPE","approvedAt":"2026-11-21"}""",
            "not json at all",
            """{"file":"../../etc/passwd","sourceId":"EA-4","title":"escape","department":"TRN-BUS","approvedAt":"2026-11-21"}""",
        ]);

        var (code, output) = await MadangProcess.RunAsync(["release", "import", dir.FullName, .. cfg]);
        Assert.True(code == 1, output);
        Assert.Contains("imported 2, skipped 0 (already in), failed 3", output, StringComparison.Ordinal);
        Assert.Contains("department 'NOPE' is not an organisation code", output, StringComparison.Ordinal);
        Assert.Contains("is outside the folder", output, StringComparison.Ordinal);

        (code, output) = await MadangProcess.RunAsync(["release", "import", dir.FullName, .. cfg]);
        Assert.True(code == 1, output);
        Assert.Contains("imported 0, skipped 2 (already in), failed 3", output, StringComparison.Ordinal);

        await using var ctx = db.NewContext();
        Assert.Equal(2, await ctx.Set<Madang.Release.Domain.ReleaseDocument>().CountAsync());
        Assert.Equal(2, await ctx.Jobs.CountAsync(j => j.Type == "release.process"));
    }
}
