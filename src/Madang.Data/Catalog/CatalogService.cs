using System.Text.RegularExpressions;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Files;
using Madang.Core.Jobs;
using Madang.Core.Search;
using Madang.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Data.Catalog;

/// <summary>Writes to the catalogue: datasets, resources and their versions, each change audited and indexed in one unit of work.</summary>
public sealed partial class CatalogService(MadangDbContext db, AuditLog audit, ISearchIndex search, DatasetSearchSource entries, IFileStore files, JobQueue jobs, TimeProvider clock)
{
    public const string SearchType = "data.dataset";

    /// <summary>The job that validates an uploaded version and, when it is accepted, loads it into the datastore.</summary>
    public const string ProcessVersionJob = "data.version.process";

    /// <summary>Largest upload accepted (a 1,000,000-row CSV fits).</summary>
    public const long MaxUploadBytes = 512L * 1024 * 1024;

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{1,99}$")]
    private static partial Regex NamePattern();

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>A dataset by id or name with its tags, themes, extras and live resources; deleted ones only when asked.</summary>
    public Task<Dataset?> FindAsync(string idOrName, bool includeDeleted = false, CancellationToken ct = default)
    {
        var q = db.Set<Dataset>()
            .Include(d => d.Tags).Include(d => d.Themes).Include(d => d.Extras)
            .Include(d => d.Resources.Where(r => r.DeletedAt == null).OrderBy(r => r.Position))
            .AsSplitQuery();
        if (!includeDeleted)
        {
            q = q.Where(d => d.DeletedAt == null);
        }

        return Guid.TryParse(idOrName, out var id)
            ? q.FirstOrDefaultAsync(d => d.Id == id, ct)
            : q.FirstOrDefaultAsync(d => d.Name == idOrName, ct);
    }

    /// <summary>Creates a dataset, or replaces the metadata of <paramref name="existing"/>; saves.</summary>
    public async Task<Dataset> SaveAsync(DatasetInput input, Actor actor, Dataset? existing = null, CancellationToken ct = default)
    {
        await ValidateAsync(input, existing, ct);
        var now = clock.GetUtcNow();
        var d = existing ?? new Dataset { Id = Guid.NewGuid(), Name = input.Name, CreatedAt = now };
        d.Name = input.Name;
        d.Title = input.Title;
        d.Description = input.Description;
        d.OrganisationId = input.OrganisationId;
        d.LicenseId = input.LicenseId;
        d.Frequency = input.Frequency;
        d.TemporalStart = input.TemporalStart;
        d.TemporalEnd = input.TemporalEnd;
        d.Spatial = input.Spatial;
        d.ContactName = input.ContactName;
        d.ContactEmail = input.ContactEmail;
        d.Source = input.Source;
        d.Version = input.Version;
        d.State = input.State;
        d.ModifiedAt = now;
        d.Tags.RemoveAll(t => !input.Tags.Contains(t.Name, StringComparer.Ordinal));
        foreach (var tag in input.Tags.Distinct(StringComparer.Ordinal).Where(t => d.Tags.All(x => x.Name != t)))
        {
            d.Tags.Add(new DatasetTag { DatasetId = d.Id, Name = tag });
        }

        d.Themes.RemoveAll(t => !input.Themes.Contains(t.Code, StringComparer.Ordinal));
        foreach (var code in input.Themes.Distinct(StringComparer.Ordinal).Where(c => d.Themes.All(x => x.Code != c)))
        {
            d.Themes.Add(new DatasetTheme { DatasetId = d.Id, Code = code });
        }

        d.Extras.RemoveAll(x => !input.Extras.ContainsKey(x.Key));
        foreach (var (key, value) in input.Extras)
        {
            var extra = d.Extras.FirstOrDefault(x => x.Key == key);
            if (extra is null)
            {
                d.Extras.Add(new DatasetExtra { DatasetId = d.Id, Key = key, Value = value });
            }
            else
            {
                extra.Value = value;
            }
        }

        if (existing is null)
        {
            db.Add(d);
        }

        audit.Record(actor, existing is null ? "data.dataset.create" : "data.dataset.update", "dataset", d.Id.ToString(), new { d.Name, State = d.State.ToString() }, d.OrganisationId);
        await IndexAsync(d, ct);
        await db.SaveChangesAsync(ct);
        return d;
    }

    /// <summary>Publishes, makes private or returns to draft; saves.</summary>
    public async Task SetStateAsync(Dataset d, DatasetState state, Actor actor, CancellationToken ct = default)
    {
        d.State = state;
        d.ModifiedAt = clock.GetUtcNow();
        audit.Record(actor, "data.dataset.state", "dataset", d.Id.ToString(), new { State = state.ToString() }, d.OrganisationId);
        await IndexAsync(d, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Soft-deletes a dataset: it leaves every public list, search and API at once; the record and files stay.</summary>
    public async Task DeleteAsync(Dataset d, Actor actor, CancellationToken ct = default)
    {
        d.DeletedAt = clock.GetUtcNow();
        d.ModifiedAt = d.DeletedAt.Value;
        audit.Record(actor, "data.dataset.delete", "dataset", d.Id.ToString(), new { d.Name }, d.OrganisationId);
        await search.RemoveAsync(SearchType, d.Id.ToString(), ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds a resource (no file yet for an upload); saves.</summary>
    public async Task<DataResource> AddResourceAsync(Dataset d, DataResource r, Actor actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        r.Id = r.Id == Guid.Empty ? Guid.NewGuid() : r.Id;
        r.DatasetId = d.Id;
        r.Position = d.Resources.Count == 0 ? 0 : d.Resources.Max(x => x.Position) + 1;
        r.CreatedAt = now;
        r.ModifiedAt = now;
        d.ModifiedAt = now;
        db.Add(r);
        d.Resources.Add(r);
        audit.Record(actor, "data.resource.create", "resource", r.Id.ToString(), new { Dataset = d.Name, r.Format, Kind = r.Kind.ToString() }, d.OrganisationId);
        await IndexAsync(d, ct);
        await db.SaveChangesAsync(ct);
        return r;
    }

    /// <summary>Saves changes made to a resource's description, format or link: stamped, audited and re-indexed with its dataset.</summary>
    public async Task UpdateResourceAsync(Dataset d, DataResource r, Actor actor, CancellationToken ct = default)
    {
        r.ModifiedAt = clock.GetUtcNow();
        d.ModifiedAt = r.ModifiedAt;
        audit.Record(actor, "data.resource.update", "resource", r.Id.ToString(), new { Dataset = d.Name }, d.OrganisationId);
        await IndexAsync(d, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Stores an upload as the next version of <paramref name="r"/> (pending) and queues its validation in the same commit;
    /// the live version changes only when the new one is accepted.
    /// </summary>
    public async Task<ResourceVersion> AddVersionAsync(Dataset d, DataResource r, Stream content, string fileName, string? changelog,
        Actor actor, CancellationToken ct = default)
    {
        var stored = await files.PutAsync(content, MaxUploadBytes, ct);
        var number = (await db.Set<ResourceVersion>().Where(v => v.ResourceId == r.Id).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        var now = clock.GetUtcNow();
        var v = new ResourceVersion
        {
            Id = Guid.NewGuid(),
            ResourceId = r.Id,
            Number = number,
            Sha256 = stored.Sha256,
            FileName = Path.GetFileName(fileName),
            MediaType = Formats.MediaType(fileName),
            ByteSize = stored.Length,
            Changelog = changelog,
            Status = VersionStatus.Pending,
            CreatedAt = now,
            CreatedBy = actor.UserId,
        };
        r.Format ??= Formats.FromFileName(fileName);
        r.ModifiedAt = now;
        d.ModifiedAt = now;
        db.Add(v);
        audit.Record(actor, "data.version.upload", "resource", r.Id.ToString(), new { Version = number, v.ByteSize }, d.OrganisationId);
        jobs.Enqueue(ProcessVersionJob, new VersionPayload(v.Id));
        // The dataset's date (and maybe its format) changed with the upload: its entry follows in the same commit.
        await IndexAsync(d, ct);
        await db.SaveChangesAsync(ct);
        return v;
    }

    /// <summary>One version of a resource, for what other modules show of it (its date, its content hash).</summary>
    public Task<ResourceVersion?> FindVersionAsync(Guid versionId, CancellationToken ct = default) =>
        db.Set<ResourceVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId, ct);

    /// <summary>The newest upload of a resource, accepted or not.</summary>
    public Task<ResourceVersion?> LatestVersionAsync(Guid resourceId, CancellationToken ct = default) =>
        db.Set<ResourceVersion>().AsNoTracking().Where(v => v.ResourceId == resourceId).OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);

    /// <summary>Replaces a tabular resource's Table Schema (already validated by the caller); later uploads are checked against it. Saves.</summary>
    public async Task SaveSchemaAsync(Dataset d, DataResource r, Tabular.TableSchema schema, Actor actor, CancellationToken ct = default)
    {
        r.SchemaJson = schema.ToJson();
        r.ModifiedAt = clock.GetUtcNow();
        audit.Record(actor, "data.resource.schema", "resource", r.Id.ToString(), new { Dataset = d.Name, Fields = schema.Fields.Count }, d.OrganisationId);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Puts a public dataset in the kernel's search index (every language's title and description, tags, resource names
    /// and text from its live data, see <see cref="DatasetSearchSource"/>); removes others.</summary>
    public async Task IndexAsync(Dataset d, CancellationToken ct = default)
    {
        if (await entries.BuildAsync(d, ct) is { } doc)
        {
            await search.UpsertAsync(doc, ct);
        }
        else
        {
            await search.RemoveAsync(SearchType, d.Id.ToString(), ct);
        }
    }

    private async Task ValidateAsync(DatasetInput input, Dataset? existing, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsValidName(input.Name))
        {
            errors["name"] = ["Must be 2-100 characters of lower-case letters, digits, '-' and '_'."];
        }
        else if (await db.Set<Dataset>().AnyAsync(x => x.Name == input.Name && (existing == null || x.Id != existing.Id), ct))
        {
            errors["name"] = ["That URL is already in use."];
        }

        if (!input.Title.All().Any())
        {
            errors["title"] = ["Missing value"];
        }

        if (!await db.Organisations.AnyAsync(o => o.Id == input.OrganisationId, ct))
        {
            errors["owner_org"] = ["Organization does not exist"];
        }

        if (input.LicenseId is not null && Licenses.Find(input.LicenseId) is null)
        {
            errors["license_id"] = ["Unknown licence (use an SPDX id from license_list)."];
        }

        if (input.Frequency is not null && !Frequencies.Codes.Contains(input.Frequency))
        {
            errors["frequency"] = ["Unknown frequency: " + string.Join(", ", Frequencies.Codes)];
        }

        if (input.Themes.FirstOrDefault(t => !Themes.IsKnown(t)) is { } badTheme)
        {
            errors["groups"] = ["Unknown theme: " + badTheme];
        }

        if (input.Tags.FirstOrDefault(t => t.Length is 0 or > 100) is not null)
        {
            errors["tags"] = ["A tag must be 1-100 characters."];
        }

        if (input.TemporalStart > input.TemporalEnd)
        {
            errors["temporal_start"] = ["The start must not be after the end."];
        }

        if (errors.Count > 0)
        {
            throw new CatalogValidationException(errors);
        }
    }
}

/// <summary>Payload of <see cref="CatalogService.ProcessVersionJob"/>.</summary>
public sealed record VersionPayload(Guid VersionId);
