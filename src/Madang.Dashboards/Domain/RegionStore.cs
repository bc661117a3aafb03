using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Dashboards.Definition;
using Microsoft.EntityFrameworkCore;

namespace Madang.Dashboards.Domain;

/// <summary>A stored region with its definition read.</summary>
public sealed record StoredRegion(Region Row, RegionFile File)
{
    public DashboardDefinition? Dashboard(string slug) => File.Dashboards.FirstOrDefault(d => d.Slug == slug);
}

/// <summary>Reads and saves regions; every save is checked (<see cref="RegionFiles.Check"/>) and audited.</summary>
public sealed class RegionStore(MadangDbContext db, AuditLog audit, TimeProvider clock, Cards.DashboardCache cache)
{
    public async Task<IReadOnlyList<StoredRegion>> AllAsync(CancellationToken ct) =>
        (await db.Set<Region>().AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Slug).ToListAsync(ct))
            .Select(r => new StoredRegion(r, RegionFiles.Parse(r.Definition))).ToList();

    public async Task<StoredRegion?> FindAsync(string slug, CancellationToken ct) =>
        await db.Set<Region>().AsNoTracking().FirstOrDefaultAsync(r => r.Slug == slug, ct) is { } r ? new StoredRegion(r, RegionFiles.Parse(r.Definition)) : null;

    /// <summary>Creates the region the file names, or replaces its definition; returns it with whether it was new.</summary>
    /// <exception cref="RegionFileException">The file breaks a rule.</exception>
    public async Task<(StoredRegion Region, bool Created)> SaveAsync(RegionFile file, Actor actor, CancellationToken ct)
    {
        var problems = RegionFiles.Check(file);
        if (problems.Count > 0)
        {
            throw new RegionFileException(problems);
        }

        var now = clock.GetUtcNow();
        var json = RegionFiles.ToJson(file);
        var row = await db.Set<Region>().FirstOrDefaultAsync(r => r.Slug == file.Region.Slug, ct);
        var created = row is null;
        if (row is null)
        {
            var position = await db.Set<Region>().Select(r => (int?)r.Position).MaxAsync(ct) ?? 0;
            row = new Region { Id = Guid.NewGuid(), Slug = file.Region.Slug, Definition = json, Position = position + 1, CreatedAt = now };
            db.Add(row);
        }

        row.Definition = json;
        row.Revision++;
        row.ModifiedAt = now;
        row.ModifiedBy = actor.Name;
        audit.Record(actor, created ? "dashboards.region.create" : "dashboards.region.update", "dashboards.region", row.Slug);
        await db.SaveChangesAsync(ct);
        cache.ForgetRegion(row.Slug);
        return (new StoredRegion(row, file), created);
    }

    public async Task<bool> DeleteAsync(string slug, Actor actor, CancellationToken ct)
    {
        var row = await db.Set<Region>().FirstOrDefaultAsync(r => r.Slug == slug, ct);
        if (row is null)
        {
            return false;
        }

        db.Remove(row);
        audit.Record(actor, "dashboards.region.delete", "dashboards.region", slug);
        await db.SaveChangesAsync(ct);
        cache.ForgetRegion(slug);
        return true;
    }
}
