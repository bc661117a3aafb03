using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Madang.Core.ApiKeys;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Release.Processing;
using Madang.Testing;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig.Writer;

namespace Madang.Web.Tests;

/// <summary>One running app per database provider, started when a test first asks for it.</summary>
public sealed class BothDatabasesFixture : IAsyncLifetime
{
    private readonly Dictionary<string, Task<MadangTestApp>> apps = [];
    private readonly System.Threading.Lock gate = new();

    public Task<MadangTestApp> AppAsync(string provider)
    {
        lock (gate)
        {
            if (!apps.TryGetValue(provider, out var app))
            {
                apps[provider] = app = MadangTestApp.StartAsync(Enum.Parse<DatabaseProvider>(provider));
            }

            return app;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in apps.Values)
        {
            await (await app).DisposeAsync();
        }
    }
}

/// <summary>The public document page: cleared attachments, keywords, related documents, keyword pages, the permalink.</summary>
public sealed class ReleasePublicPageTests(BothDatabasesFixture fixture) : IClassFixture<BothDatabasesFixture>
{
    private const string Rrn = "900101-1234568";
    private const string Phone = "010-2345-6789";

    private static async Task<(HttpClient Client, string Department)> SourceSystemAsync(MadangTestApp app)
    {
        var org = await People.OrganisationAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var (_, secret) = scope.ServiceProvider.GetRequiredService<ApiKeyService>().Create(org.Id, "e-approval", Actor.System);
        await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return (client, org.Code);
    }

    /// <summary>Sends a document and waits until it is published; returns its id.</summary>
    private static async Task<string> PublishAsync(HttpClient client, string department, string title, string[] keywords, string disclosure, params (string Name, byte[] Content)[] files)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(JsonSerializer.Serialize(new
        {
            sourceId = "EA-" + Guid.NewGuid().ToString("N")[..10], title, department, author = "박담당", approver = "이과장", approvalLevel = "director",
            approvedAt = "2026-11-20T09:00:00+09:00", type = "report", disclosure, keywords, language = "ko",
        }), Encoding.UTF8, "application/json"), "metadata");
        foreach (var (name, content) in files)
        {
            form.Add(new ByteArrayContent(content), "files", name);
        }

        var res = await client.PostAsync("/api/v1/release/documents", form);
        Assert.Equal(HttpStatusCode.Accepted, res.StatusCode);
        for (var i = 0; i < 150; i++)
        {
            var status = JsonDocument.Parse(await client.GetStringAsync(res.Headers.Location)).RootElement;
            var state = status.GetProperty("state").GetString();
            if (state is "Published")
            {
                return status.GetProperty("id").GetString()!;
            }

            Assert.True(state is "Received", $"{title}: {state} ({status.GetProperty("reason")})");
            await Task.Delay(100);
        }

        throw new TimeoutException(title + " was not published");
    }

    private static byte[] Docx(params string[] paragraphs)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            doc.AddMainDocumentPart().Document = new Document(new Body(paragraphs.Select(p => new Paragraph(new Run(new Text(p))))));
        }

        return ms.ToArray();
    }

    private static byte[] Pdf(string line)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText(line, 12, new UglyToad.PdfPig.Core.PdfPoint(40, 700), font);
        return builder.Build();
    }

    private static async Task<JsonElement> ApiDocumentAsync(HttpClient client, string id) =>
        JsonDocument.Parse(await client.GetStringAsync($"/api/v1/release/documents/{id}")).RootElement;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task PlantedNumberInDocx_OriginalNeverServed_ItsMaskedTextIs_UnderAMaskedName(string provider)
    {
        var app = await fixture.AppAsync(provider);
        var (client, dept) = await SourceSystemAsync(app);
        var docx = Docx("민원 처리 결과를 알려 드립니다.", $"신청인 주민등록번호 {Rrn}", "버스 노선 조정은 다음 달부터 시행합니다.");
        var other = Encoding.UTF8.GetBytes("붙임 자료: 정류장 위치도 설명.");
        var id = await PublishAsync(client, dept, "버스 노선 민원 처리 결과", ["민원"], "public", ($"회신-{Phone}.docx", docx), ("붙임.txt", other));

        var anonymous = app.Client();
        var page = await anonymous.GetStringAsync($"/ko/documents/{id}");
        var api = await ApiDocumentAsync(anonymous, id);
        var attachments = api.GetProperty("attachments").EnumerateArray().ToList();
        Assert.Equal(2, attachments.Count);
        // A finding anywhere in the document keeps back every original, the clean text file's too: the file would not be
        // what the page shows.
        Assert.All(attachments, a => Assert.Equal("masked-text", a.GetProperty("kind").GetString()));
        var reply = attachments.Single(a => a.GetProperty("name").GetString()!.EndsWith(".docx.txt", StringComparison.Ordinal));
        Assert.Equal("회신-010-****-6789.docx.txt", reply.GetProperty("name").GetString());
        Assert.Contains("회신-010-****-6789.docx.txt", page, StringComparison.Ordinal);
        foreach (var surface in new[] { page, api.ToString() })
        {
            Assert.DoesNotContain(Phone, surface, StringComparison.Ordinal);
            Assert.DoesNotContain("1234568", surface, StringComparison.Ordinal);
        }

        var url = new Uri(reply.GetProperty("url").GetString()!);
        Assert.EndsWith("/text", url.AbsolutePath, StringComparison.Ordinal);
        var original = url.AbsolutePath[..^"/text".Length];
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(original)).StatusCode);
        Assert.DoesNotContain($"href=\"{original}\"", page, StringComparison.Ordinal);

        var text = await anonymous.GetAsync(url.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", text.Content.Headers.ContentType!.ToString());
        Assert.Equal("nosniff", text.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.NotNull(text.Headers.ETag);
        Assert.Equal("회신-010-****-6789.docx.txt", text.Content.Headers.ContentDisposition!.FileNameStar);
        var body = await text.Content.ReadAsStringAsync();
        Assert.Contains("900101-1******", body, StringComparison.Ordinal);
        Assert.DoesNotContain("1234568", body, StringComparison.Ordinal);
        Assert.Contains("버스 노선 조정", body, StringComparison.Ordinal);
        Assert.DoesNotContain("정류장 위치도", body, StringComparison.Ordinal); // the other file's text is in its own rendition
        Assert.Equal(reply.GetProperty("size").GetInt64(), Encoding.UTF8.GetByteCount(body));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task CleanPdf_OriginalDownloadsByteIdentical_WithdrawalMakesIt410(string provider)
    {
        var app = await fixture.AppAsync(provider);
        var (client, dept) = await SourceSystemAsync(app);
        var pdf = Pdf("Harbour Road resurfacing starts in May; buses use Quay Street.");
        var id = await PublishAsync(client, dept, "항만로 포장 공사 안내", ["공사"], "public", ("항만로 공사 안내.pdf", pdf));

        var anonymous = app.Client();
        var attachment = (await ApiDocumentAsync(anonymous, id)).GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal("original", attachment.GetProperty("kind").GetString());
        Assert.Equal("항만로 공사 안내.pdf", attachment.GetProperty("name").GetString());
        Assert.Equal(pdf.Length, attachment.GetProperty("size").GetInt64());
        var path = new Uri(attachment.GetProperty("url").GetString()!).AbsolutePath;
        Assert.Contains($"href=\"{path}\"", await anonymous.GetStringAsync($"/en/documents/{id}"), StringComparison.Ordinal);

        var res = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(pdf, await res.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", res.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", res.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("항만로 공사 안내.pdf", res.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(pdf))}\"", res.Headers.ETag!.Tag);
        Assert.Equal("nosniff", res.Headers.GetValues("X-Content-Type-Options").Single());
        using (var again = new HttpRequestMessage(HttpMethod.Get, path))
        {
            again.Headers.IfNoneMatch.Add(res.Headers.ETag);
            Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again)).StatusCode);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<Publisher>().WithdrawAsync(Guid.Parse(id), "wrong attachment", Actor.System, CancellationToken.None));
        }

        Assert.Equal(HttpStatusCode.Gone, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await anonymous.GetAsync(path + "/text")).StatusCode);
    }

    [Fact]
    public async Task PdfWhosePropertiesNameSomeoneElse_OnlyItsMaskedText_ItsOwnAuthorsPdfIsCleared()
    {
        var app = await fixture.AppAsync("Sqlite");
        var (client, dept) = await SourceSystemAsync(app);
        byte[] Signed(string author)
        {
            var builder = new PdfDocumentBuilder();
            builder.DocumentInformation.Author = author;
            var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
            builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("Street lighting survey results for the harbour district.", 12, new UglyToad.PdfPig.Core.PdfPoint(40, 700), font);
            return builder.Build();
        }

        // The complainant's name sits in the PDF's properties, which no page shows and screening never reads.
        var theirs = await PublishAsync(client, dept, "Lighting survey", ["lighting"], "public", ("survey.pdf", Signed("Yoon Seo-yeon")));
        Assert.Equal("masked-text", (await ApiDocumentAsync(app.Client(), theirs)).GetProperty("attachments").EnumerateArray().Single().GetProperty("kind").GetString());
        var own = await PublishAsync(client, dept, "Lighting survey", ["lighting"], "public", ("survey.pdf", Signed("박담당")));
        Assert.Equal("original", (await ApiDocumentAsync(app.Client(), own)).GetProperty("attachments").EnumerateArray().Single().GetProperty("kind").GetString());
    }

    [Fact]
    public async Task PdfWithAnImage_OnlyItsMaskedText_TheImageWasNeverScreened()
    {
        var app = await fixture.AppAsync("Sqlite");
        var (client, dept) = await SourceSystemAsync(app);
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddText("Signed application form attached below.", 12, new UglyToad.PdfPig.Core.PdfPoint(40, 700), font);
        // A scanned signature or ID card beside the text: screening reads text, not pictures.
        page.AddPng(new MemoryStream(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")),
            new UglyToad.PdfPig.Core.PdfRectangle(40, 500, 140, 600));
        var id = await PublishAsync(client, dept, "Application form", ["form"], "public", ("form.pdf", builder.Build()));

        var attachment = (await ApiDocumentAsync(app.Client(), id)).GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal("masked-text", attachment.GetProperty("kind").GetString());
        Assert.Equal("form.pdf.txt", attachment.GetProperty("name").GetString());
    }

    [Fact]
    public async Task ReviewDecisions_DecideTheOriginal_RejectedFindingClearsIt_AHandMadeMaskKeepsItBack()
    {
        var app = await fixture.AppAsync("Sqlite");
        var (client, dept) = await SourceSystemAsync(app);
        // A post-2020 number with no check digit and no label: uncertain, so a reviewer decides.
        var text = "교통 민원 처리 결과: 접수번호 210315-4123456 건은 박철수가 처리하였습니다.";

        async Task<(Guid Id, long Finding)> InReviewAsync(string title)
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent(JsonSerializer.Serialize(new { sourceId = "EA-" + Guid.NewGuid().ToString("N")[..10], title, department = dept, approvedAt = "2026-11-20", type = "report", disclosure = "public" }), Encoding.UTF8, "application/json"), "metadata" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "files", "result.txt" },
            };
            var res = await client.PostAsync("/api/v1/release/documents", form);
            for (var i = 0; i < 150; i++)
            {
                var status = JsonDocument.Parse(await client.GetStringAsync(res.Headers.Location)).RootElement;
                if (status.GetProperty("state").GetString() == "InReview")
                {
                    var id = Guid.Parse(status.GetProperty("id").GetString()!);
                    await using var db = app.Database.NewContext();
                    return (id, db.Set<Madang.Release.Domain.ReleaseFinding>().Single(f => f.DocumentId == id).Id);
                }

                await Task.Delay(100);
            }

            throw new TimeoutException(title);
        }

        var (rejected, finding) = await InReviewAsync("Reviewed: a reference number, not personal data");
        var (masked, finding2) = await InReviewAsync("Reviewed: a name masked by hand");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var publisher = scope.ServiceProvider.GetRequiredService<Publisher>();
            Assert.Equal(ReviewOutcome.Decided, await publisher.DecideAsync(rejected, new ReviewDecision(true, null, [finding], []), Actor.System, CancellationToken.None));
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(ReviewOutcome.Decided, await scope.ServiceProvider.GetRequiredService<Publisher>().DecideAsync(masked, new ReviewDecision(true, null, [finding2], ["박철수"]), Actor.System, CancellationToken.None));
        }

        var anonymous = app.Client();
        var cleared = (await ApiDocumentAsync(anonymous, rejected.ToString())).GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal("original", cleared.GetProperty("kind").GetString());
        Assert.Equal(text, await anonymous.GetStringAsync(new Uri(cleared.GetProperty("url").GetString()!).AbsolutePath));

        var kept = (await ApiDocumentAsync(anonymous, masked.ToString())).GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal("masked-text", kept.GetProperty("kind").GetString());
        var rendition = await anonymous.GetStringAsync(new Uri(kept.GetProperty("url").GetString()!).AbsolutePath);
        // Only the reviewer's own mask is left, and it alone keeps the original back.
        Assert.Contains("210315-4123456", rendition, StringComparison.Ordinal);
        Assert.Contains(Publisher.ManualMask + "가 처리", rendition, StringComparison.Ordinal);
        Assert.DoesNotContain("박철수", rendition, StringComparison.Ordinal);
        Assert.DoesNotContain("박철수", await anonymous.GetStringAsync($"/ko/documents/{masked}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotPublishedOrNonPublic_FilesAnswer404()
    {
        var app = await fixture.AppAsync("Sqlite");
        var (client, dept) = await SourceSystemAsync(app);
        var id = await PublishAsync(client, dept, "비공개 내부 검토 보고", ["검토"], "nonpublic", ("검토.txt", Encoding.UTF8.GetBytes("내부 검토 내용.")));
        var anonymous = app.Client();
        Assert.Empty((await ApiDocumentAsync(anonymous, id)).GetProperty("attachments").EnumerateArray());
        await using var db = app.Database.NewContext();
        var fileId = db.Set<Madang.Release.Domain.ReleaseFile>().Single(f => f.DocumentId == Guid.Parse(id)).Id;
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/documents/{id}/files/{fileId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/documents/{id}/files/{fileId}/text")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/documents/{Guid.NewGuid()}/files/{fileId}/text")).StatusCode);
        Assert.DoesNotContain("내부 검토 내용", await anonymous.GetStringAsync($"/ko/documents/{id}"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task RelatedDocuments_MostSharedKeywordsFirst_KeywordPageListsThem_WithdrawnOnesLeaveBoth(string provider)
    {
        var app = await fixture.AppAsync(provider);
        var (client, dept) = await SourceSystemAsync(app);
        var tag = "노선" + Guid.NewGuid().ToString("N")[..4]; // unique to this test run: other tests' documents stay out
        var extra = "배차" + Guid.NewGuid().ToString("N")[..4];
        var a = await PublishAsync(client, dept, "버스 노선 개편 계획", [tag, extra], "public", ("a.txt", Encoding.UTF8.GetBytes("시내버스 노선을 개편합니다.")));
        var b = await PublishAsync(client, dept, "노선 개편 주민 설명회 결과", [tag, extra], "public", ("b.txt", Encoding.UTF8.GetBytes("설명회 결과를 알립니다.")));
        var c = await PublishAsync(client, dept, "정류장 안내판 교체", [tag], "public", ("c.txt", Encoding.UTF8.GetBytes("안내판을 교체합니다.")));
        var d = await PublishAsync(client, dept, "도서관 운영 시간 변경", ["도서관"], "public", ("d.txt", Encoding.UTF8.GetBytes("운영 시간을 바꿉니다.")));

        var anonymous = app.Client();
        var page = await anonymous.GetStringAsync($"/ko/documents/{a}");
        var related = page[page.IndexOf("id=\"related-heading\"", StringComparison.Ordinal)..];
        Assert.True(related.IndexOf(b, StringComparison.Ordinal) is var ib && ib > 0, "b is related");
        Assert.True(related.IndexOf(c, StringComparison.Ordinal) > ib, "c (one shared keyword) comes after b (two)");
        Assert.DoesNotContain(d, related, StringComparison.Ordinal);
        Assert.DoesNotContain(a, related, StringComparison.Ordinal);

        // The author's keywords come first and link to their page, which lists every published document with them.
        var keywordPath = $"/ko/documents/keywords/{Uri.EscapeDataString(tag)}";
        Assert.Contains($"href=\"{keywordPath}\"", page, StringComparison.Ordinal);
        var keywordPage = await anonymous.GetStringAsync(keywordPath);
        Assert.Contains(tag, keywordPage, StringComparison.Ordinal);
        foreach (var id in new[] { a, b, c })
        {
            Assert.Contains(id, keywordPage, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(d, keywordPage, StringComparison.Ordinal);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<Publisher>().WithdrawAsync(Guid.Parse(b), "duplicate", Actor.System, CancellationToken.None));
        }

        Assert.DoesNotContain(b, await anonymous.GetStringAsync($"/ko/documents/{a}"), StringComparison.Ordinal);
        Assert.DoesNotContain(b, await anonymous.GetStringAsync(keywordPath), StringComparison.Ordinal);
        await using var db = app.Database.NewContext();
        Assert.Empty(db.Set<Madang.Release.Domain.ReleaseDocumentKeyword>().Where(k => k.DocumentId == Guid.Parse(b)));
    }

    [Fact]
    public async Task ExtractedKeywords_FromTheMaskedText_FollowTheAuthors_AndNeverCarryPersonalData()
    {
        var app = await fixture.AppAsync("Sqlite");
        var (client, dept) = await SourceSystemAsync(app);
        var text = "성명: 김민지\n연락처 010-2345-6789\n\n가로등 교체 공사를 진행합니다. 가로등 교체는 야간에 진행하며, 가로등 교체 구간은 중앙로입니다.";
        var id = await PublishAsync(client, dept, "중앙로 가로등 교체 공사", ["안전"], "public", ("notice.txt", Encoding.UTF8.GetBytes(text)));

        var keywords = (await ApiDocumentAsync(app.Client(), id)).GetProperty("keywords").EnumerateArray().Select(k => k.GetString()!).ToList();
        Assert.Equal("안전", keywords[0]);
        Assert.Contains("가로등", keywords);
        Assert.Contains("교체", keywords);
        Assert.DoesNotContain(keywords, k => k.Contains("김민지", StringComparison.Ordinal) || k.Contains("이름", StringComparison.Ordinal) || k.Any(char.IsDigit));
    }

    [Fact]
    public async Task Permalink_SendsEachReaderToTheirLanguage()
    {
        var app = await fixture.AppAsync("Sqlite");
        var (client, dept) = await SourceSystemAsync(app);
        var id = await PublishAsync(client, dept, "Permalink notice", [], "public", ("p.txt", "Plain notice."u8.ToArray()));
        var res = await app.Client(acceptLanguage: "ja-JP").GetAsync($"/documents/{id}");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.Equal($"/ja/documents/{id}", res.Headers.Location!.ToString());
        Assert.Contains($"/documents/{id}</a>", await app.Client().GetStringAsync($"/en/documents/{id}"), StringComparison.Ordinal);
    }
}
