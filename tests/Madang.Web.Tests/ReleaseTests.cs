using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Madang.Core.ApiKeys;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Release.Domain;
using Madang.Release.Processing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests;

/// <summary>The release pipeline through its real API, job worker, pages, search and API.</summary>
public sealed class ReleaseTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    // Planted personal data: every value here must stay off every public surface.
    private const string Rrn = "900101-1234568";
    private const string Phone = "010-2345-6789";
    private const string Email = "minji.kim@example.kr";
    private const string Name = "김민지";

    private async Task<(HttpClient Client, string Department)> SourceSystemAsync()
    {
        var org = await People.OrganisationAsync(fixture.App);
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var (_, secret) = scope.ServiceProvider.GetRequiredService<ApiKeyService>().Create(org.Id, "e-approval", Actor.System);
        await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
        var client = fixture.App.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return (client, org.Code);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, object metadata, params (string Name, byte[] Content)[] files)
    {
        using var form = new MultipartFormDataContent { { new StringContent(JsonSerializer.Serialize(metadata), Encoding.UTF8, "application/json"), "metadata" } };
        foreach (var (name, content) in files)
        {
            form.Add(new ByteArrayContent(content), "files", name);
        }

        return await client.PostAsync("/api/v1/release/documents", form);
    }

    private static object Meta(string department, string sourceId, string title, string disclosure = "public", string[]? keywords = null) => new
    {
        sourceId, title, department, author = "박담당", approver = "이과장", approvalLevel = "director",
        approvedAt = "2026-11-20T09:00:00+09:00", type = "approval", disclosure, keywords = keywords ?? ["민원", "회신"], language = "ko",
    };

    private static async Task<JsonElement> WaitForStateAsync(HttpClient client, string statusUrl, params string[] states)
    {
        for (var i = 0; i < 150; i++)
        {
            var json = JsonDocument.Parse(await client.GetStringAsync(statusUrl)).RootElement;
            if (states.Contains(json.GetProperty("state").GetString()))
            {
                return json;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The document did not reach " + string.Join("/", states));
    }

    [Fact]
    public async Task Intake_SameSourceIdTwice_OneDocument_PublishedWithPersonalDataMaskedEverywhere()
    {
        var (client, dept) = await SourceSystemAsync();
        var text = $"민원 회신\n\n성명: {Name}\n주민등록번호 {Rrn}\n연락처 {Phone}, 이메일 {Email}\n\n요청하신 버스 노선 변경은 검토 후 반영하겠습니다.";
        var meta = Meta(dept, "EA-" + Guid.NewGuid().ToString("N")[..8], $"{Name} 님 민원 회신 ({Phone})", keywords: ["민원", Email]);
        var first = await SendAsync(client, meta, ("reply.txt", Encoding.UTF8.GetBytes(text)));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var status = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        var second = await SendAsync(client, meta, ("reply.txt", Encoding.UTF8.GetBytes(text)));
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(status.GetProperty("id").GetString(), JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());

        var done = await WaitForStateAsync(client, first.Headers.Location!.ToString(), "Published", "InReview", "Failed");
        Assert.True(done.GetProperty("state").GetString() == "Published", done.ToString());
        var id = status.GetProperty("id").GetString()!;

        var anonymous = fixture.App.Client();
        var surfaces = new[]
        {
            await anonymous.GetStringAsync($"/ko/documents/{id}"),
            await anonymous.GetStringAsync("/ko/documents?department=" + dept),
            await anonymous.GetStringAsync($"/api/v1/release/documents/{id}"),
            await anonymous.GetStringAsync("/api/v1/release/documents?department=" + dept),
            await anonymous.GetStringAsync("/api/v1/search?q=" + Uri.EscapeDataString("버스 노선")),
            await anonymous.GetStringAsync("/ko/search?q=" + Uri.EscapeDataString("민원 회신")),
            await anonymous.GetStringAsync("/feeds/documents.atom?department=" + dept),
            await anonymous.GetStringAsync("/sitemaps/release-0.xml"),
        };
        Assert.Contains(id, surfaces[6], StringComparison.Ordinal);
        Assert.Contains(id, surfaces[7], StringComparison.Ordinal);
        Assert.Contains("/sitemaps/release-0.xml", await anonymous.GetStringAsync("/sitemap.xml"), StringComparison.Ordinal);
        Assert.Contains("900101-1******", surfaces[0], StringComparison.Ordinal);
        Assert.Contains("010-****-6789", surfaces[0], StringComparison.Ordinal);
        Assert.Contains(id, surfaces[4], StringComparison.Ordinal);
        foreach (var surface in surfaces)
        {
            foreach (var secret in new[] { Rrn, "1234568", Phone, Email, Name })
            {
                Assert.DoesNotContain(secret, surface, StringComparison.Ordinal);
            }
        }

        await using var db = fixture.App.Database.NewContext();
        Assert.Equal(1, await db.Set<ReleaseDocument>().CountAsync(d => d.Id == Guid.Parse(id)));
    }

    [Fact]
    public async Task UncertainFinding_WaitsForAReviewer_AndIsNotPublicUntilApproved()
    {
        var (client, dept) = await SourceSystemAsync();
        // A post-2020 number: plausible date and gender digit, no valid check digit, no label: a person decides.
        var res = await SendAsync(client, Meta(dept, "EA-" + Guid.NewGuid().ToString("N")[..8], "교통 민원 처리 결과"), ("a.txt", Encoding.UTF8.GetBytes("대상자 210315-4123456 의 민원을 처리하였습니다.")));
        var done = await WaitForStateAsync(client, res.Headers.Location!.ToString(), "Published", "InReview", "Failed");
        Assert.Equal("InReview", done.GetProperty("state").GetString());
        var id = Guid.Parse(done.GetProperty("id").GetString()!);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.App.Client().GetAsync($"/ko/documents/{id}")).StatusCode);

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            Assert.Equal(ReviewOutcome.Decided, await scope.ServiceProvider.GetRequiredService<Publisher>().DecideAsync(id, approve: true, null, Actor.System, CancellationToken.None));
        }

        var page = await fixture.App.Client().GetStringAsync($"/ko/documents/{id}");
        Assert.Contains("210315-4******", page, StringComparison.Ordinal);
        Assert.DoesNotContain("4123456", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GlobalHold_StopsPublication_LiftingReleasesWhatWaited_WithdrawalAnswers410()
    {
        var (client, dept) = await SourceSystemAsync();
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Publisher>().SetHoldAsync(true, "classified release investigated", Actor.System, CancellationToken.None);
        }

        string id;
        try
        {
            var word = "hold" + Guid.NewGuid().ToString("N")[..6];
            var res = await SendAsync(client, Meta(dept, "EA-" + Guid.NewGuid().ToString("N")[..8], "Road works notice " + word), ("n.txt", Encoding.UTF8.GetBytes("Road works on Harbour Road from May.")));
            var done = await WaitForStateAsync(client, res.Headers.Location!.ToString(), "Waiting", "Published");
            Assert.Equal("Waiting", done.GetProperty("state").GetString());
            id = done.GetProperty("id").GetString()!;
            Assert.Equal(HttpStatusCode.NotFound, (await fixture.App.Client().GetAsync($"/en/documents/{id}")).StatusCode);
        }
        finally
        {
            await using var scope = fixture.App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Publisher>().SetHoldAsync(false, null, Actor.System, CancellationToken.None);
        }

        Assert.Equal(HttpStatusCode.OK, (await fixture.App.Client().GetAsync($"/en/documents/{id}")).StatusCode);
        Assert.Contains(id, await fixture.App.Client().GetStringAsync("/api/v1/search?q=harbour"), StringComparison.Ordinal);

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<Publisher>().WithdrawAsync(Guid.Parse(id), "published by mistake", Actor.System, CancellationToken.None));
        }

        var gone = await fixture.App.Client().GetAsync($"/en/documents/{id}");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("published by mistake", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await fixture.App.Client().GetAsync($"/api/v1/release/documents/{id}")).StatusCode);
        Assert.DoesNotContain(id, await fixture.App.Client().GetStringAsync("/api/v1/search?q=harbour"), StringComparison.Ordinal);
        Assert.DoesNotContain(id, await fixture.App.Client().GetStringAsync("/api/v1/release/documents?department=" + dept), StringComparison.Ordinal);
        Assert.DoesNotContain(id, await fixture.App.Client().GetStringAsync("/feeds/documents.atom?department=" + dept), StringComparison.Ordinal);
        Assert.DoesNotContain(id, await fixture.App.Client().GetStringAsync("/sitemaps/release-0.xml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormsLaidOutInTables_HtmlAndHwpx_PublishWithTheirValuesMasked()
    {
        // Government forms put a label and its value in neighbouring cells, or list people under a header row.
        var (client, dept) = await SourceSystemAsync();
        var html = "<html><body><h1>민원 접수 대장</h1><table><tr><th>성명</th><td>길소담</td><th>연락처</th><td>HP<br>01048820317</td></tr></table>"
            + "<table><tr><th>연번</th><th>성명</th><th>주소</th></tr><tr><td>1</td><td>봉하람</td><td>세종특별자치시 한누리대로 2130</td></tr></table>"
            + "<p>접수번호 2026-00457</p></body></html>";
        using var hwpx = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(hwpx, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var w = new StreamWriter(zip.CreateEntry("Contents/section0.xml").Open());
            await w.WriteAsync("""<?xml version="1.0" encoding="UTF-8"?><hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph"><hp:p><hp:run><hp:t>성명<hp:tab width="4000" leader="0" type="1"/>길소담</hp:t></hp:run></hp:p><hp:p><hp:run><hp:t>접수번호 2026-00457</hp:t></hp:run></hp:p></hs:sec>""");
        }

        foreach (var (file, bytes) in new[] { ("register.html", Encoding.UTF8.GetBytes(html)), ("form.hwpx", hwpx.ToArray()) })
        {
            var res = await SendAsync(client, Meta(dept, "EA-" + Guid.NewGuid().ToString("N")[..8], "민원 접수 대장 " + file), (file, bytes));
            var done = await WaitForStateAsync(client, res.Headers.Location!.ToString(), "Published", "InReview", "Failed");
            Assert.True(done.GetProperty("state").GetString() == "Published", done.ToString());
            var id = done.GetProperty("id").GetString()!;
            var anonymous = fixture.App.Client();
            var page = await anonymous.GetStringAsync($"/ko/documents/{id}");
            var api = await anonymous.GetStringAsync($"/api/v1/release/documents/{id}");
            Assert.Contains("2026-00457", page, StringComparison.Ordinal); // a document number is public by nature
            foreach (var surface in new[] { page, api })
            {
                foreach (var secret in new[] { "길소담", "01048820317", "봉하람", "한누리대로" })
                {
                    Assert.DoesNotContain(secret, surface, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public async Task DeeplyNestedHtml_DoesNotWedgeAWorker()
    {
        var (client, dept) = await SourceSystemAsync();
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 50_000)) + "깊은 문서" + string.Concat(Enumerable.Repeat("</div>", 50_000)) + "</body></html>";
        var res = await SendAsync(client, Meta(dept, "EA-" + Guid.NewGuid().ToString("N")[..8], "Nested"), ("nested.html", Encoding.UTF8.GetBytes(html)));
        var done = await WaitForStateAsync(client, res.Headers.Location!.ToString(), "Published", "Failed", "InReview");
        Assert.Equal("Published", done.GetProperty("state").GetString());
    }

    [Fact]
    public async Task HostileFiles_FailWithAReason_OthersStillPublish()
    {
        var (client, dept) = await SourceSystemAsync();
        var bomb = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(bomb, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("word/document.xml", System.IO.Compression.CompressionLevel.SmallestSize);
            await using var s = entry.Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 300; i++)
            {
                await s.WriteAsync(zeros);
            }
        }

        var cases = new (string File, byte[] Bytes)[]
        {
            ("broken.pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog")),
            ("bomb.docx", bomb.ToArray()),
            ("garbage.hwpx", Encoding.UTF8.GetBytes("this is not a zip at all")),
            ("program.exe", [0x4D, 0x5A, 0x90, 0x00]),
            ("empty.txt", []),
        };
        foreach (var (file, bytes) in cases)
        {
            var res = await SendAsync(client, Meta(dept, "EA-" + Guid.NewGuid().ToString("N")[..8], "Hostile " + file), (file, bytes));
            var done = await WaitForStateAsync(client, res.Headers.Location!.ToString(), "Failed", "Published", "InReview");
            Assert.Equal("Failed", done.GetProperty("state").GetString());
            Assert.Contains(file, done.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        var ok = await SendAsync(client, Meta(dept, "EA-" + Guid.NewGuid().ToString("N")[..8], "Ordinary notice"), ("ok.txt", Encoding.UTF8.GetBytes("Ordinary text.")));
        Assert.Equal("Published", (await WaitForStateAsync(client, ok.Headers.Location!.ToString(), "Published", "Failed")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Intake_BadMetadata_422WithEveryProblem()
    {
        var (client, _) = await SourceSystemAsync();
        var res = await SendAsync(client, new { sourceId = "x1", department = "NO-SUCH", approvedAt = "yesterday", type = "memo", language = "xx-nope", author = new string('가', 101) }, ("a.txt", "x"u8.ToArray()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        var detail = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        foreach (var expected in new[] { "title", "approvedAt", "type 'memo'", "department 'NO-SUCH'", "language 'xx-nope'", "author is longer" })
        {
            Assert.Contains(expected, detail, StringComparison.Ordinal);
        }

        using var anonymous = new MultipartFormDataContent { { new StringContent("{}"), "metadata" } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.App.Client().PostAsync("/api/v1/release/documents", anonymous)).StatusCode);
    }
}

/// <summary>An embargo keeps a document waiting until its time, then the job queue publishes it.</summary>
public sealed class ReleaseEmbargoTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Embargo_WaitsUntilItsTime_ThenPublishes()
    {
        var org = await People.OrganisationAsync(fixture.App);
        Guid id;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<Madang.Release.Intake.IntakeService>().ReceiveAsync("test", new Madang.Release.Intake.IntakeMetadata
            {
                SourceId = Guid.NewGuid().ToString("N"), Title = "Budget announcement", Department = org.Code, ApprovedAt = "2026-11-20",
                EmbargoUntil = DateTimeOffset.UtcNow.AddSeconds(4).ToString("O"),
            }, [new Madang.Release.Intake.IntakeFile("a.txt", new MemoryStream("Budget figures."u8.ToArray()))], Actor.System, CancellationToken.None);
            id = outcome.Document!.Id;
        }

        async Task<DocumentState> StateAsync()
        {
            await using var db = fixture.App.Database.NewContext();
            return (await db.Set<ReleaseDocument>().SingleAsync(d => d.Id == id)).State;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (await StateAsync() == DocumentState.Received && watch.Elapsed < TimeSpan.FromSeconds(3))
        {
            await Task.Delay(100);
        }

        Assert.Equal(DocumentState.Waiting, await StateAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.App.Client().GetAsync($"/en/documents/{id}")).StatusCode);
        while (await StateAsync() != DocumentState.Published && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(200);
        }

        Assert.Equal(DocumentState.Published, await StateAsync());
        Assert.Equal(HttpStatusCode.OK, (await fixture.App.Client().GetAsync($"/en/documents/{id}")).StatusCode);
    }
}
