using System.Text.Json;
using System.Text.Json.Serialization;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Release.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Policy;

/// <summary>Reads the release policy in force and saves new versions of it (audited, never overwritten).</summary>
public sealed class ReleasePolicyStore(MadangDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>Enums as names, so a stored or exported policy reads as what it means.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    private (int Version, ReleasePolicy Policy)? current;
    private Dictionary<Guid, (string Code, Guid? Parent)>? tree;

    /// <summary>The policy in force and its version (0: the built-in default). Read once per scope: a batch sees one policy.</summary>
    public async Task<(int Version, ReleasePolicy Policy)> CurrentAsync(CancellationToken ct)
    {
        if (current is { } c)
        {
            return c;
        }

        var row = await db.Set<ReleasePolicyVersion>().AsNoTracking().OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        current = row is null ? (0, ReleasePolicy.Default) : (row.Version, Parse(row.Json));
        return current.Value;
    }

    public static ReleasePolicy Parse(string json) =>
        JsonSerializer.Deserialize<ReleasePolicy>(json, Json) ?? throw new JsonException("The policy is empty.");

    public static string Serialize(ReleasePolicy policy) => JsonSerializer.Serialize(policy, Json);

    public async Task<IReadOnlyList<ReleasePolicyVersion>> HistoryAsync(CancellationToken ct) =>
        await db.Set<ReleasePolicyVersion>().AsNoTracking().OrderByDescending(v => v.Version).ToListAsync(ct);

    /// <summary>The codes of a department and every department above it, for rules that name a department.</summary>
    public async Task<IReadOnlyCollection<string>> DepartmentCodesAsync(Guid organisationId, CancellationToken ct)
    {
        tree ??= await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => (o.Code, o.ParentId), ct);
        var codes = new List<string>();
        for (Guid? id = organisationId; id is { } i && tree.TryGetValue(i, out var node) && codes.Count < 64; id = node.Parent)
        {
            codes.Add(node.Code);
        }

        return codes;
    }

    /// <summary>The problems with a policy an administrator wants to save (empty when it can be saved).</summary>
    public async Task<IReadOnlyList<string>> ValidateAsync(ReleasePolicy policy, CancellationToken ct)
    {
        var errors = new List<string>();
        if (policy.UncertainThreshold is < 0 or > 1 || double.IsNaN(policy.UncertainThreshold))
        {
            errors.Add("release.policy.error.threshold");
        }

        var codes = policy.Rules.Select(r => r.Department).OfType<string>().Distinct().ToList();
        var known = await db.Organisations.Where(o => codes.Contains(o.Code)).Select(o => o.Code).ToListAsync(ct);
        if (codes.Except(known, StringComparer.OrdinalIgnoreCase).Any())
        {
            errors.Add("release.policy.error.department");
        }

        return errors;
    }

    /// <summary>Saves the policy as a new version. Documents deferred by the roll-out are looked at again by the caller.</summary>
    public async Task<int> SaveAsync(ReleasePolicy policy, string note, Actor actor, CancellationToken ct)
    {
        var last = await db.Set<ReleasePolicyVersion>().MaxAsync(v => (int?)v.Version, ct) ?? 0;
        var version = new ReleasePolicyVersion
        {
            Version = last + 1, CreatedAt = clock.GetUtcNow(), CreatedBy = actor.UserId, Note = note.Trim(), Json = Serialize(policy),
        };
        db.Add(version);
        audit.Record(actor, "release.policy.saved", "release.policy", version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), new { version.Note });
        current = (version.Version, policy);
        return version.Version;
    }
}
