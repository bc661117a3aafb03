using System.Globalization;
using Madang.Core.ApiKeys;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Core.Notifications;
using Madang.Core.Web;
using Madang.Requests.Domain;
using Madang.Requests.Requests;
using Madang.Requests.Rules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Madang.Requests.Api;

/// <summary>
/// Open311 GeoReport v2 at <c>/open311/v2/</c>, as the specification writes it, so existing Open311 clients (city apps,
/// FixMyStreet-style front ends, aggregators) work unchanged: services and their definitions, reports read with the
/// specification's filters and sent form-encoded with an API key, tokens, and errors as <c>[{code, description}]</c>.
/// Every file comes in <c>.json</c> and <c>.xml</c>. Only public, masked text leaves: never a reporter's contact details.
/// </summary>
public static class Open311Api
{
    /// <summary>The most reports one GET returns, and the default window when no dates are given (the specification's 90 days).</summary>
    public const int MaxResults = 1000;
    public const int DefaultDays = 90;

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/open311/v2").WithTags("Open311").DisableAntiforgery();
        api.MapGet("/discovery.{format}", Discovery).WithName("Open311Discovery").WithSummary("Open311 service discovery");
        api.MapGet("/services.{format}", ServicesAsync).WithName("Open311Services").WithSummary("Service categories (GeoReport v2)");
        api.MapGet("/services/{file}", ServiceAsync).WithName("Open311Service").WithSummary("A service definition with its attributes: {code}.json|xml");
        api.MapGet("/requests.{format}", RequestsAsync).WithName("Open311Requests").WithSummary("Reports, filtered by id, service, dates and status");
        api.MapPost("/requests.{format}", PostAsync).WithName("Open311Post").WithSummary("Send a report (form-encoded, with api_key)");
        api.MapGet("/requests/{file}", RequestAsync).WithName("Open311Request").WithSummary("One report: {id}.json|xml");
        api.MapGet("/tokens/{file}", TokenAsync).WithName("Open311Token").WithSummary("The report a token stands for: {token}.json|xml");
        return app;
    }

    private static IResult Discovery(string format, HttpContext http)
    {
        if (Format(format) is not { } f)
        {
            return Open311Document.Error("json", 404, "Use discovery.json or discovery.xml.");
        }

        var url = $"{http.Request.Scheme}://{http.Request.Host}/open311/v2/";
        IReadOnlyList<Field> endpoint = [new("specification", "http://wiki.open311.org/GeoReport_v2"), new("url", url), new("changeset", "2026-12-03T00:00:00Z"),
            new("type", "production"), new("formats", new FieldList("format", [[new("format", "application/json")], [new("format", "text/xml")]]))];
        return Open311Document.Single(f, "discovery", [new("changeset", "2026-12-03T00:00:00Z"), new("contact", url),
            new("endpoints", new FieldList("endpoint", [endpoint]))]);
    }

    private static async Task<IResult> ServicesAsync(string format, HttpContext http, RulesStore store, CancellationToken ct)
    {
        if (Format(format) is not { } f)
        {
            return Open311Document.Error("json", 404, "Use services.json or services.xml.");
        }

        var culture = Locale(http);
        var rules = await store.GetAsync(ct);
        return Open311Document.List(f, "services", "service", rules.Services.Select(s => (IReadOnlyList<Field>)
        [
            new("service_code", s.Code), new("service_name", s.NameIn(culture)), new("description", Texts.Pick(s.Description, culture)),
            new("metadata", s.Attributes.Count > 0), new("type", "realtime"), new("keywords", string.Join(",", s.Keywords)),
            new("group", Texts.Pick(s.Group, culture)),
        ]));
    }

    private static async Task<IResult> ServiceAsync(string file, HttpContext http, RulesStore store, CancellationToken ct)
    {
        if (Split(file) is not var (code, f))
        {
            return Open311Document.Error("json", 404, "Use services/{service_code}.json or .xml.");
        }

        var culture = Locale(http);
        var rules = await store.GetAsync(ct);
        if (rules.Services.FirstOrDefault(s => s.Code == code) is not { } service)
        {
            return Open311Document.Error(f, 404, "No service has the code " + code + ".");
        }

        var order = 0;
        return Open311Document.Single(f, "service_definition",
        [
            new("service_code", service.Code),
            new("attributes", new FieldList("attribute", service.Attributes.Select(a => (IReadOnlyList<Field>)
            [
                new("variable", a.Variable), new("code", a.Code), new("datatype", a.Datatype), new("required", a.Required),
                new("datatype_description", Texts.Pick(a.Hint, culture)), new("order", ++order), new("description", Texts.Pick(a.Description, culture) ?? a.Code),
                new("values", new FieldList("value", a.Values.Select(v => (IReadOnlyList<Field>)[new("key", v.Key), new("name", v.NameIn(culture))]))),
            ]).ToList())),
        ]);
    }

    private static async Task<IResult> RequestsAsync(string format, HttpContext http, MadangDbContext db, RulesStore store, SiteTime time, TimeProvider clock, CancellationToken ct)
    {
        if (Format(format) is not { } f)
        {
            return Open311Document.Error("json", 404, "Use requests.json or requests.xml.");
        }

        var query = http.Request.Query;
        var reports = db.Set<Request>().AsNoTracking().Where(r => r.Kind == RequestKind.Report && !r.IsPrivate);
        var ids = List(query["service_request_id"]);
        if (ids.Count > 0)
        {
            // The specification: with ids given, every other filter is ignored.
            var numbers = ids.Select(i => long.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).Where(n => n > 0).Take(MaxResults).ToList();
            reports = reports.Where(r => numbers.Contains(r.Id));
        }
        else
        {
            var codes = List(query["service_code"]);
            if (codes.Count > 0)
            {
                reports = reports.Where(r => r.ServiceCode != null && codes.Contains(r.ServiceCode));
            }

            DateTimeOffset? start = null, end = null;
            foreach (var (name, set) in new (string, Action<DateTimeOffset>)[] { ("start_date", d => start = d), ("end_date", d => end = d) })
            {
                var given = query[name].ToString();
                if (given.Length == 0)
                {
                    continue;
                }

                if (!DateTimeOffset.TryParse(given, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d))
                {
                    return Open311Document.Error(f, 400, name + " must be a W3C date and time, like 2026-12-01T00:00:00+09:00.");
                }

                set(d.ToUniversalTime());
            }

            if (start is null && end is null)
            {
                start = clock.GetUtcNow().AddDays(-DefaultDays);
            }

            if (start is { } s)
            {
                reports = reports.Where(r => r.ReceivedAt >= s);
            }

            if (end is { } e)
            {
                reports = reports.Where(r => r.ReceivedAt <= e);
            }

            var statuses = List(query["status"]);
            if (statuses.Any(x => x is not ("open" or "closed")))
            {
                return Open311Document.Error(f, 400, "status must be open, closed or both (open,closed).");
            }

            if (statuses.Count == 1)
            {
                reports = statuses[0] == "open"
                    ? reports.Where(r => r.State != RequestState.Answered && r.State != RequestState.Closed)
                    : reports.Where(r => r.State == RequestState.Answered || r.State == RequestState.Closed);
            }
        }

        var found = await reports.OrderByDescending(r => r.Id).Take(MaxResults).ToListAsync(ct);
        return Open311Document.List(f, "service_requests", "request", await DescribeAsync(found, http, db, store, time, ct));
    }

    private static async Task<IResult> RequestAsync(string file, HttpContext http, MadangDbContext db, RulesStore store, SiteTime time, CancellationToken ct)
    {
        if (Split(file) is not var (key, f))
        {
            return Open311Document.Error("json", 404, "Use requests/{service_request_id}.json or .xml.");
        }

        var id = long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        var found = await db.Set<Request>().AsNoTracking().Where(r => r.Id == id && r.Kind == RequestKind.Report && !r.IsPrivate).ToListAsync(ct);
        return found.Count == 0
            ? Open311Document.Error(f, 404, "No report has the id " + key + ".")
            : Open311Document.List(f, "service_requests", "request", await DescribeAsync(found, http, db, store, time, ct));
    }

    private static async Task<IResult> TokenAsync(string file, MadangDbContext db, CancellationToken ct)
    {
        if (Split(file) is not var (token, f))
        {
            return Open311Document.Error("json", 404, "Use tokens/{token}.json or .xml.");
        }

        var id = await db.Set<Request>().AsNoTracking().Where(r => r.Token == token && r.Kind == RequestKind.Report).Select(r => (long?)r.Id).SingleOrDefaultAsync(ct);
        return id is null
            ? Open311Document.Error(f, 404, "No report has this token.")
            : Open311Document.List(f, "service_requests", "request",
                [[new("service_request_id", id.Value.ToString(CultureInfo.InvariantCulture)), new("token", token)]]);
    }

    private static async Task<IResult> PostAsync(string format, HttpContext http, ApiKeyService keys, RequestService requests, TextCatalog texts, CancellationToken ct)
    {
        if (Format(format) is not { } f)
        {
            return Open311Document.Error("json", 404, "Use requests.json or requests.xml.");
        }

        if (!http.Request.HasFormContentType)
        {
            return Open311Document.Error(f, 400, "Send the report form-encoded (application/x-www-form-urlencoded).");
        }

        var form = await http.Request.ReadFormAsync(ct);
        var key = form["api_key"].ToString();
        if (key.Length == 0)
        {
            key = http.Request.Query["api_key"].ToString();
        }

        var client = key.Length == 0 ? null : await keys.VerifyAsync(key, ct);
        if (client is null)
        {
            return Open311Document.Error(f, 403, key.Length == 0 ? "api_key is required." : "api_key is not valid.");
        }

        var culture = Locale(http);
        var code = form["service_code"].ToString();
        if (code.Length == 0)
        {
            return Open311Document.Error(f, 400, "service_code is required.");
        }

        var lat = Number(form["lat"]);
        var lon = Number(form["long"]);
        if (lat is double.NaN || lon is double.NaN)
        {
            return Open311Document.Error(f, 400, "lat and long must be decimal degrees (WGS 84).");
        }

        var address = form["address_string"].ToString();
        if (address.Length == 0 && form["address_id"].ToString() is { Length: > 0 } addressId)
        {
            address = addressId;
        }

        // attribute[code]=value, and attribute[code][]=value for each value of a multivaluelist.
        var attributes = new Dictionary<string, string[]>();
        foreach (var (name, values) in form)
        {
            if (name.StartsWith("attribute[", StringComparison.Ordinal) && name.IndexOf(']', StringComparison.Ordinal) is var close and > 10)
            {
                var attr = name[10..close];
                attributes[attr] = [.. attributes.GetValueOrDefault(attr, []), .. values.Where(v => v is not null).Select(v => v!)];
            }
        }

        var contactName = string.Join(' ', new[] { form["first_name"].ToString(), form["last_name"].ToString() }.Where(x => x.Length > 0));
        try
        {
            var draft = new ReportDraft(code, form["description"], lat, lon, address.Length == 0 ? null : address, attributes, Language: culture)
            {
                Contact = (contactName.Length == 0 ? null : contactName, form["email"], form["phone"]),
                ClientKeyId = client.Id,
                ClientMediaUrl = form["media_url"],
            };
            var r = await requests.ReportAsync(draft, null, ct);
            return Open311Document.List(f, "service_requests", "request",
                [[new("service_request_id", r.Id.ToString(CultureInfo.InvariantCulture)), new("token", r.Token), new("service_notice", null), new("account_id", null)]]);
        }
        catch (RequestException e)
        {
            return Open311Document.Error(f, 400, texts.Get(culture, e.Key, [.. e.Arguments]));
        }
    }

    /// <summary>The specification's fields for each report; the status notes and addresses are the masked ones.</summary>
    private static async Task<List<IReadOnlyList<Field>>> DescribeAsync(List<Request> found, HttpContext http, MadangDbContext db, RulesStore store, SiteTime time, CancellationToken ct)
    {
        var culture = Locale(http);
        var rules = await store.GetAsync(ct);
        var orgIds = found.Select(r => r.OrganisationId).OfType<Guid>().Distinct().ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var ids = found.Select(r => r.Id).ToList();
        var photos = await db.Set<RequestPhoto>().AsNoTracking().Where(p => ids.Contains(p.RequestId) && p.Position == 1).Select(p => p.RequestId).ToListAsync(ct);
        var site = $"{http.Request.Scheme}://{http.Request.Host}";
        var zone = time.Zone;
        return found.Select(r => (IReadOnlyList<Field>)
        [
            new("service_request_id", r.Id.ToString(CultureInfo.InvariantCulture)),
            new("status", r.IsOpen ? "open" : "closed"),
            new("status_notes", r.PublicStatusNote),
            new("service_name", rules.Services.FirstOrDefault(s => s.Code == r.ServiceCode)?.NameIn(culture) ?? r.ServiceCode),
            new("service_code", r.ServiceCode),
            new("description", r.PublicText),
            new("agency_responsible", r.OrganisationId is { } o && orgs.TryGetValue(o, out var n) ? n.Get(culture) : null),
            new("service_notice", null),
            new("requested_datetime", Open311Document.Time(r.ReceivedAt, zone)),
            new("updated_datetime", Open311Document.Time(r.UpdatedAt > r.ReceivedAt ? r.UpdatedAt : r.ReceivedAt, zone)),
            new("expected_datetime", r.IsOpen ? Open311Document.Time(r.DueAt, zone) : null),
            new("address", r.PublicAddress),
            new("address_id", null),
            new("zipcode", null),
            new("lat", r.Latitude),
            new("long", r.Longitude),
            new("media_url", photos.Contains(r.Id) ? $"{site}/requests/{r.Id}/photos/1" : null),
        ]).ToList();
    }

    private static string? Format(string format) => format is "json" or "xml" ? format : null;

    /// <summary><c>pothole.json</c> → (<c>pothole</c>, <c>json</c>).</summary>
    private static (string Key, string Format)? Split(string file)
    {
        var dot = file.LastIndexOf('.');
        return dot > 0 && Format(file[(dot + 1)..]) is { } f ? (file[..dot], f) : null;
    }

    private static List<string> List(Microsoft.Extensions.Primitives.StringValues values) =>
        values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();

    /// <summary>A coordinate given as text: null when absent, NaN when not a number.</summary>
    private static double? Number(Microsoft.Extensions.Primitives.StringValues value) =>
        value.ToString() is { Length: > 0 } s ? double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : double.NaN : null;

    /// <summary>Names in the language asked for (<c>locale</c>, as several Open311 servers take it, or Accept-Language), else English.</summary>
    private static string Locale(HttpContext http) =>
        SiteCultures.Match(http.Request.Query["locale"].ToString()) ?? SiteCultures.FromAcceptLanguage(http.Request.Headers.AcceptLanguage) ?? "en";
}
