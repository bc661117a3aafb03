using System.Net;
using System.Text;
using Madang.Core.Audit;
using Madang.Core.Permissions;
using Madang.Core.Privacy;
using Madang.Release.Domain;
using Madang.Release.Intake;
using Madang.Release.Policy;
using Madang.Release.Processing;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests;

/// <summary>Release policy as administrators set it: staged roll-out, rules that ask for review, the threshold, sensitive types,
/// the four-eyes rule and the department-scoped review queue. The policy is site-wide, so these tests share one app of their own.</summary>
public sealed class ReleasePolicyTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private async Task SetPolicyAsync(ReleasePolicy policy)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Publisher>().SavePolicyAsync(policy, "test", Actor.System, CancellationToken.None);
    }

    private async Task<(Guid Id, string SourceId)> IngestAsync(string orgCode, string text, string level = "director", string disclosure = "public")
    {
        var sourceId = "P-" + Guid.NewGuid().ToString("N")[..10];
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<IntakeService>().ReceiveAsync("test", new IntakeMetadata
        {
            SourceId = sourceId, Title = "정책 시험 문서 " + sourceId, Department = orgCode, ApprovedAt = "2026-11-20", Disclosure = disclosure, ApprovalLevel = level,
        }, [new IntakeFile("a.txt", new MemoryStream(Encoding.UTF8.GetBytes(text)))], Actor.System, CancellationToken.None);
        return (outcome.Document!.Id, sourceId);
    }

    private async Task<ReleaseDocument> SettledAsync(Guid id)
    {
        for (var i = 0; i < 150; i++)
        {
            await using var db = fixture.App.Database.NewContext();
            var doc = await db.Set<ReleaseDocument>().AsNoTracking().SingleAsync(d => d.Id == id);
            if (doc.State != DocumentState.Received)
            {
                return doc;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the document was not processed");
    }

    private async Task<HttpClient> ReviewerAsync(string orgCode)
    {
        var (user, secret) = await People.CreateAsync(fixture.App, Roles.Reviewer, totp: true, orgCode);
        return await People.SignInAsync(fixture.App, user, secret);
    }

    [Fact]
    public async Task StagedRollout_DefersLowerLevels_UntilAnAdministratorSavesTheNextPhase()
    {
        await SetPolicyAsync(new ReleasePolicy
        {
            Rules = [new ReleaseRule { MinimumLevel = ApprovalLevel.Director, Action = RuleAction.Release }, new ReleaseRule { Action = RuleAction.Defer }],
        });
        var org = await People.OrganisationAsync(fixture.App);
        var director = await SettledAsync((await IngestAsync(org.Code, "국장 결재 문서 본문입니다.")).Id);
        var teamLead = await SettledAsync((await IngestAsync(org.Code, "팀장 결재 문서 본문입니다.", level: "team-lead")).Id);

        Assert.Equal(DocumentState.Published, director.State);
        Assert.Equal(DocumentState.Waiting, teamLead.State);
        Assert.Equal(new StateReason("rollout", "2"), StateReason.Parse(teamLead.StateReason).Single());
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.App.Client().GetAsync($"/ko/documents/{teamLead.Id}")).StatusCode);

        // Phase 2, through the administrator's page: the defer rule removed, the waiting document goes out at once.
        var (admin, secret) = await People.CreateAsync(fixture.App, Roles.Administrator, totp: true);
        var client = await People.SignInAsync(fixture.App, admin, secret);
        var page = await client.GetStringAsync("/ko/admin/release/policy");
        Assert.Contains("단계적 공개", page, StringComparison.Ordinal);
        var res = await Forms.PostAsync(client, "/en/admin/release/policy", new Dictionary<string, string>
        {
            ["Form.UncertainThreshold"] = "0", ["Form.Note"] = "Phase 2: every level",
            ["Form.Rules[0].Order"] = "1", ["Form.Rules[0].MinimumLevel"] = "Director", ["Form.Rules[0].Action"] = "Release",
            ["Form.Rules[1].Order"] = "2", ["Form.Rules[1].Action"] = "Defer", ["Form.Rules[1].Remove"] = "true",
            ["Form.Rules[2].Action"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await fixture.App.Client().GetAsync($"/ko/documents/{teamLead.Id}")).StatusCode);
        var history = await client.GetStringAsync("/en/admin/release/policy");
        Assert.Contains("Phase 2: every level", history, StringComparison.Ordinal);
        await using var db = fixture.App.Database.NewContext();
        var saved = await db.Set<ReleasePolicyVersion>().OrderByDescending(v => v.Version).FirstAsync();
        Assert.Single(ReleasePolicyStore.Parse(saved.Json).Rules);
        Assert.Equal(saved.Version, (await db.Set<ReleaseDocument>().SingleAsync(d => d.Id == teamLead.Id)).PolicyVersion);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "release.policy.saved" && a.ActorId == admin.Id));
    }

    [Fact]
    public async Task PolicyPage_RefusesANoteless_OrUnknownDepartmentSave_AndNonAdministrators()
    {
        var (admin, secret) = await People.CreateAsync(fixture.App, Roles.Administrator, totp: true);
        var client = await People.SignInAsync(fixture.App, admin, secret);
        await using var before = fixture.App.Database.NewContext();
        var versions = await before.Set<ReleasePolicyVersion>().CountAsync();
        var res = await Forms.PostAsync(client, "/en/admin/release/policy", new Dictionary<string, string>
        {
            ["Form.UncertainThreshold"] = "0", ["Form.Note"] = "typo", ["Form.Rules[0].Department"] = "NO-SUCH-DEPT", ["Form.Rules[0].Action"] = "Review",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        Assert.Contains("A rule names a department that does not exist.", await res.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        res = await Forms.PostAsync(client, "/en/admin/release/policy", new Dictionary<string, string> { ["Form.UncertainThreshold"] = "0" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        await using var after = fixture.App.Database.NewContext();
        Assert.Equal(versions, await after.Set<ReleasePolicyVersion>().CountAsync());

        var reviewer = await ReviewerAsync((await People.OrganisationAsync(fixture.App)).Code);
        var denied = await reviewer.GetAsync("/en/admin/release/policy");
        Assert.Contains("access-denied", denied.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_Threshold_AndSensitiveTypes_DecideWhatWaitsForAReviewer()
    {
        var parent = await People.OrganisationAsync(fixture.App);
        var child = await People.OrganisationAsync(fixture.App, parent.Code);
        var other = await People.OrganisationAsync(fixture.App);
        await SetPolicyAsync(new ReleasePolicy
        {
            UncertainThreshold = 1.0, SensitiveTypes = [PiiType.Email],
            Rules = [new ReleaseRule { Department = parent.Code, Action = RuleAction.Review }],
        });

        // A rule on a department reaches the departments under it, even for a clean document.
        var inChild = await SettledAsync((await IngestAsync(child.Code, "도로 보수 공사 계획을 알립니다.")).Id);
        Assert.Equal(DocumentState.InReview, inChild.State);
        Assert.Equal("rule", StateReason.Parse(inChild.StateReason)[0].Code);

        // Below the threshold an uncertain finding is masked without waiting for anyone.
        var uncertain = await SettledAsync((await IngestAsync(other.Code, "대상자 210315-4123456 의 민원을 처리하였습니다.")).Id);
        Assert.Equal(DocumentState.Published, uncertain.State);
        var page = await fixture.App.Client().GetStringAsync($"/ko/documents/{uncertain.Id}");
        Assert.DoesNotContain("4123456", page, StringComparison.Ordinal);

        // A sensitive type waits for a reviewer even when the screener is certain of it.
        var mail = await SettledAsync((await IngestAsync(other.Code, "회신은 jiwoo.park@example.kr 로 보내 주십시오.")).Id);
        Assert.Equal(DocumentState.InReview, mail.State);
        Assert.Contains(new StateReason("sensitive", "Email"), StateReason.Parse(mail.StateReason));
        var queue = await (await ReviewerAsync(other.Code)).GetStringAsync("/en/admin/release/queue");
        Assert.Contains("sensitive type: Email", queue, StringComparison.Ordinal);
        await SetPolicyAsync(ReleasePolicy.Default);
    }

    [Fact]
    public async Task FourEyes_WithholdingWaitsForASecondReviewer_WhoAloneCanConfirmIt()
    {
        await SetPolicyAsync(new ReleasePolicy { FourEyesWithhold = true });
        var org = await People.OrganisationAsync(fixture.App);
        var (id, _) = await IngestAsync(org.Code, "부분공개 대상 문서입니다.", disclosure: "partial");
        Assert.Equal(DocumentState.InReview, (await SettledAsync(id)).State);
        var first = await ReviewerAsync(org.Code);
        var second = await ReviewerAsync(org.Code);

        var res = await Forms.PostAsync(first, $"/en/admin/release/review/{id}", new Dictionary<string, string> { ["decision"] = "withhold", ["ground"] = "6" });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        await using (var db = fixture.App.Database.NewContext())
        {
            var doc = await db.Set<ReleaseDocument>().SingleAsync(d => d.Id == id);
            Assert.Equal(DocumentState.InReview, doc.State);
            Assert.Contains(new StateReason("second"), StateReason.Parse(doc.StateReason));
        }

        // The proposer cannot be their own second pair of eyes.
        Assert.DoesNotContain("Confirm this decision", await first.GetStringAsync($"/en/admin/release/review/{id}"), StringComparison.Ordinal);
        await Forms.PostAsync(first, $"/en/admin/release/review/{id}", new Dictionary<string, string> { ["decision"] = "confirm" });
        await using (var db = fixture.App.Database.NewContext())
        {
            Assert.Equal(DocumentState.InReview, (await db.Set<ReleaseDocument>().SingleAsync(d => d.Id == id)).State);
        }

        var review = await second.GetStringAsync($"/en/admin/release/review/{id}");
        Assert.Contains("Confirm this decision", review, StringComparison.Ordinal);
        Assert.Contains("Exemption ground 6", review, StringComparison.Ordinal);
        res = await Forms.PostAsync(second, $"/en/admin/release/review/{id}", new Dictionary<string, string> { ["decision"] = "confirm" });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        await using (var db = fixture.App.Database.NewContext())
        {
            var doc = await db.Set<ReleaseDocument>().SingleAsync(d => d.Id == id);
            Assert.Equal(DocumentState.Withheld, doc.State);
            Assert.Equal(new StateReason("withheld", "6"), StateReason.Parse(doc.StateReason).Single());
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "release.review.proposed" && a.TargetId == id.ToString()));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "release.review.withheld" && a.TargetId == id.ToString()));
            Assert.False(await db.Set<ReleaseReviewProposal>().AnyAsync(p => p.DocumentId == id));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await fixture.App.Client().GetAsync($"/ko/documents/{id}")).StatusCode);
        await SetPolicyAsync(ReleasePolicy.Default);
    }

    [Fact]
    public async Task FourEyes_UnmaskingACertainFinding_NeedsASecondReviewer_ApprovingAsItIsDoesNot()
    {
        await SetPolicyAsync(new ReleasePolicy { FourEyesOverride = true });
        var org = await People.OrganisationAsync(fixture.App);
        var (id, _) = await IngestAsync(org.Code, "민원인 휴대전화 010-3456-7788 (평일 09시~18시)", disclosure: "partial");
        await SettledAsync(id);
        long phone;
        await using (var db = fixture.App.Database.NewContext())
        {
            var finding = await db.Set<ReleaseFinding>().SingleAsync(f => f.DocumentId == id && f.Type == PiiType.Phone);
            Assert.True(finding.Certain);
            phone = finding.Id;
        }

        var first = await ReviewerAsync(org.Code);
        await Forms.PostAsync(first, $"/en/admin/release/review/{id}", new Dictionary<string, string> { ["decision"] = "approve" }); // no "masked": unmask all
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.App.Client().GetAsync($"/ko/documents/{id}")).StatusCode);

        var second = await ReviewerAsync(org.Code);
        await Forms.PostAsync(second, $"/en/admin/release/review/{id}", new Dictionary<string, string> { ["decision"] = "confirm" });
        Assert.Contains("010-3456-7788", await fixture.App.Client().GetStringAsync($"/ko/documents/{id}"), StringComparison.Ordinal);
        await using (var db = fixture.App.Database.NewContext())
        {
            Assert.Equal(FindingDecision.Rejected, (await db.Set<ReleaseFinding>().SingleAsync(f => f.Id == phone)).Decision);
        }

        // Keeping every mask is no override: one reviewer suffices.
        var (plain, _) = await IngestAsync(org.Code, "문의처 010-4455-6677", disclosure: "partial");
        await SettledAsync(plain);
        await using (var db = fixture.App.Database.NewContext())
        {
            var keep = await db.Set<ReleaseFinding>().Where(f => f.DocumentId == plain).Select(f => f.Id).ToListAsync();
            var fields = new Dictionary<string, string> { ["decision"] = "approve" };
            Assert.Single(keep);
            fields["masked"] = keep[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Forms.PostAsync(first, $"/en/admin/release/review/{plain}", fields);
        }

        var published = await fixture.App.Client().GetStringAsync($"/ko/documents/{plain}");
        Assert.DoesNotContain("4455-6677", published, StringComparison.Ordinal);
        await SetPolicyAsync(ReleasePolicy.Default);
    }

    [Fact]
    public async Task ReviewQueue_ShowsOnlyTheReviewersDepartments_MostSensitiveFirst_InTheirLanguage()
    {
        var mine = await People.OrganisationAsync(fixture.App);
        var below = await People.OrganisationAsync(fixture.App, mine.Code);
        var theirs = await People.OrganisationAsync(fixture.App);
        var (low, lowSource) = await IngestAsync(mine.Code, "연락처 010-2233-4455", disclosure: "partial");
        var (high, highSource) = await IngestAsync(below.Code, "주민등록번호: 900101-1234568\n연락처 010-2233-4456", disclosure: "partial");
        var (other, otherSource) = await IngestAsync(theirs.Code, "연락처 010-2233-4457", disclosure: "partial");
        foreach (var id in new[] { low, high, other })
        {
            Assert.Equal(DocumentState.InReview, (await SettledAsync(id)).State);
        }

        var reviewer = await ReviewerAsync(mine.Code);
        var queue = await reviewer.GetStringAsync("/en/admin/release/queue");
        Assert.Contains(lowSource, queue, StringComparison.Ordinal);
        Assert.Contains(highSource, queue, StringComparison.Ordinal);
        Assert.DoesNotContain(otherSource, queue, StringComparison.Ordinal);
        Assert.True(queue.IndexOf(highSource, StringComparison.Ordinal) < queue.IndexOf(lowSource, StringComparison.Ordinal), "the more sensitive document comes first");

        var denied = await reviewer.GetAsync($"/en/admin/release/review/{other}");
        Assert.Contains("access-denied", denied.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);
        var refused = await Forms.PostAsync(reviewer, $"/en/admin/release/review/{other}", new Dictionary<string, string> { ["decision"] = "approve" }, tokenFromPath: "/en/admin/release/queue");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        await using (var db = fixture.App.Database.NewContext())
        {
            Assert.Equal(DocumentState.InReview, (await db.Set<ReleaseDocument>().SingleAsync(d => d.Id == other)).State);
        }

        Assert.Contains("부분공개: 검토자가 공개 범위를 정합니다", await reviewer.GetStringAsync("/ko/admin/release/queue"), StringComparison.Ordinal);
    }
}
