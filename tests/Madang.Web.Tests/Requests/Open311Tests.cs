using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Madang.Core.ApiKeys;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Permissions;
using Madang.Requests.Domain;
using Madang.Requests.Requests;
using Madang.Requests.Rules;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Madang.Web.Tests.Requests;

/// <summary>
/// Open311 GeoReport v2 as existing clients speak it: services and definitions, reports sent form-encoded with an API
/// key and read back in JSON and XML as the specification writes them, tokens, filters and errors — with the reporter's
/// contact details and personal data never leaving.
/// </summary>
public sealed class Open311Tests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AnOpen311Client_SendsAReport_AndReadsItBackInJsonAndXml_UntilStaffCloseIt(string provider)
    {
        await using var app = await MadangTestApp.StartAsync(Enum.Parse<DatabaseProvider>(provider), smtp: false, seedDemo: false);
        var (roads, key) = await SetUpAsync(app);
        var http = app.Client();

        var sent = await http.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = key, ["jurisdiction_id"] = "madang.example", ["service_code"] = "pothole", ["lat"] = "37.566295", ["long"] = "126.977945",
            ["address_string"] = "세종대로 110 앞", ["description"] = "Deep hole by the bus stop. Call me on 010-2345-6789 or kim.minji@example.kr",
            ["attribute[size]"] = "medium", ["attribute[lane]"] = "2", ["email"] = "kim.minji@example.kr", ["first_name"] = "Minji", ["last_name"] = "Kim",
            ["phone"] = "010-2345-6789", ["media_url"] = "https://photos.example/pothole.jpg",
        }));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.StartsWith("application/json", sent.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var created = JsonDocument.Parse(await sent.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(JsonValueKind.Array, created.ValueKind);
        var id = created[0].GetProperty("service_request_id").GetString()!;
        var token = created[0].GetProperty("token").GetString()!;

        // Read back in JSON: the specification's fields, the department named, the description masked.
        var json = await http.GetStringAsync($"/open311/v2/requests/{id}.json?locale=en");
        var report = JsonDocument.Parse(json).RootElement[0];
        Assert.Equal(id, report.GetProperty("service_request_id").GetString());
        Assert.Equal("open", report.GetProperty("status").GetString());
        Assert.Equal("pothole", report.GetProperty("service_code").GetString());
        Assert.Equal("Pothole", report.GetProperty("service_name").GetString());
        Assert.Equal(roads.Name.Get("en"), report.GetProperty("agency_responsible").GetString());
        Assert.Equal(37.566295, report.GetProperty("lat").GetDouble(), 6);
        Assert.Equal(126.977945, report.GetProperty("long").GetDouble(), 6);
        Assert.Equal("세종대로 110 앞", report.GetProperty("address").GetString());
        Assert.Contains("Deep hole by the bus stop", report.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$", report.GetProperty("requested_datetime").GetString()!); // W3C, in Seoul time
        Assert.Equal(JsonValueKind.String, report.GetProperty("expected_datetime").ValueKind);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("status_notes").ValueKind);

        // The same in XML, and the token leads to the id.
        var xml = XDocument.Parse(await http.GetStringAsync($"/open311/v2/requests/{id}.xml"));
        var element = xml.Root!.Element("request")!;
        Assert.Equal("service_requests", xml.Root.Name.LocalName);
        Assert.Equal(id, element.Element("service_request_id")!.Value);
        Assert.Equal("open", element.Element("status")!.Value);
        Assert.Equal("37.566295", element.Element("lat")!.Value);
        var byToken = XDocument.Parse(await http.GetStringAsync($"/open311/v2/tokens/{token}.xml")).Root!.Element("request")!;
        Assert.Equal((id, token), (byToken.Element("service_request_id")!.Value, byToken.Element("token")!.Value));

        // Filters: by service and status, in both formats.
        Assert.Contains(id, Ids(await http.GetStringAsync("/open311/v2/requests.json?service_code=pothole,streetlight&status=open")));
        Assert.DoesNotContain(id, Ids(await http.GetStringAsync("/open311/v2/requests.json?service_code=streetlight")));
        Assert.DoesNotContain(id, Ids(await http.GetStringAsync("/open311/v2/requests.json?status=closed")));
        Assert.DoesNotContain(id, Ids(await http.GetStringAsync("/open311/v2/requests.json?end_date=2020-01-01T00:00:00Z")));
        Assert.Contains(id, XDocument.Parse(await http.GetStringAsync("/open311/v2/requests.xml?status=open")).Root!.Elements("request").Select(r => r.Element("service_request_id")!.Value));

        // Staff: a status note, then dealt with. Open311 shows the note and "closed".
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var requests = scope.ServiceProvider.GetRequiredService<RequestService>();
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            var r = await db.Set<Request>().AsNoTracking().SingleAsync(x => x.Id == long.Parse(id, CultureInfo.InvariantCulture));
            Assert.Equal(roads.Id, r.OrganisationId); // routed by the service's department
            Assert.Equal(("Minji Kim", "kim.minji@example.kr"), (r.ContactName, r.ContactEmail)); // kept for staff
            Assert.Equal("https://photos.example/pothole.jpg", r.ClientMediaUrl);
            Assert.Equal("medium", Assert.Single(ServiceAnswers.Read(r.Attributes)["size"]));
            await requests.NoteAsync(r.Id, "A crew is booked for Thursday.", new Actor(null, "roads"));
            Assert.Equal("A crew is booked for Thursday.", JsonDocument.Parse(await http.GetStringAsync($"/open311/v2/requests/{id}.json")).RootElement[0].GetProperty("status_notes").GetString());
            await requests.AnswerAsync(r.Id, Outcome.Resolved, "Filled on Thursday.", null, new Actor(null, "roads"));
        }

        var closed = JsonDocument.Parse(await http.GetStringAsync($"/open311/v2/requests/{id}.json")).RootElement[0];
        Assert.Equal(("closed", "Filled on Thursday."), (closed.GetProperty("status").GetString(), closed.GetProperty("status_notes").GetString()));
        Assert.Contains(id, Ids(await http.GetStringAsync("/open311/v2/requests.json?status=closed")));
        Assert.DoesNotContain(id, Ids(await http.GetStringAsync("/open311/v2/requests.json?status=open")));

        // The reporter's contact details and the personal data in the text are on no public surface.
        var surfaces = new[]
        {
            await http.GetStringAsync($"/open311/v2/requests/{id}.json"), await http.GetStringAsync($"/open311/v2/requests/{id}.xml"),
            await http.GetStringAsync("/open311/v2/requests.json"), await http.GetStringAsync($"/en/requests/{id}"), await http.GetStringAsync("/en/requests/reports"),
        };
        foreach (var s in surfaces)
        {
            foreach (var secret in new[] { "2345-6789", "kim.minji@example.kr", "Minji", "photos.example" })
            {
                Assert.DoesNotContain(secret, WebUtility.HtmlDecode(s), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Open311Services_AndTheirDefinitions_ComeAsTheSpecificationWritesThem_InTheLanguageAsked()
    {
        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite, smtp: false, seedDemo: false);
        await SetUpAsync(app);
        var http = app.Client();

        var services = JsonDocument.Parse(await http.GetStringAsync("/open311/v2/services.json?locale=ja")).RootElement;
        var pothole = services.EnumerateArray().Single(s => s.GetProperty("service_code").GetString() == "pothole");
        Assert.Equal("道路の穴", pothole.GetProperty("service_name").GetString());
        Assert.True(pothole.GetProperty("metadata").GetBoolean());
        Assert.Equal("realtime", pothole.GetProperty("type").GetString());
        Assert.Equal("道路", pothole.GetProperty("group").GetString());

        var xml = XDocument.Parse(await http.GetStringAsync("/open311/v2/services.xml"));
        Assert.Equal("services", xml.Root!.Name.LocalName);
        Assert.Contains("streetlight", xml.Root.Elements("service").Select(s => s.Element("service_code")!.Value));

        var definition = JsonDocument.Parse(await http.GetStringAsync("/open311/v2/services/pothole.json?locale=en")).RootElement;
        Assert.Equal("pothole", definition.GetProperty("service_code").GetString());
        var size = definition.GetProperty("attributes")[0];
        Assert.Equal(("size", "singlevaluelist", true, true, 1), (size.GetProperty("code").GetString(), size.GetProperty("datatype").GetString(),
            size.GetProperty("required").GetBoolean(), size.GetProperty("variable").GetBoolean(), size.GetProperty("order").GetInt32()));
        Assert.Equal(["small", "medium", "large"], size.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("key").GetString()!).ToArray());
        Assert.Equal("How big is it?", size.GetProperty("description").GetString());

        var definitionXml = XDocument.Parse(await http.GetStringAsync("/open311/v2/services/dumping.xml?locale=ko")).Root!;
        Assert.Equal("service_definition", definitionXml.Name.LocalName);
        var kind = definitionXml.Element("attributes")!.Element("attribute")!;
        Assert.Equal("multivaluelist", kind.Element("datatype")!.Value);
        Assert.Equal("가구", kind.Element("values")!.Elements("value").Single(v => v.Element("key")!.Value == "furniture").Element("name")!.Value);
    }

    [Fact]
    public async Task BadOpen311Requests_GetTheSpecificationsErrors_AndNothingIsStored()
    {
        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite, smtp: false, seedDemo: false);
        var (_, key) = await SetUpAsync(app);
        var http = app.Client();

        async Task ExpectAsync(HttpResponseMessage res, HttpStatusCode status, string words)
        {
            Assert.Equal(status, res.StatusCode);
            var body = await res.Content.ReadAsStringAsync();
            if (res.Content.Headers.ContentType!.MediaType == "text/xml")
            {
                var error = XDocument.Parse(body).Root!;
                Assert.Equal("errors", error.Name.LocalName);
                Assert.Equal(((int)status).ToString(CultureInfo.InvariantCulture), error.Element("error")!.Element("code")!.Value);
                Assert.Contains(words, error.Element("error")!.Element("description")!.Value, StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                var error = JsonDocument.Parse(body).RootElement[0];
                Assert.Equal((int)status, error.GetProperty("code").GetInt32());
                Assert.Contains(words, error.GetProperty("description").GetString(), StringComparison.OrdinalIgnoreCase);
            }
        }

        Task<HttpResponseMessage> Post(string format, params (string, string)[] fields) =>
            http.PostAsync("/open311/v2/requests." + format, new FormUrlEncodedContent(fields.ToDictionary(f => f.Item1, f => f.Item2)));

        await ExpectAsync(await Post("json", ("service_code", "pothole"), ("lat", "37.5"), ("long", "127")), HttpStatusCode.Forbidden, "api_key");
        await ExpectAsync(await Post("xml", ("api_key", "mdg_not-a-key"), ("service_code", "pothole"), ("lat", "37.5"), ("long", "127")), HttpStatusCode.Forbidden, "api_key");
        await ExpectAsync(await Post("json", ("api_key", key), ("lat", "37.5"), ("long", "127")), HttpStatusCode.BadRequest, "service_code");
        await ExpectAsync(await Post("json", ("api_key", key), ("service_code", "volcano"), ("lat", "37.5"), ("long", "127")), HttpStatusCode.BadRequest, "kind of problem");
        await ExpectAsync(await Post("json", ("api_key", key), ("service_code", "pothole"), ("attribute[size]", "small")), HttpStatusCode.BadRequest, "where");
        await ExpectAsync(await Post("json", ("api_key", key), ("service_code", "pothole"), ("lat", "north"), ("long", "127"), ("attribute[size]", "small")), HttpStatusCode.BadRequest, "decimal");
        await ExpectAsync(await Post("xml", ("api_key", key), ("service_code", "pothole"), ("lat", "97.5"), ("long", "127"), ("attribute[size]", "small")), HttpStatusCode.BadRequest, "latitude");
        await ExpectAsync(await Post("json", ("api_key", key), ("service_code", "pothole"), ("lat", "37.5"), ("long", "127")), HttpStatusCode.BadRequest, "How big is it?");
        await ExpectAsync(await Post("json", ("api_key", key), ("service_code", "pothole"), ("lat", "37.5"), ("long", "127"), ("attribute[size]", "enormous")), HttpStatusCode.BadRequest, "How big is it?");
        await ExpectAsync(await http.PostAsync("/open311/v2/requests.json", new StringContent("{\"service_code\":\"pothole\"}", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "form-encoded");
        await ExpectAsync(await http.GetAsync("/open311/v2/requests/424242.json"), HttpStatusCode.NotFound, "424242");
        await ExpectAsync(await http.GetAsync("/open311/v2/requests/424242.xml"), HttpStatusCode.NotFound, "424242");
        await ExpectAsync(await http.GetAsync("/open311/v2/services/volcano.xml"), HttpStatusCode.NotFound, "volcano");
        await ExpectAsync(await http.GetAsync("/open311/v2/tokens/nothing.json"), HttpStatusCode.NotFound, "token");
        await ExpectAsync(await http.GetAsync("/open311/v2/requests.json?status=pending"), HttpStatusCode.BadRequest, "status");
        await ExpectAsync(await http.GetAsync("/open311/v2/requests.json?start_date=yesterday"), HttpStatusCode.BadRequest, "start_date");
        await ExpectAsync(await http.GetAsync("/open311/v2/services.csv"), HttpStatusCode.NotFound, "services.json");

        // A multivaluelist takes several values, each as attribute[code][]; then exactly one report exists.
        var ok = await Post("json", ("api_key", key), ("service_code", "dumping"), ("address_string", "Behind the market"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Set<Request>().CountAsync());
    }

    [Fact]
    public async Task ACitizenReportsAPlace_WithAPhotoAndAnswers_AndFindsItOnTheListAndInOpen311()
    {
        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite, smtp: false, seedDemo: false,
            "--Madang:Map:TileUrl=https://tiles.example/{z}/{x}/{y}.png", "--Madang:Map:Attribution=© Example tiles");
        await SetUpAsync(app);
        var (citizen, _) = await People.CreateAsync(app, Madang.Core.Permissions.Roles.Citizen, totp: false);
        var client = await People.SignInAsync(app, citizen, null);

        var choose = await client.GetStringAsync("/en/requests/report");
        Assert.Contains("requests/report?service=dumping", choose, StringComparison.Ordinal);
        var form = "/en/requests/report?service=dumping";
        Assert.Contains("data-pick=\"Latitude,Longitude\"", await client.GetStringAsync(form), StringComparison.Ordinal); // the map helps pick

        // A photo with a hidden comment, two answers to a multivaluelist, and typed coordinates.
        using var bitmap = new SKBitmap(800, 600);
        bitmap.Erase(SKColors.SaddleBrown);
        var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
        byte[] comment = [0xFF, 0xFE, 0, 18, .. "SECRET-COMMENT-X"u8.ToArray()];
        var photo = (byte[])[.. jpeg[..2], .. comment, .. jpeg[2..]];
        var res = await Forms.PostMultipartAsync(client, form, new Dictionary<string, string>
        {
            ["Service"] = "dumping", ["Latitude"] = "37.5701", ["Longitude"] = "126.9830", ["Description"] = "A sofa and bags of rubbish.",
            ["attr.kind"] = "furniture", ["Alt1"] = "A brown sofa on the pavement", ["ByEmail"] = "true",
        }, [("Photo1", "sofa.jpg", photo)]);
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var path = res.Headers.Location!.ToString();
        var id = path.Split('/').Last();

        var page = WebUtility.HtmlDecode(await app.Client().GetStringAsync(path));
        Assert.Contains("Illegal dumping", page, StringComparison.Ordinal);
        Assert.Contains("Furniture", page, StringComparison.Ordinal); // the answer, in words
        Assert.Contains($"src=\"/requests/{id}/photos/1\" alt=\"A brown sofa on the pavement\"", page, StringComparison.Ordinal);
        var cleaned = await app.Client().GetByteArrayAsync($"/requests/{id}/photos/1");
        Assert.Equal([0xFF, 0xD8], cleaned[..2]);
        Assert.DoesNotContain("SECRET-COMMENT-X", System.Text.Encoding.ASCII.GetString(cleaned), StringComparison.Ordinal);

        var list = await app.Client().GetStringAsync("/en/requests/reports?service=dumping&status=open");
        Assert.Contains($"data-lat=\"37.5701\" data-long=\"126.983\"", list, StringComparison.Ordinal);
        Assert.Contains($"/en/requests/{id}", list, StringComparison.Ordinal);
        Assert.DoesNotContain($"/en/requests/{id}", await app.Client().GetStringAsync("/en/requests/reports?status=closed"), StringComparison.Ordinal);

        var open311 = JsonDocument.Parse(await app.Client().GetStringAsync($"/open311/v2/requests/{id}.json")).RootElement[0];
        Assert.EndsWith($"/requests/{id}/photos/1", open311.GetProperty("media_url").GetString(), StringComparison.Ordinal);

        // Without a map: no map, the list stands alone; a bad coordinate is a clear error on the field, and nothing is kept.
        var bad = await Forms.PostMultipartAsync(client, form, new Dictionary<string, string> { ["Service"] = "dumping", ["Latitude"] = "north", ["Longitude"] = "126.98" }, []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("decimal degrees", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Set<Request>().CountAsync());
    }

    [Fact]
    public async Task AnAdministratorAddsAServiceInTheRulesEditor_AndOpen311ClientsSeeIt_WhileABrokenFileChangesNothing()
    {
        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite, smtp: false, seedDemo: false);
        var (roads, _) = await SetUpAsync(app);
        var (admin, secret) = await People.CreateAsync(app, Roles.Administrator, totp: true);
        var client = await People.SignInAsync(app, admin, secret);
        const string editor = "/en/admin/requests/rules";
        var text = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(await client.GetStringAsync(editor), "<textarea[^>]*>(.*?)</textarea>",
            System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value);
        Assert.Contains("code: pothole", text, StringComparison.Ordinal);

        // A broken file: every problem listed with a 422, and the services unchanged.
        var broken = text + "\n  - code: tree\n    department: NOPE\n    name: { en: Fallen tree }\n    attributes:\n      - code: size\n        datatype: colour\n        description: { en: How big? }\n";
        var refused = await Forms.PostAsync(client, editor, new Dictionary<string, string> { ["Definition"] = broken });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("datatype: one of string, number", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.DoesNotContain("tree", Codes(await app.Client().GetStringAsync("/open311/v2/services.json")));

        var fixedText = text + $"\n  - code: tree\n    department: {roads.Code}\n    name: {{ en: Fallen tree, ko: 쓰러진 나무 }}\n    attributes:\n      - code: blocking\n        datatype: singlevaluelist\n        required: true\n        description: {{ en: Does it block the way? }}\n        values:\n          - key: yes\n            name: {{ en: Yes }}\n          - key: no\n            name: {{ en: No }}\n";
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(client, editor, new Dictionary<string, string> { ["Definition"] = fixedText })).StatusCode);
        Assert.Contains("tree", Codes(await app.Client().GetStringAsync("/open311/v2/services.json")));
        var definition = JsonDocument.Parse(await app.Client().GetStringAsync("/open311/v2/services/tree.json")).RootElement;
        Assert.Equal("blocking", definition.GetProperty("attributes")[0].GetProperty("code").GetString());

        // Only administrators edit the rules.
        var (officer, officerSecret) = await People.CreateAsync(app, Roles.Staff, totp: true, roads.Code);
        var staff = await People.SignInAsync(app, officer, officerSecret);
        Assert.NotEqual(HttpStatusCode.OK, (await staff.GetAsync(editor)).StatusCode);
    }

    private static List<string> Codes(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Select(s => s.GetProperty("service_code").GetString()!).ToList();

    /// <summary>A roads department, the default rules routed to it (as an administrator would set them), and an API key.</summary>
    private static async Task<(Organisation Roads, string Key)> SetUpAsync(MadangTestApp app)
    {
        var roads = await People.OrganisationAsync(app);
        var env = await People.OrganisationAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var rules = RulesStore.DefaultText.Replace("department: TRN", "department: " + roads.Code, StringComparison.Ordinal)
            .Replace("department: ENV", "department: " + env.Code, StringComparison.Ordinal);
        await scope.ServiceProvider.GetRequiredService<RulesStore>().SaveAsync(rules, Actor.System);
        var (_, secret) = scope.ServiceProvider.GetRequiredService<ApiKeyService>().Create(roads.Id, "city app", Actor.System);
        await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
        return (roads, secret);
    }

    private static List<string> Ids(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()!).ToList();
}
