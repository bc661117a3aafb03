using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Madang.Data.Api;

/// <summary>A CKAN error: its <c>__type</c>, HTTP status, message and (for validation) field → messages.</summary>
public sealed class CkanException(string type, int status, string message, IReadOnlyDictionary<string, string[]>? fields = null) : Exception(message)
{
    public string Type { get; } = type;

    public int Status { get; } = status;

    public IReadOnlyDictionary<string, string[]>? Fields { get; } = fields;

    public static CkanException NotFound(string what) => new("Not Found Error", 404, "Not found: " + what);

    public static CkanException Denied(string why) => new("Authorization Error", 403, "Access denied: " + why);

    public static CkanException Invalid(string field, string message) => new("Validation Error", 409, field + ": " + message, new Dictionary<string, string[]> { [field] = [message] });

    public static CkanException Invalid(IReadOnlyDictionary<string, string[]> fields) =>
        new("Validation Error", 409, string.Join("; ", fields.Select(f => f.Key + ": " + string.Join(", ", f.Value))), fields);

    public static CkanException BadRequest(string message) => new("Bad Request", 400, "Bad request - " + message);

    public static CkanException SearchQuery(string message) => new("Search Query Error", 400, "Search Query Error: " + message);
}

/// <summary>
/// The parameters of one action call, from the query string (GET), a JSON body, or a form (POST); values from a query string or
/// form are strings, so readers accept both "10" and 10, and JSON sent as a string (<c>facet.field=["tags"]</c>).
/// </summary>
public sealed class CkanRequest(JsonObject parameters, IFormFileCollection? files)
{
    public JsonObject Parameters { get; } = parameters;

    public IFormFileCollection? Files { get; } = files;

    public static async Task<CkanRequest> ReadAsync(HttpContext http, long maxUpload, CancellationToken ct)
    {
        var p = new JsonObject();
        foreach (var (k, v) in http.Request.Query)
        {
            p[k] = v.Count > 1 ? new JsonArray(v.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()) : JsonValue.Create(v.ToString());
        }

        if (!HttpMethods.IsPost(http.Request.Method))
        {
            return new CkanRequest(p, null);
        }

        if (http.Request.HasFormContentType)
        {
            if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = maxUpload + 1024 * 1024;
            }

            http.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(new Microsoft.AspNetCore.Http.Features.FormFeature(http.Request,
                new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = maxUpload + 1024 * 1024 }));
            var form = await http.Request.ReadFormAsync(ct);
            foreach (var (k, v) in form)
            {
                p[k] = JsonValue.Create(v.ToString());
            }

            return new CkanRequest(p, form.Files);
        }

        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(body))
        {
            return new CkanRequest(p, null);
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            // ckanapi and CKAN both answer a body that is not JSON this way.
            throw CkanException.BadRequest("JSON Error: Could not read request body as JSON");
        }

        if (node is not JsonObject obj)
        {
            throw CkanException.BadRequest("JSON Error: Request data JSON decoded to a non-object");
        }

        foreach (var (k, v) in obj.ToList())
        {
            obj.Remove(k);
            p[k] = v;
        }

        return new CkanRequest(p, null);
    }

    public bool Has(string key) => Parameters.ContainsKey(key);

    public string? Str(string key) => Parameters[key] switch
    {
        null => null,
        JsonValue v => v.ToString(),
        JsonArray a => a.Count > 0 ? a[0]?.ToString() : null,
        var other => other.ToJsonString(),
    };

    public int Int(string key, int fallback, int min = 0, int max = int.MaxValue)
    {
        var s = Str(key);
        if (string.IsNullOrWhiteSpace(s))
        {
            return fallback;
        }

        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min)
        {
            throw CkanException.Invalid(key, "Invalid integer");
        }

        return Math.Min(n, max);
    }

    public bool Bool(string key, bool fallback = false)
    {
        var s = Str(key);
        return string.IsNullOrWhiteSpace(s) ? fallback : s.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "on";
    }

    /// <summary>A value that may arrive as JSON or as a string holding JSON.</summary>
    public JsonNode? Json(string key)
    {
        var node = Parameters[key];
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var s = v.ToString().Trim();
            if (s.StartsWith('[') || s.StartsWith('{'))
            {
                try
                {
                    return JsonNode.Parse(s);
                }
                catch (JsonException)
                {
                    throw CkanException.Invalid(key, "Could not parse as valid JSON");
                }
            }
        }

        return node;
    }

    /// <summary>A list: a JSON array, a string holding one, or a comma-separated string.</summary>
    public IReadOnlyList<string> List(string key) => Json(key) switch
    {
        null => [],
        JsonArray a => a.Select(x => x?.ToString() ?? string.Empty).Where(x => x.Length > 0).ToList(),
        var v => v.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    };

    public string Required(string key) =>
        Str(key) is { Length: > 0 } s ? s : throw CkanException.Invalid(key, "Missing value");

    public static string Escape(string s) => WebUtility.UrlEncode(s);
}
