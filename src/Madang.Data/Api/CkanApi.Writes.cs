using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madang.Core.Localization;
using Madang.Data.Catalog;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Data.Api;

/// <summary>The datastore actions and the write actions of the CKAN API.</summary>
public static partial class CkanApi
{
    private static async Task<JsonNode> DatastoreSearchAsync(CkanContext c, CancellationToken ct)
    {
        var id = c.Req.Required("resource_id");
        var (_, resource) = await VisibleResourceAsync(c, id, ct);
        var filters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        switch (c.Req.Json("filters"))
        {
            case null:
                break;
            case JsonObject o:
                foreach (var (field, value) in o)
                {
                    filters[field] = value is JsonArray a ? a.Select(Plain).ToList() : [Plain(value)];
                }

                break;
            default:
                throw CkanException.Invalid("filters", "Not a JSON object");
        }

        var q = c.Req.Json("q") switch
        {
            null => null,
            JsonObject o => string.Join(' ', o.Select(kv => Plain(kv.Value))),
            var v => Plain(v),
        };
        var format = c.Req.Str("records_format") ?? "objects";
        if (format is not ("objects" or "lists" or "csv" or "tsv"))
        {
            throw CkanException.Invalid("records_format", "Must be objects, lists, csv or tsv");
        }

        var limit = c.Req.Int("limit", 100, 0, DatastoreService.MaxLimit);
        var offset = c.Req.Int("offset", 0);
        long? after = c.Req.Str("after") is { Length: > 0 } a2 && long.TryParse(a2, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        var sort = c.Req.Str("sort");
        var result = await c.Service<IDatastore>().SearchAsync(new DatastoreQuery
        {
            ResourceId = resource.Id,
            Filters = filters,
            Q = string.IsNullOrWhiteSpace(q) ? null : q,
            Fields = c.Req.List("fields"),
            Sort = string.IsNullOrWhiteSpace(sort) ? null : sort,
            Limit = limit,
            Offset = offset,
            AfterId = after,
            IncludeTotal = c.Req.Bool("include_total", true),
        }, ct);

        var fields = new JsonArray(result.Fields.Select(f => (JsonNode?)new JsonObject { ["id"] = f.Id, ["type"] = f.Type }).ToArray());
        JsonNode records = format switch
        {
            "objects" => new JsonArray(result.Rows.Select(row =>
            {
                var o = new JsonObject();
                for (var i = 0; i < result.Fields.Count; i++)
                {
                    o[result.Fields[i].Id] = Value(row[i]);
                }

                return (JsonNode?)o;
            }).ToArray()),
            "lists" => new JsonArray(result.Rows.Select(row => (JsonNode?)new JsonArray(row.Select(Value).ToArray())).ToArray()),
            _ => JsonValue.Create(Delimited(result.Rows, format == "tsv" ? '\t' : ',')),
        };

        // _links (CKAN ≤ 2.11) page by offset; next_page (newer CKAN) continues after the last _id, which stays fast on deep pages.
        var start = new StringBuilder($"/api/3/action/datastore_search?resource_id={resource.Id}");
        foreach (var key in new[] { "filters", "q", "fields", "sort", "records_format", "limit" })
        {
            if (c.Req.Str(key) is { Length: > 0 } v)
            {
                start.Append('&').Append(key).Append('=').Append(CkanRequest.Escape(v));
            }
        }

        var answer = new JsonObject
        {
            ["resource_id"] = resource.Id.ToString(),
            ["fields"] = fields,
            ["records"] = records,
            ["records_format"] = format,
            ["limit"] = limit,
            ["offset"] = offset,
            ["total_was_estimated"] = false,
            ["_links"] = new JsonObject
            {
                ["start"] = start.ToString(),
                ["next"] = $"{start}&offset={offset + limit}",
            },
        };
        if (result.Total is { } total)
        {
            answer["total"] = total;
        }

        if (sort is null && result.LastId is { } last && result.Rows.Count == limit && limit > 0)
        {
            answer["next_page"] = $"{start}&after={last}";
        }

        return answer;
    }

    private static string Plain(JsonNode? v) => v switch
    {
        null => string.Empty,
        JsonValue jv => jv.ToString(),
        var other => other.ToJsonString(),
    };

    private static JsonNode? Value(object? v) => v switch
    {
        null => null,
        string s => JsonValue.Create(s),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        decimal m => JsonValue.Create(m),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(d.ToString(CultureInfo.InvariantCulture)),
        bool b => JsonValue.Create(b),
        _ => JsonValue.Create(DatastoreService.Text(v)),
    };

    private static string Delimited(IReadOnlyList<object?[]> rows, char separator)
    {
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(separator);
                }

                var s = row[i] is null ? string.Empty : DatastoreService.Text(row[i]);
                if (s.IndexOfAny([separator, '"', '\n', '\r']) >= 0)
                {
                    sb.Append('"').Append(s.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                }
                else
                {
                    sb.Append(s);
                }
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static void RequireKey(CkanContext c, string action)
    {
        if (c.Caller.IsAnonymous)
        {
            throw CkanException.Denied("Action " + action + " requires an authenticated user");
        }
    }

    /// <summary>The organisation named by <c>owner_org</c> (id, CKAN name or code) that the key may publish for.</summary>
    private static async Task<Guid> OwnerAsync(CkanContext c, string? ownerOrg, Guid? fallback, CancellationToken ct)
    {
        Guid id;
        if (string.IsNullOrWhiteSpace(ownerOrg))
        {
            id = fallback ?? c.Caller.Key!.OrganisationId;
        }
        else
        {
            var orgs = await c.Db.Organisations.AsNoTracking().ToListAsync(ct);
            id = orgs.FirstOrDefault(o => o.Id.ToString() == ownerOrg || string.Equals(CkanDicts.OrganisationSlug(o.Code), ownerOrg, StringComparison.OrdinalIgnoreCase) || o.Code == ownerOrg)?.Id
                ?? throw CkanException.Invalid("owner_org", "Organization does not exist");
        }

        return c.Caller.CanWrite(id) ? id : throw CkanException.Denied("The API key may not publish for organisation " + ownerOrg);
    }

    private static async Task<JsonNode> PackageCreateAsync(CkanContext c, CancellationToken ct)
    {
        RequireKey(c, "package_create");
        var owner = await OwnerAsync(c, c.Req.Str("owner_org"), null, ct);
        var input = CkanDicts.ToInput(c.Req.Parameters, owner, DefaultCulture());
        var d = await c.Service<CatalogService>().SaveAsync(input, c.Caller.Actor, ct: ct);
        return await PackageDictAsync(c, d, ct);
    }

    private static string DefaultCulture() => SiteCultures.Default;

    /// <summary>The dataset a write names, when the key's organisation owns it (a dataset elsewhere is a 403, as in CKAN).</summary>
    private static async Task<Dataset> WritableDatasetAsync(CkanContext c, string idOrName, CancellationToken ct)
    {
        var d = await c.Service<CatalogService>().FindAsync(idOrName, ct: ct);
        if (d is null || (!c.CanSee(d) && !c.Caller.CanWrite(d.OrganisationId)))
        {
            throw CkanException.NotFound("Dataset");
        }

        return c.Caller.CanWrite(d.OrganisationId) ? d : throw CkanException.Denied("The API key may not edit dataset " + d.Name);
    }

    private static async Task<JsonNode> PackageUpdateAsync(CkanContext c, bool patch, CancellationToken ct)
    {
        var action = patch ? "package_patch" : "package_update";
        RequireKey(c, action);
        var d = await WritableDatasetAsync(c, c.Req.Str("id") ?? c.Req.Required("name"), ct);
        var owner = await OwnerAsync(c, c.Req.Str("owner_org"), d.OrganisationId, ct);
        var body = c.Req.Parameters;
        if (!patch && !body.ContainsKey("name"))
        {
            body["name"] = d.Name;
        }

        var input = CkanDicts.ToInput(body, owner, DefaultCulture(), patch ? d : null);
        if (!patch && !body.ContainsKey("private") && !body.ContainsKey("state"))
        {
            input = input with { State = d.State };
        }

        d = await c.Service<CatalogService>().SaveAsync(input, c.Caller.Actor, d, ct);
        return await PackageDictAsync(c, d, ct);
    }

    private static async Task<JsonNode> ResourceCreateAsync(CkanContext c, CancellationToken ct)
    {
        RequireKey(c, "resource_create");
        var d = await WritableDatasetAsync(c, c.Req.Required("package_id"), ct);
        var upload = c.Req.Files?.GetFile("upload");
        var url = c.Req.Str("url");
        if (upload is null && string.IsNullOrWhiteSpace(url))
        {
            throw CkanException.Invalid("url", "Give a url or an upload");
        }

        if (upload is not null && !Formats.IsAccepted(upload.FileName))
        {
            throw CkanException.Invalid("upload", "Accepted formats: " + string.Join(", ", Formats.Extensions));
        }

        if (upload is null && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            throw CkanException.Invalid("url", "Not an absolute URL");
        }

        var catalog = c.Service<CatalogService>();
        var r = new DataResource
        {
            Kind = upload is null ? ResourceKind.Link : ResourceKind.Upload,
            LinkUrl = upload is null ? url : null,
            Format = c.Req.Str("format")?.ToUpperInvariant() is { Length: > 0 } f ? f : upload is null ? null : Formats.FromFileName(upload.FileName),
        };
        SetTexts(c, r);
        r = await catalog.AddResourceAsync(d, r, c.Caller.Actor, ct);
        if (upload is not null)
        {
            await using var stream = upload.OpenReadStream();
            await catalog.AddVersionAsync(d, r, stream, upload.FileName, c.Req.Str("changelog"), c.Caller.Actor, ct);
        }

        return await ResourceDictAsync(c, r.Id, ct);
    }

    private static void SetTexts(CkanContext c, DataResource r)
    {
        var culture = DefaultCulture();
        foreach (var (field, text) in new[] { ("name", r.Name), ("description", r.Description) })
        {
            if (c.Req.Parameters[field + "_translated"] is JsonObject tr)
            {
                foreach (var (lang, v) in tr)
                {
                    if (SiteCultures.IsSupported(lang))
                    {
                        text[lang] = v?.ToString();
                    }
                }
            }

            if (c.Req.Str(field) is { } s)
            {
                text[culture] = s;
            }
        }
    }

    private static async Task<JsonNode> ResourceDictAsync(CkanContext c, Guid id, CancellationToken ct)
    {
        c.Db.ChangeTracker.Clear();
        var (d, r) = await VisibleResourceOrOwnAsync(c, id, ct);
        var live = r.CurrentVersionId is { } v ? await c.Db.Set<ResourceVersion>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == v, ct) : null;
        return CkanDicts.Resource(d, r, live, c.BaseUrl, c.Culture);
    }

    private static async Task<(Dataset, DataResource)> VisibleResourceOrOwnAsync(CkanContext c, Guid id, CancellationToken ct)
    {
        var datasetId = await c.Db.Set<DataResource>().Where(r => r.Id == id && r.DeletedAt == null).Select(r => (Guid?)r.DatasetId).FirstOrDefaultAsync(ct)
            ?? throw CkanException.NotFound("Resource was not found.");
        var d = await WritableOrVisibleAsync(c, datasetId, ct);
        return (d, d.Resources.Single(r => r.Id == id));
    }

    private static async Task<Dataset> WritableOrVisibleAsync(CkanContext c, Guid datasetId, CancellationToken ct)
    {
        var d = await c.Service<CatalogService>().FindAsync(datasetId.ToString(), ct: ct);
        return d is not null && (c.CanSee(d) || c.Caller.CanWrite(d.OrganisationId)) ? d : throw CkanException.NotFound("Resource was not found.");
    }

    private static async Task<JsonNode> ResourcePatchAsync(CkanContext c, CancellationToken ct)
    {
        RequireKey(c, "resource_patch");
        if (!Guid.TryParse(c.Req.Required("id"), out var id))
        {
            throw CkanException.NotFound("Resource was not found.");
        }

        var (d, r) = await VisibleResourceOrOwnAsync(c, id, ct);
        if (!c.Caller.CanWrite(d.OrganisationId))
        {
            throw CkanException.Denied("The API key may not edit dataset " + d.Name);
        }

        var upload = c.Req.Files?.GetFile("upload");
        if (upload is not null && (r.Kind != ResourceKind.Upload || !Formats.IsAccepted(upload.FileName)))
        {
            throw CkanException.Invalid("upload", r.Kind != ResourceKind.Upload ? "A link resource takes no upload" : "Accepted formats: " + string.Join(", ", Formats.Extensions));
        }

        SetTexts(c, r);
        if (c.Req.Str("format") is { Length: > 0 } f)
        {
            r.Format = f.ToUpperInvariant();
        }

        if (r.Kind == ResourceKind.Link && c.Req.Str("url") is { Length: > 0 } url)
        {
            r.LinkUrl = Uri.TryCreate(url, UriKind.Absolute, out _) ? url : throw CkanException.Invalid("url", "Not an absolute URL");
        }

        var catalog = c.Service<CatalogService>();
        if (upload is not null)
        {
            await using var stream = upload.OpenReadStream();
            await catalog.AddVersionAsync(d, r, stream, upload.FileName, c.Req.Str("changelog"), c.Caller.Actor, ct);
        }
        else
        {
            await catalog.UpdateResourceAsync(d, r, c.Caller.Actor, ct);
        }

        return await ResourceDictAsync(c, r.Id, ct);
    }

    private static async Task<JsonNode> DatastoreUpsertAsync(CkanContext c, CancellationToken ct)
    {
        RequireKey(c, "datastore_upsert");
        if (!Guid.TryParse(c.Req.Required("resource_id"), out var id))
        {
            throw CkanException.NotFound("Resource was not found.");
        }

        var (d, _) = await VisibleResourceOrOwnAsync(c, id, ct);
        if (!c.Caller.CanWrite(d.OrganisationId))
        {
            throw CkanException.Denied("The API key may not edit dataset " + d.Name);
        }

        if (c.Req.Json("records") is not JsonArray array)
        {
            throw CkanException.Invalid("records", "Missing value");
        }

        var records = new List<IReadOnlyDictionary<string, JsonElement>>();
        foreach (var item in array)
        {
            if (item is not JsonObject o)
            {
                throw CkanException.Invalid("records", "Each record must be an object");
            }

            records.Add(o.ToDictionary(kv => kv.Key, kv => JsonSerializer.SerializeToElement(kv.Value)));
        }

        var method = c.Req.Str("method") ?? "upsert";
        if (method is not ("upsert" or "insert" or "update"))
        {
            throw CkanException.Invalid("method", "Must be upsert, insert or update");
        }

        var written = await c.Service<IDatastore>().UpsertAsync(id, records, method, ct);
        c.Service<Core.Audit.AuditLog>().Record(c.Caller.Actor, "data.datastore.upsert", "resource", id.ToString(), new { Rows = written, Method = method }, d.OrganisationId);
        await c.Db.SaveChangesAsync(ct);
        return new JsonObject { ["resource_id"] = id.ToString(), ["method"] = method, ["records"] = array.DeepClone() };
    }
}
