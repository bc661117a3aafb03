using System.Net;
using System.Text;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Release.Domain;
using Madang.Release.Intake;
using Madang.Release.Processing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests;

public sealed class ReleaseInsightsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Figures_CountWhatADepartmentProducedReleasedAndHasWaiting()
    {
        var org = await People.OrganisationAsync(fixture.App);
        var ids = new List<Guid>();
        foreach (var disclosure in new[] { "public", "public", "partial" })
        {
            await using var scope = fixture.App.Services.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<IntakeService>().ReceiveAsync("test", new IntakeMetadata
            {
                SourceId = Guid.NewGuid().ToString("N"), Title = "보고", Department = org.Code,
                ApprovedAt = DateTimeOffset.UtcNow.AddDays(-3).ToString("O"), Disclosure = disclosure,
            }, [new IntakeFile("a.txt", new MemoryStream(Encoding.UTF8.GetBytes("본문")))], Actor.System, CancellationToken.None);
            ids.Add(outcome.Document!.Id);
        }

        for (var i = 0; i < 100; i++)
        {
            await using var db = fixture.App.Database.NewContext();
            if (await db.Set<ReleaseDocument>().CountAsync(d => ids.Contains(d.Id) && d.State != DocumentState.Received) == 3)
            {
                break;
            }

            await Task.Delay(100);
        }

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var row = (await scope.ServiceProvider.GetRequiredService<ReleaseInsights>().ByDepartmentAsync()).Single(r => r.Code == org.Code);
            Assert.Equal(3, row.Produced);
            Assert.Equal(2, row.Released);
            Assert.Equal(1, row.Backlog);
            Assert.Equal(2.0 / 3, row.Rate!.Value, 3);
            Assert.InRange(row.MedianHoursToPublish!.Value, 70, 75); // approved three days before publication
        }

        var page = await fixture.App.Client().GetAsync("/en/documents/transparency");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Test Budget Division", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Month by month for one department, and the figures of one month.
        var approved = DateTimeOffset.UtcNow.AddDays(-3).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var monthly = await fixture.App.Client().GetStringAsync($"/en/documents/transparency?dept={org.Code}");
        Assert.Contains("Month by month: Test Budget Division", monthly, StringComparison.Ordinal);
        Assert.Matches($@"{approved}</th>\s*<td>3</td>\s*<td>2</td>\s*<td>0</td>\s*<td>0</td>\s*<td>67%</td>", monthly);
        var inMonth = await fixture.App.Client().GetStringAsync($"/en/documents/transparency?month={approved}");
        Assert.Contains("<th scope=\"row\">Test Budget Division", inMonth, StringComparison.Ordinal);
        var before = DateTimeOffset.UtcNow.AddDays(-3).AddMonths(-6).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var earlier = await fixture.App.Client().GetStringAsync($"/en/documents/transparency?month={before}");
        Assert.DoesNotContain("<th scope=\"row\">Test Budget Division", earlier, StringComparison.Ordinal);
    }
}
