using System.Globalization;
using System.Text.Json.Nodes;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Core.Organisations;
using Madang.Data.Catalog;
using Madang.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Data.Api;

/// <summary>
/// Datasets, resources, organisations and themes as CKAN dictionaries (the field names every CKAN client and harvester reads),
/// and the way back from a package dictionary to <see cref="DatasetInput"/>. The one mapping: the Action API, the REST API and
/// harvesting all use it.
/// </summary>
public static class CkanDicts
{
    /// <summary>CKAN writes timestamps as ISO 8601 in UTC without a zone.</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    /// <summary>An organisation's CKAN <c>name</c>: its code, lower-cased, with anything outside <c>[a-z0-9_-]</c> as '-'.</summary>
    public static string OrganisationSlug(string code)
    {
        var chars = code.Trim().ToLowerInvariant().Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' ? c : '-').ToArray();
        return new string(chars);
    }

    /// <summary>A theme's CKAN group name (groups are lower-case in CKAN).</summary>
    public static string GroupName(string themeCode) => themeCode.ToLowerInvariant();

    /// <summary>The theme code for a group name or code, or null.</summary>
    public static string? ThemeCode(string group) =>
        Themes.Codes.FirstOrDefault(c => string.Equals(c, group.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The live download address of an uploaded resource (absolute).</summary>
    public static string DownloadUrl(string baseUrl, string datasetName, Guid resourceId) =>
        $"{baseUrl.TrimEnd('/')}/datasets/{Uri.EscapeDataString(datasetName)}/resources/{resourceId}/download";

    public static string VersionDownloadUrl(string baseUrl, string datasetName, Guid resourceId, int number) =>
        $"{baseUrl.TrimEnd('/')}/datasets/{Uri.EscapeDataString(datasetName)}/resources/{resourceId}/versions/{number}/download";

    /// <summary>ckanext-fluent's <c>*_translated</c> shape: language → text, only the languages written.</summary>
    public static JsonObject Translated(LocalizedText text)
    {
        var o = new JsonObject();
        foreach (var c in SiteCultures.All)
        {
            if (!string.IsNullOrWhiteSpace(text[c]))
            {
                o[c] = text[c];
            }
        }

        return o;
    }

    public static JsonObject Organisation(Organisation o, string culture, int? packageCount = null)
    {
        var d = new JsonObject
        {
            ["id"] = o.Id.ToString(),
            ["name"] = OrganisationSlug(o.Code),
            ["title"] = o.Name.Get(culture),
            ["display_name"] = o.Name.Get(culture),
            ["title_translated"] = Translated(o.Name),
            ["type"] = "organization",
            ["description"] = string.Empty,
            ["image_url"] = string.Empty,
            ["created"] = Time(o.CreatedAt),
            ["is_organization"] = true,
            ["approval_status"] = "approved",
            ["state"] = o.IsActive ? "active" : "deleted",
            ["code"] = o.Code,
        };
        if (packageCount is { } n)
        {
            d["package_count"] = n;
        }

        return d;
    }

    /// <summary>A theme as a CKAN group; <paramref name="title"/> is its name in the caller's language.</summary>
    public static JsonObject Group(string code, string title, int? packageCount = null)
    {
        var d = new JsonObject
        {
            ["id"] = GroupName(code),
            ["name"] = GroupName(code),
            ["title"] = title,
            ["display_name"] = title,
            ["description"] = string.Empty,
            ["type"] = "group",
            ["is_organization"] = false,
            ["state"] = "active",
            ["image_url"] = string.Empty,
            ["image_display_url"] = string.Empty,
            ["uri"] = Themes.Uri(code),
        };
        if (packageCount is { } n)
        {
            d["package_count"] = n;
        }

        return d;
    }

    public static JsonObject Resource(Dataset d, DataResource r, ResourceVersion? live, string baseUrl, string culture)
    {
        var url = r.Kind == ResourceKind.Link ? r.LinkUrl ?? string.Empty : DownloadUrl(baseUrl, d.Name, r.Id);
        return new JsonObject
        {
            ["id"] = r.Id.ToString(),
            ["package_id"] = d.Id.ToString(),
            ["url"] = url,
            ["url_type"] = r.Kind == ResourceKind.Upload ? "upload" : null,
            ["name"] = r.Name.Get(culture),
            ["name_translated"] = Translated(r.Name),
            ["description"] = r.Description.Get(culture),
            ["description_translated"] = Translated(r.Description),
            ["format"] = r.Format ?? string.Empty,
            ["mimetype"] = live?.MediaType,
            ["mimetype_inner"] = null,
            ["size"] = live?.ByteSize,
            ["hash"] = live is null ? string.Empty : "sha256:" + live.Sha256,
            ["position"] = r.Position,
            ["resource_type"] = null,
            ["state"] = r.DeletedAt is null ? "active" : "deleted",
            ["created"] = Time(r.CreatedAt),
            ["last_modified"] = live is null ? null : Time(live.CreatedAt),
            ["metadata_modified"] = Time(r.ModifiedAt),
            ["cache_url"] = null,
            ["cache_last_updated"] = null,
            ["datastore_active"] = r.DatastoreState == DatastoreState.Active,
            ["version"] = live?.Number,
        };
    }

    /// <summary>The package dictionary of <paramref name="d"/> (tags, themes, extras and live resources loaded).</summary>
    public static JsonObject Package(Dataset d, Organisation org, IReadOnlyDictionary<Guid, ResourceVersion> liveVersions, string baseUrl,
        string culture, Func<string, string> themeTitle)
    {
        var license = Licenses.Find(d.LicenseId);
        var resources = new JsonArray();
        foreach (var r in d.Resources.Where(r => r.DeletedAt is null).OrderBy(r => r.Position))
        {
            resources.Add(Resource(d, r, r.CurrentVersionId is { } v && liveVersions.TryGetValue(v, out var lv) ? lv : null, baseUrl, culture));
        }

        var tags = new JsonArray();
        foreach (var t in d.Tags.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            tags.Add(new JsonObject { ["id"] = t.Name, ["name"] = t.Name, ["display_name"] = t.Name, ["state"] = "active", ["vocabulary_id"] = null });
        }

        var groups = new JsonArray();
        foreach (var t in d.Themes.OrderBy(t => t.Code, StringComparer.Ordinal))
        {
            groups.Add(Group(t.Code, themeTitle(t.Code)));
        }

        var extras = new JsonArray();
        foreach (var x in d.Extras.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            extras.Add(new JsonObject { ["key"] = x.Key, ["value"] = x.Value });
        }

        return new JsonObject
        {
            ["id"] = d.Id.ToString(),
            ["name"] = d.Name,
            ["title"] = d.Title.Get(culture),
            ["title_translated"] = Translated(d.Title),
            ["notes"] = d.Description.Get(culture),
            ["notes_translated"] = Translated(d.Description),
            ["type"] = "dataset",
            ["state"] = d.DeletedAt is not null ? "deleted" : d.State == DatasetState.Draft ? "draft" : "active",
            ["private"] = d.State == DatasetState.Private,
            ["owner_org"] = org.Id.ToString(),
            ["organization"] = Organisation(org, culture),
            ["license_id"] = d.LicenseId ?? string.Empty,
            ["license_title"] = license?.Title ?? d.LicenseId ?? string.Empty,
            ["license_url"] = license?.Url ?? string.Empty,
            ["isopen"] = license?.IsOpen ?? false,
            ["url"] = d.Source ?? string.Empty,
            ["version"] = d.Version,
            ["author"] = d.ContactName,
            ["author_email"] = d.ContactEmail,
            ["maintainer"] = d.ContactName,
            ["maintainer_email"] = d.ContactEmail,
            ["creator_user_id"] = null,
            ["metadata_created"] = Time(d.CreatedAt),
            ["metadata_modified"] = Time(d.ModifiedAt),
            ["frequency"] = d.Frequency,
            ["temporal_start"] = d.TemporalStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["temporal_end"] = d.TemporalEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["spatial_text"] = d.Spatial,
            ["num_resources"] = resources.Count,
            ["num_tags"] = tags.Count,
            ["tags"] = tags,
            ["groups"] = groups,
            ["extras"] = extras,
            ["resources"] = resources,
            ["relationships_as_subject"] = new JsonArray(),
            ["relationships_as_object"] = new JsonArray(),
            ["harvest_source_url"] = d.HarvestRemoteUrl,
        };
    }

    /// <summary>Package dictionaries for datasets already loaded with their resources: organisations and live versions in two queries.</summary>
    public static async Task<IReadOnlyList<JsonObject>> PackagesAsync(MadangDbContext db, IReadOnlyList<Dataset> datasets, string baseUrl,
        string culture, Func<string, string> themeTitle, CancellationToken ct = default)
    {
        if (datasets.Count == 0)
        {
            return [];
        }

        var orgIds = datasets.Select(d => d.OrganisationId).Distinct().ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var versionIds = datasets.SelectMany(d => d.Resources).Where(r => r.CurrentVersionId != null).Select(r => r.CurrentVersionId!.Value).ToList();
        var versions = versionIds.Count == 0 ? new Dictionary<Guid, ResourceVersion>()
            : await db.Set<ResourceVersion>().AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, ct);
        return datasets.Select(d => Package(d, orgs[d.OrganisationId], versions, baseUrl, culture, themeTitle)).ToList();
    }

    /// <summary>
    /// Reads a package dictionary (CKAN's field names, plus <c>*_translated</c>) into a dataset's metadata. With
    /// <paramref name="baseline"/> (package_patch) a field not sent keeps its value; without it (create, update) it is empty.
    /// <paramref name="organisationId"/> is the resolved <c>owner_org</c>.
    /// </summary>
    public static DatasetInput ToInput(JsonObject p, Guid organisationId, string defaultCulture, Dataset? baseline = null)
    {
        LocalizedText Text(string field, LocalizedText? old) =>
            p[field + "_translated"] is JsonObject || p.ContainsKey(field) || old is null ? Texts(p, field, defaultCulture) : Copy(old);

        string? Str(string field, string? old) =>
            p.TryGetPropertyValue(field, out var v) ? (v is JsonValue jv && jv.ToString() is { Length: > 0 } s ? s : null) : old;

        IReadOnlyList<string> Names(string field, IEnumerable<string>? old)
        {
            if (!p.TryGetPropertyValue(field, out var v))
            {
                return old?.ToList() ?? [];
            }

            return v is JsonArray a
                ? a.Select(x => x is JsonObject o ? o["name"]?.ToString() : x?.ToString()).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).ToList()
                : [];
        }

        var extras = baseline?.Extras.ToDictionary(x => x.Key, x => x.Value) ?? new Dictionary<string, string>();
        if (p.TryGetPropertyValue("extras", out var ex))
        {
            extras.Clear();
            foreach (var x in (ex as JsonArray ?? []).OfType<JsonObject>())
            {
                if (x["key"]?.ToString() is { Length: > 0 } key && x["value"] is { } value)
                {
                    extras[key] = value is JsonValue ? value.ToString() : value.ToJsonString();
                }
            }
        }

        var state = baseline?.State ?? DatasetState.Published;
        if (p["private"] is JsonValue priv)
        {
            var isPrivate = priv.ToString().Equals("true", StringComparison.OrdinalIgnoreCase);
            state = isPrivate ? DatasetState.Private : state == DatasetState.Private ? DatasetState.Published : state;
        }

        if (p["state"]?.ToString() is { } st)
        {
            state = st switch
            {
                "draft" => DatasetState.Draft,
                "active" when state == DatasetState.Draft => DatasetState.Published,
                _ => state,
            };
        }

        var groups = Names("groups", baseline?.Themes.Select(t => t.Code));
        return new DatasetInput
        {
            Name = Str("name", baseline?.Name) ?? string.Empty,
            Title = Text("title", baseline?.Title),
            Description = Text("notes", baseline?.Description),
            OrganisationId = organisationId,
            LicenseId = Str("license_id", baseline?.LicenseId),
            Frequency = Str("frequency", baseline?.Frequency),
            TemporalStart = Date(Str("temporal_start", null)) ?? (p.ContainsKey("temporal_start") ? null : baseline?.TemporalStart),
            TemporalEnd = Date(Str("temporal_end", null)) ?? (p.ContainsKey("temporal_end") ? null : baseline?.TemporalEnd),
            Spatial = Str("spatial_text", baseline?.Spatial),
            ContactName = Str("maintainer", null) ?? Str("author", baseline?.ContactName),
            ContactEmail = Str("maintainer_email", null) ?? Str("author_email", baseline?.ContactEmail),
            Source = Str("url", baseline?.Source),
            Version = Str("version", baseline?.Version),
            Tags = Names("tags", baseline?.Tags.Select(t => t.Name)),
            // An unknown group is passed on as written, so validation names it.
            Themes = groups.Select(g => ThemeCode(g) ?? g).ToList(),
            Extras = extras,
            State = state,
        };
    }

    /// <summary>
    /// A field's text in the five languages: <c>{field}_translated</c> (ckanext-fluent) where sent, and the plain field in
    /// <paramref name="defaultCulture"/> where that language is still empty.
    /// </summary>
    public static LocalizedText Texts(JsonObject o, string field, string defaultCulture)
    {
        var t = new LocalizedText();
        if (o[field + "_translated"] is JsonObject tr)
        {
            foreach (var (lang, v) in tr)
            {
                if (SiteCultures.IsSupported(lang) && v is JsonValue)
                {
                    t[lang] = v.ToString();
                }
            }
        }

        if (o[field] is JsonValue plain && plain.ToString() is { Length: > 0 } s && string.IsNullOrWhiteSpace(t[defaultCulture]))
        {
            t[defaultCulture] = s;
        }

        return t;
    }

    private static DateOnly? Date(string? s) =>
        s is not null && DateOnly.TryParse(s.Length >= 10 ? s[..10] : s, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static LocalizedText Copy(LocalizedText t) => new() { Ko = t.Ko, Ja = t.Ja, En = t.En, ZhHans = t.ZhHans, ZhHant = t.ZhHant };
}
