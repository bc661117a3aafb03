using System.Net;
using Madang.Core.Data;
using Madang.Core.Permissions;
using Madang.Participation.Consultations;
using Madang.Participation.Domain;
using Madang.Participation.Following;
using Madang.Participation.Proposals;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madang.Web.Tests.Participation;

/// <summary>"The City asks", commitments tracked to completion, comments, and followers told: over HTTP and through the services.</summary>
public sealed class ConsultationAndCommitmentTests : IClassFixture<AppFixture>
{
    private readonly MadangTestApp app;

    public ConsultationAndCommitmentTests(AppFixture fixture) => app = fixture.App;

    private async Task<(string Slug, Madang.Core.Organisations.Organisation Dept)> ProcessAsync()
    {
        var dept = await People.OrganisationAsync(app);
        var slug = "asks-" + Guid.NewGuid().ToString("N")[..8];
        await Citizens.ProcessAsync(app, LadderTests.Ladder2017(slug, dept.Code, dept.Code)
            + "\ndistricts:\n  - { code: north, name: { en: North, ko: 북구 } }\n  - { code: south, name: { en: South, ko: 남구 } }\n");
        return (slug, dept);
    }

    [Fact]
    public async Task ADepartmentAsks_ResidentsAnswerOnce_AndResultsAreBrokenDownOnlyForThoseWhoShared()
    {
        var (slug, dept) = await ProcessAsync();
        var (officer, secret) = await People.CreateAsync(app, Roles.Staff, totp: true, dept.Code);
        var staff = await People.SignInAsync(app, officer, secret);
        var today = DateTime.UtcNow.Date;
        var res = await Forms.PostAsync(staff, "/en/admin/participation/consultations/new", new Dictionary<string, string>
        {
            ["Department"] = dept.Code, ["Process"] = slug, ["Title"] = "Which name for the new library?", ["Background"] = "The library opens in **March**.",
            ["Kind"] = "Vote", ["Mode"] = "Single", ["Options"] = "Maru Library\nHaneul Library\nSaessak Library",
            ["Opens"] = today.AddDays(-1).ToString("yyyy-MM-dd"), ["Closes"] = today.AddDays(10).ToString("yyyy-MM-dd"), ["ResultsLive"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var id = long.Parse(res.Headers.Location!.ToString().Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

        var people = await Citizens.CreateAsync(app, 6);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var consultations = scope.ServiceProvider.GetRequiredService<ConsultationService>();
            Assert.True(await consultations.RespondAsync(id, people[0], [0], share: true, "north", "30-39"));
            Assert.True(await consultations.RespondAsync(id, people[1], [1], share: true, "north", "60-69"));
            Assert.True(await consultations.RespondAsync(id, people[2], [1], share: false, "south", "30-39")); // not shared: not in the breakdown
            Assert.True(await consultations.RespondAsync(id, people[3], [2], share: true, "south", null));
            Assert.False(await consultations.RespondAsync(id, people[0], [1], share: true, "north", "30-39")); // a second answer replaces the first
            var ex = await Assert.ThrowsAsync<ParticipationException>(() => consultations.RespondAsync(id, people[4], [0, 1], share: false, null, null));
            Assert.Equal("participation.error.choice", ex.Key);
            var c = await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Set<Consultation>().AsNoTracking().SingleAsync(x => x.Id == id);
            var r = await consultations.ResultsAsync(c);
            Assert.Equal(4, r.Respondents);
            Assert.Equal([0, 3, 1], r.Counts);
            Assert.Equal([0, 2, 0], r.ByDistrict["north"]);
            Assert.Equal([0, 0, 1], r.ByDistrict["south"]);
            Assert.Equal([0, 1, 0], r.ByAgeBand["30-39"]);
        }

        // While it is open, results are for staff only.
        var anonymous = await app.Client().GetStringAsync($"/en/consultations/{id}");
        Assert.Contains("Results are published when the consultation closes.", anonymous, StringComparison.Ordinal);
        Assert.Contains("<strong>March</strong>", anonymous, StringComparison.Ordinal);
        var staffPage = await staff.GetStringAsync($"/en/consultations/{id}");
        Assert.Contains("Results (4 answers)", staffPage, StringComparison.Ordinal);
        Assert.Contains("75.0", staffPage, StringComparison.Ordinal);

        // Once closed (on a fake clock), everyone sees them, and followers are told once.
        var follower = people[5];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Followers>().FollowAsync(follower, "consultation", id);
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(12));
            var consultations = ActivatorUtilities.CreateInstance<ConsultationService>(scope.ServiceProvider, clock);
            Assert.True(await consultations.AnnounceClosedAsync() >= 1);
            Assert.Equal(0, await consultations.AnnounceClosedAsync());
        }

        await WaitForInboxAsync(follower, "consultations/" + id);
    }

    [Fact]
    public async Task ADiscussionOpensADebate_AndCommentsThreadVoteAndHideAfterReports()
    {
        var (slug, dept) = await ProcessAsync();
        var people = await Citizens.CreateAsync(app, 5);
        long id, debateId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var c = await scope.ServiceProvider.GetRequiredService<ConsultationService>().CreateAsync(new ConsultationDraft(slug, dept.Id,
                "Should the riverside road close on Sundays?", "Background.", ConsultationKind.Discussion, ChoiceMode.ForAgainst, [],
                DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), true, "en"), Madang.Core.Audit.Actor.System);
            id = c.Id;
            debateId = await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Set<Debate>().Where(d => d.ConsultationId == id).Select(d => d.Id).SingleAsync();
            var comments = scope.ServiceProvider.GetRequiredService<CommentService>();
            var first = await comments.PostAsync("debate", debateId, null, people[0], "Call me on 010-3456-7890 to organise.");
            var reply = await comments.PostAsync("debate", debateId, first.Id, people[1], "Good idea.");
            await comments.VoteAsync(first.Id, people[1], 1);
            await comments.VoteAsync(first.Id, people[2], 1);
            await comments.VoteAsync(first.Id, people[3], -1);
            await comments.VoteAsync(first.Id, people[2], 1); // the same vote again takes it back
            var spam = await comments.PostAsync("debate", debateId, null, people[4], "Buy cheap watches.");
            foreach (var reporter in people.Take(3))
            {
                await comments.ReportAsync(spam.Id, reporter, "spam");
            }

            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            var counted = await db.Set<Comment>().AsNoTracking().SingleAsync(x => x.Id == first.Id);
            Assert.Equal((1, 1), (counted.Up, counted.Down));
            Assert.True((await db.Set<Comment>().AsNoTracking().SingleAsync(x => x.Id == spam.Id)).Hidden);
            Assert.Equal(first.Id, (await db.Set<Comment>().AsNoTracking().SingleAsync(x => x.Id == reply.Id)).ParentId);
        }

        // Through the page's own forms: follow, then comment.
        var (citizen, _) = await People.CreateAsync(app, Roles.Citizen, totp: false);
        var client = await People.SignInAsync(app, citizen, null);
        var res = await Forms.PostAsync(client, "/en/follow", new Dictionary<string, string> { ["type"] = "debate", ["id"] = debateId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["follow"] = "true", ["returnUrl"] = $"/en/debates/{debateId}" }, $"/en/debates/{debateId}");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        res = await Forms.PostAsync(client, "/en/comments/post", new Dictionary<string, string> { ["type"] = "debate", ["target"] = debateId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["text"] = "Posted through the form.", ["returnUrl"] = $"/en/debates/{debateId}" }, $"/en/debates/{debateId}");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.StartsWith($"/en/debates/{debateId}#comment-", res.Headers.Location!.OriginalString, StringComparison.Ordinal);
        res = await Forms.PostAsync(client, "/en/comments/post", new Dictionary<string, string> { ["type"] = "debate", ["target"] = "1", ["text"] = "x", ["returnUrl"] = "https://evil.example/" }, $"/en/debates/{debateId}");
        Assert.DoesNotContain("evil.example", res.Headers.Location!.OriginalString, StringComparison.Ordinal); // only local return addresses
        Assert.Contains("Stop following", await client.GetStringAsync($"/en/debates/{debateId}"), StringComparison.Ordinal);

        var page = await app.Client().GetStringAsync($"/en/debates/{debateId}");
        Assert.Contains("Posted through the form.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("3456-7890", page, StringComparison.Ordinal);
        Assert.Contains("Good idea.", page, StringComparison.Ordinal);
        Assert.Contains("depth-1", page, StringComparison.Ordinal);
        Assert.DoesNotContain("cheap watches", page, StringComparison.Ordinal);
        Assert.Contains("1 up · 1 down", page, StringComparison.Ordinal);
        Assert.Contains("Go to the discussion", await app.Client().GetStringAsync($"/en/consultations/{id}"), StringComparison.Ordinal);
        var search = await app.Client().GetStringAsync("/en/search?q=" + Uri.EscapeDataString("riverside Sundays"));
        Assert.Contains($"consultations/{id}", search, StringComparison.Ordinal);

        // The moderator finds the hidden comment on the desk with why it was reported, and restores it; the queue empties.
        var (moderator, secret) = await People.CreateAsync(app, Roles.Moderator, totp: true);
        var desk = await People.SignInAsync(app, moderator, secret);
        var queue = System.Text.RegularExpressions.Regex.Replace(WebUtility.HtmlDecode(await desk.GetStringAsync("/en/admin/participation")), "\\s+", " ");
        Assert.Contains("Comments hidden by reports (1)", queue, StringComparison.Ordinal);
        Assert.Contains("Buy cheap watches.", queue, StringComparison.Ordinal);
        Assert.Contains("3 reports: Spam or advertising ×3", queue, StringComparison.Ordinal);
        var spamId = System.Text.RegularExpressions.Regex.Match(queue, "\\?id=(\\d+)&handler=Comment").Groups[1].Value;
        res = await Forms.PostAsync(client, $"/en/admin/participation?handler=Comment&id={spamId}", new Dictionary<string, string> { ["show"] = "true" }, $"/en/debates/{debateId}");
        Assert.Contains("access-denied", res.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal); // a citizen cannot
        res = await Forms.PostAsync(desk, $"/en/admin/participation?handler=Comment&id={spamId}", new Dictionary<string, string> { ["show"] = "true" }, "/en/admin/participation");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.Contains("Comments hidden by reports (0)", await desk.GetStringAsync("/en/admin/participation"), StringComparison.Ordinal);
        Assert.Contains("Buy cheap watches.", await app.Client().GetStringAsync($"/en/debates/{debateId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdoptedProposalBecomesACommitment_TrackedWithMilestonesAndUpdates_AndItsFollowersAreTold()
    {
        var (slug, dept) = await ProcessAsync();
        var people = await Citizens.CreateAsync(app, 52);
        long proposal;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var proposals = scope.ServiceProvider.GetRequiredService<ProposalService>();
            proposal = (await proposals.CreateAsync(slug, people[50], new ProposalDraft("Drinking fountains in parks", "Summers are hot.", "welfare", Language: "en"))).Id;
            foreach (var u in people.Take(50))
            {
                await proposals.SupportAsync(proposal, u);
            }

            await scope.ServiceProvider.GetRequiredService<Followers>().FollowAsync(people[51], "proposal", proposal);
            await proposals.AnswerAsync(proposal, dept.Id, AnswerStatus.Accepted, "We will install 40 fountains.", Madang.Core.Audit.Actor.System);
        }

        await WaitForInboxAsync(people[51], "proposals/" + proposal); // a follower hears of the answer

        var (officer, secret) = await People.CreateAsync(app, Roles.Staff, totp: true, dept.Code);
        var staff = await People.SignInAsync(app, officer, secret);
        Assert.Contains($"commitments?proposal={proposal}", await staff.GetStringAsync($"/en/admin/participation/proposals/{proposal}"), StringComparison.Ordinal);
        var res = await Forms.PostAsync(staff, $"/en/admin/participation/commitments?proposal={proposal}&handler=Create", new Dictionary<string, string>
        {
            ["proposal"] = proposal.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Department"] = dept.Code, ["Title"] = "40 drinking fountains",
            ["Description"] = "In every park larger than 1 ha.", ["Budget"] = "120000000", ["StartsOn"] = "2027-03-01", ["DueOn"] = "2027-09-30",
        }, $"/en/admin/participation/commitments?proposal={proposal}");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var desk = res.Headers.Location!.ToString();
        var id = long.Parse(desk.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        res = await Forms.PostAsync(staff, $"{desk}?handler=Milestone", new Dictionary<string, string> { ["Title"] = "Tender awarded", ["DueOn"] = "2027-04-15" }, desk);
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        res = await Forms.PostAsync(staff, $"{desk}?handler=Update", new Dictionary<string, string>
        {
            ["Text"] = "The first 10 fountains are running.", ["Evidence"] = "https://city.example/photos/fountains", ["Progress"] = "25", ["Status"] = "InProgress",
        }, desk);
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        res = await Forms.PostAsync(staff, $"{desk}?handler=Update", new Dictionary<string, string> { ["Text"] = "x", ["Evidence"] = "javascript:alert(1)", ["Progress"] = "30", ["Status"] = "InProgress" }, desk);
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode); // refused with a message; nothing saved

        var page = await app.Client().GetStringAsync($"/en/commitments/{id}");
        Assert.Contains("The first 10 fountains are running.", page, StringComparison.Ordinal);
        Assert.Contains("Tender awarded", page, StringComparison.Ordinal);
        Assert.Contains("value=\"25\"", page, StringComparison.Ordinal);
        Assert.Contains("https://city.example/photos/fountains", page, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", page, StringComparison.Ordinal);
        Assert.Contains($"commitments/{id}", await app.Client().GetStringAsync($"/en/proposals/{proposal}"), StringComparison.Ordinal);
        Assert.Contains("40 drinking fountains", await app.Client().GetStringAsync("/en/commitments?status=inprogress"), StringComparison.Ordinal);
        await WaitForInboxAsync(people[51], "commitments/" + id); // the proposal's follower now follows the commitment
    }

    [Fact]
    public async Task ParticipationIsPublishedAsAnonymousOpenData_AndAnUnchangedRunAddsNoVersion()
    {
        var (slug, dept) = await ProcessAsync();
        var people = await Citizens.CreateAsync(app, 3);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var proposals = scope.ServiceProvider.GetRequiredService<ProposalService>();
            var p = await proposals.CreateAsync(slug, people[0], new ProposalDraft("Open data: bike lanes " + slug, "Mail me at someone@example.com.", "welfare", Language: "en"));
            await proposals.SupportAsync(p.Id, people[1]);
            await proposals.SupportAsync(p.Id, people[2]);
            var openData = scope.ServiceProvider.GetRequiredService<Madang.Participation.OpenData.ParticipationOpenData>();
            Assert.Equal(3, await openData.PublishAsync(dept.Id));
            Assert.Equal(0, await openData.PublishAsync(dept.Id));
        }

        var client = app.Client();
        using var show = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/3/action/package_show?id=participation-proposals"));
        var url = show.RootElement.GetProperty("result").GetProperty("resources")[0].GetProperty("url").GetString()!;
        var csv = await client.GetStringAsync(new Uri(url).PathAndQuery);
        Assert.StartsWith("id,process,title,category,district,status,steps_reached,supports,published,department,answer_status,overdue", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        var line = csv.Split('\n').Single(l => l.Contains("Open data: bike lanes " + slug, StringComparison.Ordinal));
        Assert.Contains(",open,0,2,", line, StringComparison.Ordinal);
        Assert.DoesNotContain("someone@example.com", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("주민", csv, StringComparison.Ordinal); // no names of authors or supporters
        Assert.Contains("participation-consultation-results", await client.GetStringAsync("/api/3/action/package_list"), StringComparison.Ordinal);
    }

    private async Task WaitForInboxAsync(Guid user, string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var scope = app.Services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<MadangDbContext>().InboxMessages.AnyAsync(m => m.UserId == user && m.Url == url))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no inbox message for {url}");
            await Task.Delay(200);
        }
    }
}
