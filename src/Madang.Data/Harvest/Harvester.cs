using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Jobs;
using Madang.Core.Localization;
using Madang.Data.Api;
using Madang.Data.Catalog;
using Madang.Data.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Madang.Data.Harvest;

/// <summary>
/// Harvests a CKAN-compatible portal: pages through <c>package_search</c>, creates or updates a local copy of each dataset
/// (marked with its source; resources become links to the remote files), and removes the copies whose dataset is gone.
/// </summary>
public sealed class Harvester(MadangDbContext db, CatalogService catalog, JobQueue jobs, IHttpClientFactory http, TimeProvider clock, ILogger<Harvester> log)
{
    public const string JobType = "data.harvest";
    public const string HttpClientName = "harvest";

    /// <summary>Datasets asked for per page (CKAN's maximum).</summary>
    public const int PageSize = 1000;

    private static readonly Actor HarvestActor = new(null, "harvest");

    /// <summary>Adds a source; with an interval, its first run is queued at once.</summary>
    public async Task<HarvestSource> AddSourceAsync(string url, string title, Guid organisationId, TimeSpan interval,
        IReadOnlyDictionary<string, string> organisationMap, Actor actor, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(url.Trim().TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CatalogValidationException(new Dictionary<string, string[]> { ["url"] = ["An http(s) address of a CKAN-compatible portal is needed."] });
        }

        var source = new HarvestSource
        {
            Id = Guid.NewGuid(),
            Url = uri.ToString().TrimEnd('/'),
            Title = string.IsNullOrWhiteSpace(title) ? uri.Host : title.Trim(),
            OrganisationId = organisationId,
            Interval = interval,
            OrganisationMapJson = organisationMap.Count == 0 ? null : JsonSerializer.Serialize(organisationMap),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(source);
        if (interval > TimeSpan.Zero)
        {
            jobs.Enqueue(JobType, new HarvestPayload(source.Id, Scheduled: true));
        }

        await db.SaveChangesAsync(ct);
        return source;
    }

    /// <summary>Queues a run now (besides the schedule).</summary>
    public async Task QueueRunAsync(HarvestSource source, CancellationToken ct = default)
    {
        jobs.Enqueue(JobType, new HarvestPayload(source.Id, Scheduled: false));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Runs one harvest of <paramref name="source"/> and records it; returns the run.</summary>
    public async Task<HarvestRun> RunAsync(HarvestSource source, CancellationToken ct = default)
    {
        var run = new HarvestRun { Id = Guid.NewGuid(), SourceId = source.Id, StartedAt = clock.GetUtcNow() };
        db.Add(run);
        await db.SaveChangesAsync(ct);
        var errors = new List<string>();
        var map = source.OrganisationMapJson is null ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(source.OrganisationMapJson) ?? [];
        var orgByCode = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Code, o => o.Id, StringComparer.OrdinalIgnoreCase, ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var complete = false;
        try
        {
            var client = http.CreateClient(HttpClientName);
            for (var start = 0; ; start += PageSize)
            {
                var page = await FetchPageAsync(client, source.Url, start, ct);
                foreach (var package in page.Results)
                {
                    var remoteId = Str(package, "id");
                    var remoteName = Str(package, "name");
                    if (string.IsNullOrEmpty(remoteId) || string.IsNullOrEmpty(remoteName))
                    {
                        run.Failed++;
                        errors.Add($"(dataset without id or name at start={start}): skipped");
                        continue;
                    }

                    seen.Add(remoteId);
                    try
                    {
                        var outcome = await UpsertAsync(source, package, remoteId, remoteName, map, orgByCode, ct);
                        if (outcome == Outcome.Created)
                        {
                            run.Created++;
                        }
                        else if (outcome == Outcome.Updated)
                        {
                            run.Updated++;
                        }
                    }
                    catch (Exception e) when (e is CatalogValidationException or JsonException or InvalidOperationException or FormatException or DbUpdateException)
                    {
                        db.ChangeTracker.Clear();
                        run.Failed++;
                        errors.Add($"{remoteName}: {e.Message}");
                    }
                }

                if (page.Results.Count == 0 || start + PageSize >= page.Count)
                {
                    break;
                }
            }

            complete = true;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or HarvestSourceException)
        {
            if (ct.IsCancellationRequested)
            {
                throw;
            }

            errors.Add($"{source.Url}: {e.Message}");
            log.LogWarning("Harvest of source {SourceId} stopped: {Error}", source.Id, e.GetType().Name);
        }

        // Only a complete listing proves a dataset is gone; a failed page must not delete local copies.
        if (complete)
        {
            var gone = await db.Set<Dataset>().Where(d => d.HarvestSourceId == source.Id && d.DeletedAt == null && !seen.Contains(d.HarvestRemoteId!))
                .ToListAsync(ct);
            foreach (var d in gone)
            {
                await catalog.DeleteAsync(d, HarvestActor, ct);
                run.Deleted++;
            }
        }

        db.ChangeTracker.Clear();
        db.Attach(run);
        run.FinishedAt = clock.GetUtcNow();
        run.Succeeded = complete;
        run.Errors = errors.Count == 0 ? null : string.Join('\n', errors.Take(200));
        await db.Set<HarvestSource>().Where(s => s.Id == source.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastRunAt, run.FinishedAt), ct);
        await db.SaveChangesAsync(ct);
        return run;
    }

    private enum Outcome
    {
        Unchanged,
        Created,
        Updated,
    }

    private async Task<Outcome> UpsertAsync(HarvestSource source, JsonObject p, string remoteId, string remoteName,
        Dictionary<string, string> map, Dictionary<string, Guid> orgByCode, CancellationToken ct)
    {
        var existing = await db.Set<Dataset>()
            .Include(d => d.Tags).Include(d => d.Themes).Include(d => d.Extras).Include(d => d.Resources)
            .AsSplitQuery()
            .FirstOrDefaultAsync(d => d.HarvestSourceId == source.Id && d.HarvestRemoteId == remoteId, ct);
        var remoteModified = Str(p, "metadata_modified") is { } m && DateTimeOffset.TryParse(m, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var rm) ? rm : (DateTimeOffset?)null;
        if (existing is { DeletedAt: null } && remoteModified is { } modified && modified <= existing.ModifiedAt)
        {
            return Outcome.Unchanged;
        }

        var orgName = p["organization"] is JsonObject org ? Str(org, "name") : null;
        var orgId = orgName is not null && map.TryGetValue(orgName, out var code) && orgByCode.TryGetValue(code, out var mapped)
            ? mapped : source.OrganisationId;

        // The API's own reading of a CKAN dict, made lenient: a copy drops what this catalogue cannot hold instead of failing.
        var remote = CkanDicts.ToInput(p, orgId, SiteCultures.Default);
        var input = remote with
        {
            Name = await LocalNameAsync(source, remoteName, existing, ct),
            LicenseId = Licenses.Find(remote.LicenseId)?.Id,
            Frequency = remote.Frequency?.ToUpperInvariant() is { } f && Frequencies.Codes.Contains(f) ? f : null,
            Source = Uri.TryCreate(remote.Source, UriKind.Absolute, out _) ? remote.Source : null,
            Tags = remote.Tags.Where(t => t.Length is > 0 and <= 100).Distinct(StringComparer.Ordinal).ToList(),
            Themes = remote.Themes.Select(t => t.ToUpperInvariant()).Where(Themes.IsKnown).Distinct(StringComparer.Ordinal).ToList(),
            Extras = remote.Extras.Where(x => x.Key.Length <= 100).ToDictionary(x => x.Key, x => x.Value.Length <= 2000 ? x.Value : x.Value[..2000]),
            State = DatasetState.Published,
        };
        if (!input.Title.All().Any())
        {
            input = input with { Title = new LocalizedText { [SiteCultures.Default] = remoteName } };
        }

        if (existing is { DeletedAt: not null })
        {
            existing.DeletedAt = null;
        }

        var d = await catalog.SaveAsync(input, HarvestActor, existing, ct);
        d.HarvestSourceId = source.Id;
        d.HarvestRemoteId = remoteId;
        d.HarvestRemoteUrl = $"{source.Url}/dataset/{remoteName}";
        SyncResources(source, d, p);
        await catalog.IndexAsync(d, ct);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return existing is null ? Outcome.Created : Outcome.Updated;
    }

    // Resources become links to the source's files: a harvested copy describes the data, the source keeps serving it.
    // Local ids are derived from (source, remote id), so they stay the same from one run to the next.
    private void SyncResources(HarvestSource source, Dataset d, JsonObject p)
    {
        var remote = p["resources"] is JsonArray rs ? rs.OfType<JsonObject>().ToList() : [];
        var keep = new HashSet<Guid>();
        var now = clock.GetUtcNow();
        var position = 0;
        foreach (var r in remote)
        {
            var rid = Str(r, "id");
            var url = Str(r, "url");
            if (rid is null || url is null || !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                continue;
            }

            var id = StableId(source.Id, rid);
            keep.Add(id);
            var local = d.Resources.FirstOrDefault(x => x.Id == id);
            if (local is null)
            {
                local = new DataResource { Id = id, DatasetId = d.Id, Kind = ResourceKind.Link, CreatedAt = now };
                d.Resources.Add(local);
                db.Add(local);
            }

            local.DeletedAt = null;
            local.LinkUrl = url.Length <= 1000 ? url : null;
            local.Format = Str(r, "format")?.ToUpperInvariant() is { Length: > 0 and <= 32 } fmt ? fmt : null;
            local.Name = CkanDicts.Texts(r, "name", SiteCultures.Default);
            local.Description = CkanDicts.Texts(r, "description", SiteCultures.Default);
            local.Position = position++;
            local.ModifiedAt = now;
        }

        foreach (var gone in d.Resources.Where(x => !keep.Contains(x.Id) && x.DeletedAt == null))
        {
            gone.DeletedAt = now;
        }
    }

    private async Task<string> LocalNameAsync(HarvestSource source, string remoteName, Dataset? existing, CancellationToken ct)
    {
        var wanted = CatalogService.IsValidName(remoteName) ? remoteName : Slug(remoteName);
        if (existing is not null && existing.Name == wanted)
        {
            return wanted;
        }

        // A local dataset (or another source's copy) may already use the name: the copy then carries its source's mark.
        var taken = await db.Set<Dataset>().AnyAsync(d => d.Name == wanted && (existing == null || d.Id != existing.Id), ct);
        if (!taken)
        {
            return wanted;
        }

        var suffix = "-h" + source.Id.ToString("N")[..6];
        return (wanted.Length + suffix.Length > 100 ? wanted[..(100 - suffix.Length)] : wanted) + suffix;
    }

    private static string Slug(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s.ToLowerInvariant())
        {
            sb.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' ? c : '-');
        }

        var slug = sb.ToString().Trim('-');
        slug = slug.Length < 2 ? "dataset-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..8].ToLowerInvariant() : slug;
        return slug.Length > 100 ? slug[..100] : slug;
    }

    private static Guid StableId(Guid sourceId, string remoteId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(sourceId.ToString("N") + "/" + remoteId));
        return new Guid(hash.AsSpan(0, 16));
    }

    private sealed record Page(int Count, IReadOnlyList<JsonObject> Results);

    private static async Task<Page> FetchPageAsync(HttpClient client, string baseUrl, int start, CancellationToken ct)
    {
        var url = $"{baseUrl}/api/3/action/package_search?rows={PageSize}&start={start}&sort={Uri.EscapeDataString("name asc")}";
        using var res = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!res.IsSuccessStatusCode)
        {
            throw new HarvestSourceException($"package_search answered {(int)res.StatusCode} {res.ReasonPhrase}");
        }

        var root = await JsonNode.ParseAsync(await res.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        if (root is not JsonObject answer || answer["success"] is not JsonValue ok || !ok.TryGetValue<bool>(out var success) || !success
            || answer["result"] is not JsonObject result || result["results"] is not JsonArray results)
        {
            throw new HarvestSourceException("the answer is not a CKAN package_search result");
        }

        var count = result["count"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : 0;
        return new Page(count, results.OfType<JsonObject>().ToList());
    }

    private static string? Str(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
}

/// <summary>The source did not answer as a CKAN portal does.</summary>
public sealed class HarvestSourceException(string message) : Exception(message);

/// <summary>Payload of <see cref="Harvester.JobType"/>: a scheduled run queues the next one when it ends.</summary>
public sealed record HarvestPayload(Guid SourceId, bool Scheduled);

/// <summary>Runs a harvest job; a scheduled run queues the next at the source's interval, whatever the outcome.</summary>
public sealed class HarvestJob(Harvester harvester, JobQueue jobs, TimeProvider clock) : IJobHandler
{
    public async Task ExecuteAsync(JobContext context)
    {
        var payload = context.Payload<HarvestPayload>();
        var source = await context.Db.Set<HarvestSource>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == payload.SourceId, context.CancellationToken);
        if (source is null || !source.Enabled)
        {
            return;
        }

        await harvester.RunAsync(source, context.CancellationToken);
        if (payload.Scheduled && source.Interval > TimeSpan.Zero)
        {
            jobs.Enqueue(Harvester.JobType, payload, runAfter: clock.GetUtcNow() + source.Interval);
            await context.Db.SaveChangesAsync(context.CancellationToken);
        }
    }
}
