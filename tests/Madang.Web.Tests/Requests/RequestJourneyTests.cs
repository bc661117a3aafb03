using System.Net;
using System.Text.Json;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Organisations;
using Madang.Core.Permissions;
using Madang.Release.Domain;
using Madang.Requests.Domain;
using Madang.Requests.Requests;
using Madang.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests.Requests;

/// <summary>A citizen asks about a document and the department answers — each step told by e-mail through a real SMTP
/// server and by SMS through a local HTTP gateway — and personal data never reaches a public surface.</summary>
public sealed class RequestJourneyTests
{
    [Fact]
    public async Task AQuestionFromADocumentPage_IsAcknowledgedExtendedAndAnswered_EachStepArrivingByEmailAndSms()
    {
        await using var gateway = await SmsGateway.StartAsync();
        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite, smtp: true, seedDemo: false,
            "--Madang:Sms:Url=" + gateway.Url, "--Madang:Sms:BodyTemplate={\"to\":\"{to}\",\"text\":\"{text}\"}");
        var dept = await People.OrganisationAsync(app);
        var (officer, secret) = await People.CreateAsync(app, Roles.Staff, totp: true, dept.Code);
        var (citizen, _) = await People.CreateAsync(app, Roles.Citizen, totp: false);
        const string phone = "+821077778888";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            var u = await db.Users.SingleAsync(x => x.Id == citizen.Id);
            (u.PhoneNumber, u.PhoneNumberConfirmed) = (phone, true);
            await db.SaveChangesAsync();
        }

        var documentId = await DocumentAsync(app, dept.Id, "2026년 보도블록 정비 계획");
        var client = await People.SignInAsync(app, citizen, null);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/en/documents/{documentId}"));
        var ask = $"/en/requests/ask?about={Uri.EscapeDataString("document:" + documentId)}";
        Assert.Contains($"href=\"{ask}\"", page, StringComparison.Ordinal); // "Ask a question about this"
        var form = WebUtility.HtmlDecode(await client.GetStringAsync(ask));
        Assert.Contains("2026년 보도블록 정비 계획", form, StringComparison.Ordinal);

        var res = await Forms.PostAsync(client, ask, new Dictionary<string, string>
        {
            ["About"] = "document:" + documentId, ["Kind"] = "question", ["Subject"] = "When do the works on Jong-ro start?",
            ["Text"] = "The plan lists Jong-ro but no dates.", ["ByEmail"] = "true", ["BySms"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var id = long.Parse(res.Headers.Location!.ToString().Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var r = await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Set<Request>().SingleAsync(x => x.Id == id);
            Assert.Equal(dept.Id, r.OrganisationId); // routed to the department that owns the document
            Assert.Equal(("document", documentId.ToString()), (r.AboutType, r.AboutKey));
        }

        // The document's page now leads to the questions asked about it, and that list holds this one.
        var asked = $"/en/requests?about={Uri.EscapeDataString("document:" + documentId)}";
        page = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/documents/{documentId}"));
        Assert.Contains($"href=\"{asked}\">Questions already asked about this (1)", page, StringComparison.Ordinal);
        var list = WebUtility.HtmlDecode(await app.Client().GetStringAsync(asked));
        Assert.Contains("When do the works on Jong-ro start?", list, StringComparison.Ordinal);
        Assert.Contains("2026년 보도블록 정비 계획", list, StringComparison.Ordinal);

        await CaughtMail.WaitForAsync(citizen.Email!, TimeSpan.FromSeconds(30), m => m.Subject == "Your request is received");
        await CaughtMail.WaitForAsync(officer.Email!, TimeSpan.FromSeconds(30), m => m.Subject == "A new request for your department");
        await gateway.WaitForAsync(phone, "Your request is received");

        // The department, at its desk: acknowledge, extend with a reason, answer.
        var staff = await People.SignInAsync(app, officer, secret);
        Assert.Contains("When do the works on Jong-ro start?", WebUtility.HtmlDecode(await staff.GetStringAsync("/en/admin/requests")), StringComparison.Ordinal);
        var desk = $"/en/admin/requests/{id}";
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(staff, desk + "?handler=Acknowledge", new Dictionary<string, string>(), desk)).StatusCode);
        await CaughtMail.WaitForAsync(citizen.Email!, TimeSpan.FromSeconds(30), m => m.Subject == "Your request is being handled");
        await gateway.WaitForAsync(phone, "Your request is being handled");

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(staff, desk + "?handler=Extend", new Dictionary<string, string> { ["Reason"] = "The contractor confirms the dates next week." }, desk)).StatusCode);
        var extended = await CaughtMail.WaitForAsync(citizen.Email!, TimeSpan.FromSeconds(30), m => m.Subject == "The deadline of your request is extended");
        Assert.Contains("The contractor confirms the dates next week.", extended.TextBody, StringComparison.Ordinal);
        await gateway.WaitForAsync(phone, "The deadline of your request is extended");
        // Only once.
        var again = await Forms.PostAsync(staff, desk + "?handler=Extend", new Dictionary<string, string> { ["Reason"] = "Again." }, desk);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("extended only once", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(staff, desk + "?handler=Answer", new Dictionary<string, string>
        {
            ["Outcome"] = "Answered", ["AnswerText"] = "Works start on 6 April and end in June.",
        }, desk)).StatusCode);
        var answered = await CaughtMail.WaitForAsync(citizen.Email!, TimeSpan.FromSeconds(30), m => m.Subject == "Your request has an answer");
        Assert.Contains($"/en/requests/{id}", answered.TextBody, StringComparison.Ordinal);
        await gateway.WaitForAsync(phone, "Your request has an answer");

        // In the open: the public page, with its timeline.
        var public_ = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/requests/{id}"));
        Assert.Contains("Works start on 6 April and end in June.", public_, StringComparison.Ordinal);
        foreach (var step in new[] { "Received", "Acknowledged by the department", "Deadline extended", "Answered" })
        {
            Assert.Contains(step, public_, StringComparison.Ordinal);
        }

        // The requester rates and closes it.
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(client, $"/en/requests/{id}?handler=Rate", new Dictionary<string, string> { ["Rating"] = "5" }, $"/en/requests/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(client, $"/en/requests/{id}?handler=Close", new Dictionary<string, string>(), $"/en/requests/{id}")).StatusCode);
        Assert.Contains("rated this answer 5 out of 5", await app.Client().GetStringAsync($"/en/requests/{id}"), StringComparison.Ordinal);

        // Staff of another department cannot act on it.
        var other = await People.OrganisationAsync(app);
        var (outsider, outsiderSecret) = await People.CreateAsync(app, Roles.Staff, totp: true, other.Code);
        var stranger = await People.SignInAsync(app, outsider, outsiderSecret);
        var denied = await stranger.GetAsync(desk);
        Assert.Contains("access-denied", denied.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APersonalIdentifierWrittenInAQuestion_NeverAppearsOnItsPublicPageOrInAnyApiResponse()
    {
        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite);
        var dept = await People.OrganisationAsync(app);
        var (officer, secret) = await People.CreateAsync(app, Roles.Staff, totp: true, dept.Code);
        var (citizen, _) = await People.CreateAsync(app, Roles.Citizen, totp: false);
        var documentId = await DocumentAsync(app, dept.Id, "청소년 상담 지원 사업");
        var client = await People.SignInAsync(app, citizen, null);
        var ask = $"/en/requests/ask?about={Uri.EscapeDataString("document:" + documentId)}";
        var res = await Forms.PostAsync(client, ask, new Dictionary<string, string>
        {
            ["About"] = "document:" + documentId, ["Kind"] = "question", ["Subject"] = "상담 신청 결과 문의 010-2345-6789",
            ["Text"] = "제 주민등록번호는 900101-1234568이고 연락처는 010-2345-6789, 메일은 kim.minji@example.kr 입니다. 청소년상담 결과를 알려 주세요.",
        });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var id = long.Parse(res.Headers.Location!.ToString().Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var staff = await People.SignInAsync(app, officer, secret);
        var desk = $"/en/admin/requests/{id}";
        Assert.Contains("900101-1234568", await staff.GetStringAsync(desk), StringComparison.Ordinal); // staff see what was written
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(staff, desk + "?handler=Answer", new Dictionary<string, string>
        {
            ["Outcome"] = "Answered", ["AnswerText"] = "청소년상담 결과는 010-2345-6789로 연락드리겠습니다.",
        }, desk)).StatusCode);

        string[] secrets = ["1234568", "2345-6789", "kim.minji@example.kr", "01023456789"];
        var anonymous = app.Client();
        var surfaces = new List<string>
        {
            await anonymous.GetStringAsync($"/en/requests/{id}"),
            await anonymous.GetStringAsync("/en/requests"),
            await anonymous.GetStringAsync("/en/requests/departments"),
            await anonymous.GetStringAsync("/en/search?q=" + Uri.EscapeDataString("청소년상담")),
            await anonymous.GetStringAsync("/api/v1/search?q=" + Uri.EscapeDataString("청소년상담")),
            await anonymous.GetStringAsync("/en/requests/ask?about=" + Uri.EscapeDataString("document:" + documentId)),
        };
        var api = JsonDocument.Parse(surfaces[4]).RootElement.ToString();
        Assert.Contains($"requests/{id}", api, StringComparison.Ordinal); // the answered request is found…
        foreach (var s in surfaces)
        {
            foreach (var secretText in secrets)
            {
                Assert.DoesNotContain(secretText, WebUtility.HtmlDecode(s), StringComparison.Ordinal); // …but its personal data is not
            }
        }

        Assert.Contains("900101-1", WebUtility.HtmlDecode(surfaces[0]), StringComparison.Ordinal); // masked, keeping what a reader needs
    }

    [Fact]
    public async Task APrivateRequestIsSeenOnlyByItsRequesterAndTheDepartment_AndAnonymousQuestionsNeedNoAccount()
    {
        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite);
        var dept = await People.OrganisationAsync(app);
        var (citizen, _) = await People.CreateAsync(app, Roles.Citizen, totp: false);
        var documentId = await DocumentAsync(app, dept.Id, "주차장 운영 규정");
        var client = await People.SignInAsync(app, citizen, null);
        var ask = $"/en/requests/ask?about={Uri.EscapeDataString("document:" + documentId)}";
        var res = await Forms.PostAsync(client, ask, new Dictionary<string, string>
        {
            ["About"] = "document:" + documentId, ["Kind"] = "disclosure", ["Subject"] = "Parking fines collected in 2025",
            ["Text"] = "The monthly totals.", ["Form"] = "Electronic", ["IsPrivate"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var id = res.Headers.Location!.ToString().Split('/').Last();
        Assert.Contains("Parking fines collected in 2025", await client.GetStringAsync($"/en/requests/{id}"), StringComparison.Ordinal);
        Assert.Contains("Parking fines collected in 2025", await client.GetStringAsync("/en/requests?mine=true"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/en/requests/{id}")).StatusCode);
        Assert.DoesNotContain("Parking fines collected in 2025", await app.Client().GetStringAsync("/en/requests"), StringComparison.Ordinal);

        // Without an account: a question is taken (its answer will be public); a disclosure request is not.
        var anonymous = app.Client();
        res = await Forms.PostAsync(anonymous, ask, new Dictionary<string, string>
        {
            ["About"] = "document:" + documentId, ["Kind"] = "question", ["Subject"] = "Is parking free on holidays?", ["Text"] = "On public holidays.",
        });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        res = await Forms.PostAsync(anonymous, ask, new Dictionary<string, string>
        {
            ["About"] = "document:" + documentId, ["Kind"] = "disclosure", ["Subject"] = "All permits", ["Text"] = "Every permit.",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        Assert.Contains("Sign in to send this request.", await res.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Asking about something that does not exist is a clear 404, not an error page.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/en/requests/ask?about=document%3A" + Guid.NewGuid())).StatusCode);
    }

    [Fact]
    public async Task AttachmentsReachOnlyTheRequesterAndTheDepartment_AndADisclosureAgainstAThirdPartyWaitsItsWindow()
    {
        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite);
        var dept = await People.OrganisationAsync(app);
        var (officer, secret) = await People.CreateAsync(app, Roles.Staff, totp: true, dept.Code);
        var (citizen, _) = await People.CreateAsync(app, Roles.Citizen, totp: false);
        var (other, _) = await People.CreateAsync(app, Roles.Citizen, totp: false);
        var documentId = await DocumentAsync(app, dept.Id, "건축 허가 대장");
        var client = await People.SignInAsync(app, citizen, null);
        var ask = $"/en/requests/ask?about={Uri.EscapeDataString("document:" + documentId)}";
        var letter = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% a letter with a resident number 900101-1234568\n%%EOF\n");
        var fields = new Dictionary<string, string>
        {
            ["About"] = "document:" + documentId, ["Kind"] = "disclosure", ["Subject"] = "Permits on Yulgok-ro", ["Text"] = "The 2025 permits.", ["Form"] = "Electronic",
        };

        // A program is refused with a clear error on its field, and nothing is sent.
        var refused = await Forms.PostMultipartAsync(client, ask, fields, [("Attachment1", "setup.exe", [0x4D, 0x5A, 0x90, 0x00])]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("This kind of file is not taken", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var res = await Forms.PostMultipartAsync(client, ask, fields, [("Attachment1", "my letter.pdf", letter)]);
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var id = long.Parse(res.Headers.Location!.ToString().Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var file = $"/requests/{id}/attachments/1";
        Assert.Equal(letter, await client.GetByteArrayAsync(file));
        Assert.Contains("my letter.pdf", WebUtility.HtmlDecode(await client.GetStringAsync($"/en/requests/{id}")), StringComparison.Ordinal);
        var staff = await People.SignInAsync(app, officer, secret);
        Assert.Equal(letter, await staff.GetByteArrayAsync(file));
        Assert.Equal(HttpStatusCode.NotFound, (await (await People.SignInAsync(app, other, null)).GetAsync(file)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(file)).StatusCode);
        Assert.DoesNotContain("my letter.pdf", WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/requests/{id}")), StringComparison.Ordinal);

        // Decided to disclose although a third party objected: the decision is public, the release waits 30 days.
        var desk = $"/en/admin/requests/{id}";
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(staff, desk + "?handler=Answer", new Dictionary<string, string>
        {
            ["Outcome"] = "Disclosed", ["AnswerText"] = "The permits are disclosed.", ["ThirdParty"] = "true",
        }, desk)).StatusCode);
        var page = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/requests/{id}"));
        Assert.Contains("A third party whom this information concerns objected", page, StringComparison.Ordinal);
        Assert.Contains("Disclosure waits for the third party", page, StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var r = await db.Set<Request>().SingleAsync(x => x.Id == id);
        Assert.Equal(30, (r.DiscloseAfter!.Value - r.AnsweredAt!.Value).TotalDays, 3);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "requests.request.answered" && a.TargetId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>A published document of <paramref name="organisationId"/>, written straight to its table.</summary>
    internal static async Task<Guid> DocumentAsync(MadangTestApp app, Guid organisationId, string title)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var doc = new ReleaseDocument
        {
            Id = Guid.NewGuid(), SourceSystem = "test", SourceId = Guid.NewGuid().ToString("N"), Title = title, MaskedTitle = title,
            OrganisationId = organisationId, ApprovedAt = DateTimeOffset.UtcNow.AddDays(-2), ReceivedAt = DateTimeOffset.UtcNow.AddDays(-2),
            PublishedAt = DateTimeOffset.UtcNow.AddDays(-1), State = DocumentState.Published, Disclosure = DisclosureClass.Public,
            MaskedText = "본문", ExtractedText = "본문",
        };
        db.Add(doc);
        await db.SaveChangesAsync();
        return doc.Id;
    }
}

/// <summary>A real HTTP SMS gateway on a loopback port that records what it is asked to send.</summary>
internal sealed class SmsGateway : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<(string To, string Text)> received = [];

    private SmsGateway(WebApplication app, string url)
    {
        this.app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<SmsGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        SmsGateway? gateway = null;
        app.MapPost("/send", async (HttpContext ctx) =>
        {
            var body = await JsonDocument.ParseAsync(ctx.Request.Body);
            lock (gateway!.received)
            {
                gateway.received.Add((body.RootElement.GetProperty("to").GetString()!, body.RootElement.GetProperty("text").GetString()!));
            }

            return Results.Ok();
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/send";
        gateway = new SmsGateway(app, url);
        return gateway;
    }

    public async Task WaitForAsync(string to, string textStart)
    {
        for (var i = 0; i < 150; i++)
        {
            lock (received)
            {
                if (received.Any(r => r.To == to && r.Text.StartsWith(textStart, StringComparison.Ordinal)))
                {
                    return;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No SMS to {to} starting \"{textStart}\" reached the gateway.");
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
