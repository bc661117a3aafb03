using System.Net;
using System.Text;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Permissions;
using Madang.Release.Domain;
using Madang.Release.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests;

/// <summary>Layer 2 through the review page: keep or drop each mask, add masks, approve; withholding keeps it off the site.</summary>
public sealed class ReleaseReviewTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private async Task<Guid> InReviewAsync(string text) => (await InReviewWithOrgAsync(text)).Id;

    private async Task<(Guid Id, string Org)> InReviewWithOrgAsync(string text)
    {
        var org = await People.OrganisationAsync(fixture.App);
        Guid id;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<IntakeService>().ReceiveAsync("test", new IntakeMetadata
            {
                SourceId = Guid.NewGuid().ToString("N"), Title = "부분공개 민원 회신", Department = org.Code, ApprovedAt = "2026-11-20", Disclosure = "partial",
            }, [new IntakeFile("a.txt", new MemoryStream(Encoding.UTF8.GetBytes(text)))], Actor.System, CancellationToken.None);
            id = outcome.Document!.Id;
        }

        for (var i = 0; i < 100; i++)
        {
            await using var db = fixture.App.Database.NewContext();
            if (await db.Set<ReleaseDocument>().AnyAsync(d => d.Id == id && d.State == DocumentState.InReview))
            {
                return (id, org.Code);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("not in review");
    }

    [Fact]
    public async Task Reviewer_DropsOneMask_AddsAnother_AndApproves()
    {
        var (id, org) = await InReviewWithOrgAsync("담당 부서 전화 02-2133-5678 로 문의하세요.\n민원인 연락처 010-9876-5432\n현장 책임자 홍반장");
        var (user, secret) = await People.CreateAsync(fixture.App, Roles.Reviewer, totp: true, org);
        var client = await People.SignInAsync(fixture.App, user, secret);

        var page = await client.GetAsync($"/en/admin/release/review/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<mark", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        long officePhone;
        await using (var db = fixture.App.Database.NewContext())
        {
            var doc = await db.Set<ReleaseDocument>().Include(d => d.Findings).SingleAsync(d => d.Id == id);
            officePhone = doc.Findings.Single(f => doc.ExtractedText!.Substring(f.Start, f.Length) == "02-2133-5678").Id;
            var keep = doc.Findings.Where(f => f.Id != officePhone).Select(f => f.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var fields = new List<KeyValuePair<string, string>> { new("decision", "approve"), new("extra", "홍반장") };
            fields.AddRange(keep.Select(k => new KeyValuePair<string, string>("masked", k)));
            var token = System.Text.RegularExpressions.Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            fields.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(token)));
            using var form = new FormUrlEncodedContent(fields);
            var res = await client.PostAsync($"/en/admin/release/review/{id}", form);
            Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        }

        var published = await fixture.App.Client().GetStringAsync($"/en/documents/{id}");
        Assert.Contains("02-2133-5678", published, StringComparison.Ordinal); // the reviewer judged it public
        Assert.DoesNotContain("9876", published, StringComparison.Ordinal);
        Assert.DoesNotContain("홍반장", published, StringComparison.Ordinal);
        Assert.Contains("■■■", published, StringComparison.Ordinal);

        await using var check = fixture.App.Database.NewContext();
        Assert.Equal(FindingDecision.Rejected, (await check.Set<ReleaseFinding>().SingleAsync(f => f.Id == officePhone)).Decision);
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == "release.review.approved" && a.TargetId == id.ToString() && a.ActorId == user.Id));
    }

    [Fact]
    public async Task ReviewPage_RefusesCitizensAndStaffWithoutTheReviewPermission()
    {
        var id = await InReviewAsync("민원인 연락처 010-1111-2222");
        var (citizen, _) = await People.CreateAsync(fixture.App, Roles.Citizen, totp: false);
        var res = await (await People.SignInAsync(fixture.App, citizen, null)).GetAsync($"/en/admin/release/review/{id}");
        Assert.Contains("access-denied", res.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);
        var (editor, secret) = await People.CreateAsync(fixture.App, Roles.Editor, totp: true);
        res = await (await People.SignInAsync(fixture.App, editor, secret)).GetAsync($"/en/admin/release/review/{id}");
        Assert.Contains("access-denied", res.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHandMadeMask_ReachesTheTitle_Keywords_AndFileNames_NotOnlyTheText()
    {
        var org = await People.OrganisationAsync(fixture.App);
        Guid id;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<IntakeService>().ReceiveAsync("test", new IntakeMetadata
            {
                SourceId = Guid.NewGuid().ToString("N"), Title = "도봉돌쇠 관련 민원 회신", Department = org.Code, ApprovedAt = "2026-11-20", Disclosure = "partial",
                Keywords = ["도봉돌쇠", "민원"],
            }, [new IntakeFile("도봉돌쇠_회신.txt", new MemoryStream(Encoding.UTF8.GetBytes("현장 책임자 도봉돌쇠 씨의 민원을 처리하였습니다.")))], Actor.System, CancellationToken.None);
            id = outcome.Document!.Id;
        }

        for (var i = 0; i < 100; i++)
        {
            await using var db = fixture.App.Database.NewContext();
            if (await db.Set<ReleaseDocument>().AnyAsync(d => d.Id == id && d.State == DocumentState.InReview))
            {
                break;
            }

            await Task.Delay(100);
        }

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<Madang.Release.Processing.Publisher>().DecideAsync(id,
                new Madang.Release.Processing.ReviewDecision(true, null, [], ["도봉돌쇠"]), Actor.System, CancellationToken.None);
            Assert.Equal(Madang.Release.Processing.ReviewOutcome.Decided, outcome);
        }

        var page = await fixture.App.Client().GetStringAsync($"/ko/documents/{id}");
        var api = await fixture.App.Client().GetStringAsync($"/api/v1/release/documents/{id}");
        foreach (var surface in new[] { page, api })
        {
            Assert.DoesNotContain("도봉돌쇠", surface, StringComparison.Ordinal);
            Assert.DoesNotContain("%EB%8F%84%EB%B4%89", surface, StringComparison.Ordinal); // nor URL-encoded in a link
        }

        Assert.Contains("민원 회신", page, StringComparison.Ordinal);
    }
}
