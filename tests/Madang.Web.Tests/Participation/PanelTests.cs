using Madang.Core.Audit;
using Madang.Participation.Domain;
using Madang.Participation.Panels;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests.Participation;

/// <summary>The agenda panel: drawn by lot from a published seed, balanced by strata, and drawn again by anyone.</summary>
public sealed class PanelTests : IClassFixture<AppFixture>
{
    private readonly MadangTestApp app;

    public PanelTests(AppFixture fixture) => app = fixture.App;

    [Fact]
    public void TheDrawIsAPureFunctionOfListSizeAndSeed_AndSharesSeatsByStratum()
    {
        var districts = new[] { "north", "south", "east", "west" };
        var rows = Enumerable.Range(1, 400).Select(i => new VolunteerRow(i, districts[i % 4 == 0 ? 0 : i % 2], i % 5 < 2 ? "19-29" : "60-69", i % 3 == 0 ? "male" : "female")).ToList();
        var a = PanelDraw.Draw(rows, 40, "2027-lotto-3-11-19-27-38-42");
        var b = PanelDraw.Draw(rows.AsEnumerable().Reverse().ToList(), 40, "2027-lotto-3-11-19-27-38-42");
        Assert.Equal(a, b); // the order the list is read in does not matter
        Assert.Equal(40, a.Count);
        Assert.NotEqual(a, PanelDraw.Draw(rows, 40, "another seed"));
        // Each stratum gets its proportional share, rounded by largest remainder: never more than one seat off.
        foreach (var g in rows.GroupBy(r => r.Stratum))
        {
            var seats = a.Count(n => g.Any(r => r.Number == n));
            Assert.InRange(seats, (int)Math.Floor(40.0 * g.Count() / 400), (int)Math.Ceiling(40.0 * g.Count() / 400));
        }
    }

    [Fact]
    public async Task APanelDrawnOnTheSiteIsReproducedByTheVerifyCommandFromThePublishedListAndSeed()
    {
        var dept = await People.OrganisationAsync(app);
        var slug = await Citizens.ProcessAsync(app, LadderTests.Ladder2017("panel-" + Guid.NewGuid().ToString("N")[..6], dept.Code, dept.Code)
            + "\ndistricts:\n  - { code: north, name: { en: North } }\n  - { code: south, name: { en: South } }\n");
        var people = await Citizens.CreateAsync(app, 60);
        Guid panelId;
        IReadOnlyList<int> drawn;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var panels = scope.ServiceProvider.GetRequiredService<PanelService>();
            var panel = await panels.CreateAsync(slug, "Agenda panel", 12, Actor.System);
            panelId = panel.Id;
            var bands = new[] { "19-29", "30-39", "40-49", "50-59", "60-69", "70+" };
            for (var i = 0; i < people.Count; i++)
            {
                await panels.VolunteerAsync(panel.Id, people[i], i % 3 == 0 ? "north" : "south", bands[i % bands.Length], i % 2 == 0 ? "female" : "male");
            }

            await Assert.ThrowsAsync<Madang.Participation.Proposals.ParticipationException>(() => panels.DrawAsync(panel.Id, Actor.System));
            await panels.PublishSeedAsync(panel.Id, "seoul-2027-01-05-kospi-2531.44", Actor.System);
            await Assert.ThrowsAsync<Madang.Participation.Proposals.ParticipationException>(() =>
                panels.VolunteerAsync(panel.Id, Guid.NewGuid(), "north", "19-29", "female")); // volunteering closed with the seed
            drawn = await panels.DrawAsync(panel.Id, Actor.System);
            Assert.Equal(drawn, await panels.DrawAsync(panel.Id, Actor.System));
        }

        Assert.Equal(12, drawn.Count);
        var client = app.Client();
        var page = await client.GetStringAsync($"/en/panels/{panelId}");
        Assert.Contains("seoul-2027-01-05-kospi-2531.44", page, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", drawn), page, StringComparison.Ordinal);
        var csv = await client.GetStringAsync($"/en/panels/{panelId}/volunteers");
        Assert.StartsWith("number,district,age_band,gender\n1,north,19-29,female\n", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("주민", csv, StringComparison.Ordinal); // numbers and strata only, no names

        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, csv);
            var (code, output) = await MadangProcess.RunAsync(["participation", "panel", "verify", "--volunteers", file, "--seed", "seoul-2027-01-05-kospi-2531.44", "--size", "12"]);
            Assert.True(code == 0, output);
            Assert.Contains(string.Join(",", drawn), output, StringComparison.Ordinal);
            await File.WriteAllTextAsync(file, "who,where\n1,north\n");
            (code, output) = await MadangProcess.RunAsync(["participation", "panel", "verify", "--volunteers", file, "--seed", "x", "--size", "1"]);
            Assert.Equal(1, code);
            Assert.Contains("number, district, age_band and gender", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        await using var check = app.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>();
        Assert.Equal(drawn, await db.Set<PanelVolunteer>().Where(v => v.PanelId == panelId && v.Selected).OrderBy(v => v.Number).Select(v => v.Number).ToListAsync());
    }
}
