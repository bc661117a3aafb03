using Madang.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Madang.Core.Organisations;

/// <summary>Walks the organisation tree. Trees are small (hundreds of nodes), so one query and an in-memory walk win.</summary>
public static class OrganisationTree
{
    public static async Task<IReadOnlyList<Guid>> AncestorsAndSelfAsync(MadangDbContext db, Guid id, CancellationToken ct = default)
    {
        var parents = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.ParentId, ct);
        var result = new List<Guid>();
        Guid? current = id;
        while (current is { } c && parents.ContainsKey(c) && !result.Contains(c))
        {
            result.Add(c);
            current = parents[c];
        }

        return result;
    }

    public static async Task<IReadOnlyList<Guid>> DescendantsAndSelfAsync(MadangDbContext db, Guid id, CancellationToken ct = default)
    {
        var all = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.ParentId }).ToListAsync(ct);
        var children = all.Where(o => o.ParentId is not null).ToLookup(o => o.ParentId!.Value, o => o.Id);
        var result = new List<Guid> { id };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(children[result[i]].Where(c => !result.Contains(c)));
        }

        return result;
    }

    /// <summary>The organisations a person acts for: those they are a member of and every one below them (the same
    /// reach as a department-scoped permission, seen from the person rather than from a resource).</summary>
    public static async Task<IReadOnlyCollection<Guid>> ActingScopeAsync(MadangDbContext db, Guid userId, CancellationToken ct = default)
    {
        var memberOf = await db.Memberships.Where(m => m.UserId == userId).Select(m => m.OrganisationId).ToListAsync(ct);
        if (memberOf.Count == 0)
        {
            return [];
        }

        var children = (await db.Organisations.AsNoTracking().Where(o => o.ParentId != null).Select(o => new { o.Id, o.ParentId }).ToListAsync(ct))
            .ToLookup(o => o.ParentId!.Value, o => o.Id);
        var result = new HashSet<Guid>(memberOf);
        var queue = new Queue<Guid>(memberOf);
        while (queue.TryDequeue(out var id))
        {
            foreach (var child in children[id].Where(result.Add))
            {
                queue.Enqueue(child);
            }
        }

        return result;
    }

    /// <summary>Choices for a department picker: each organisation's code and its name in <paramref name="culture"/>,
    /// indented by depth with no-break spaces (ordinary spaces collapse inside an option).</summary>
    public static IReadOnlyList<(string Code, string Label)> Choices(IReadOnlyList<Organisation> all, string culture) =>
        Flatten(all).Select(t => (t.Org.Code, new string('\u00a0', t.Depth * 2) + t.Org.Name.Get(culture))).ToList();

    /// <summary>Orders organisations depth-first under their parents, each with its depth, for tree displays.</summary>
    public static IReadOnlyList<(Organisation Org, int Depth)> Flatten(IReadOnlyList<Organisation> all)
    {
        var ids = all.Select(o => o.Id).ToHashSet();
        var children = all.ToLookup(o => o.ParentId is { } p && ids.Contains(p) ? p : (Guid?)null);
        var result = new List<(Organisation, int)>();
        void Walk(Guid? parent, int depth)
        {
            foreach (var o in children[parent].OrderBy(o => o.SortOrder).ThenBy(o => o.Code, StringComparer.Ordinal))
            {
                result.Add((o, depth));
                Walk(o.Id, depth + 1);
            }
        }

        Walk(null, 0);
        return result;
    }

    /// <summary>Each organisation with matches in its subtree, depth-first, with its own count plus its descendants'.</summary>
    public static IReadOnlyList<(Organisation Org, int Depth, int Count)> RollUp(IReadOnlyList<Organisation> all, IReadOnlyList<Search.FacetCount> own)
    {
        var counts = own.Where(f => Guid.TryParse(f.Value, out _)).ToDictionary(f => Guid.Parse(f.Value), f => f.Count);
        var flat = OrganisationTree.Flatten(all);
        var parents = all.ToDictionary(o => o.Id, o => o.ParentId);
        var total = new Dictionary<Guid, int>();
        foreach (var (id, count) in counts)
        {
            // Walking up adds a match to each ancestor once; the guard stops a corrupt cycle from looping.
            Guid? current = id;
            var seen = new HashSet<Guid>();
            while (current is { } c && parents.ContainsKey(c) && seen.Add(c))
            {
                total[c] = total.GetValueOrDefault(c) + count;
                current = parents[c];
            }
        }

        return flat.Where(x => total.ContainsKey(x.Org.Id)).Select(x => (x.Org, x.Depth, total[x.Org.Id])).ToList();
    }
}
