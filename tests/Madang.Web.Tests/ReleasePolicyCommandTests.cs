using Madang.Release.Domain;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Tests;

/// <summary><c>release policy show|set|history</c> as a real process: an operator scripts a roll-out phase.</summary>
public sealed class ReleasePolicyCommandTests
{
    [Fact]
    public async Task PolicySet_SavesAVersion_ShowPrintsIt_AndABadFileFailsWithAReason()
    {
        await using var db = await (await TestDatabase.CreateAsync("Sqlite")).MigrateAsync();
        var cfg = db.AppArgs();
        Assert.Equal(0, (await MadangProcess.RunAsync(["org", "add", "--code", "WEL", "--name", "복지정책실", .. cfg])).ExitCode);
        var file = Path.Combine(db.DataDir, "phase1.json");
        await File.WriteAllTextAsync(file, """
            { "fourEyesWithhold": true, "sensitiveTypes": ["KrResidentNumber"],
              "rules": [ { "minimumLevel": "Director", "action": "Release" }, { "department": "WEL", "action": "Review" }, { "action": "Defer" } ] }
            """);

        var (code, output) = await MadangProcess.RunAsync(["release", "policy", "set", file, "--note", "Phase 1: director level and above", .. cfg]);
        Assert.True(code == 0, output);
        Assert.Contains("Version 1 of the release policy is in force.", output, StringComparison.Ordinal);

        (code, output) = await MadangProcess.RunAsync(["release", "policy", "show", .. cfg]);
        Assert.True(code == 0, output);
        Assert.Contains("\"action\": \"Defer\"", output, StringComparison.Ordinal);
        Assert.Contains("\"fourEyesWithhold\": true", output, StringComparison.Ordinal);

        await File.WriteAllTextAsync(file, """{ "rules": [ { "department": "NOWHERE", "action": "Review" } ] }""");
        (code, output) = await MadangProcess.RunAsync(["release", "policy", "set", file, "--note", "typo", .. cfg]);
        Assert.Equal(1, code);
        Assert.Contains("A rule names a department that does not exist.", output, StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, """{ "rules": [ { "action": "Sometimes" } ] }""");
        (code, output) = await MadangProcess.RunAsync(["release", "policy", "set", file, "--note", "typo", .. cfg]);
        Assert.Equal(1, code);
        Assert.Contains("is not a release policy", output, StringComparison.Ordinal);

        await using var ctx = db.NewContext();
        var versions = await ctx.Set<ReleasePolicyVersion>().ToListAsync();
        Assert.Equal("Phase 1: director level and above", Assert.Single(versions).Note);
    }
}
