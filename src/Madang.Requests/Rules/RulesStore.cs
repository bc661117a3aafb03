using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Requests.Rules;

/// <summary>The city's rules file: stored whole with a revision; until one is saved, Korea's defaults (embedded).</summary>
public sealed class RulesStore(MadangDbContext db, AuditLog audit, TimeProvider clock)
{
    private static readonly Lazy<string> Default = new(() =>
    {
        using var stream = typeof(RulesStore).Assembly.GetManifestResourceStream("Madang.Requests.Demo.rules-kr.yaml")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Parsed files by their text: one parse per version on each node, whatever database the node serves.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, RulesFile> Parsed = new(StringComparer.Ordinal);

    /// <summary>The text of the embedded default (Korea's Official Information Disclosure Act).</summary>
    public static string DefaultText => Default.Value;

    /// <summary>The rules in force.</summary>
    public async Task<RulesFile> GetAsync(CancellationToken ct = default)
    {
        var text = await db.Set<RulesDocument>().AsNoTracking().Select(r => r.Definition).SingleOrDefaultAsync(ct) ?? Default.Value;
        if (Parsed.Count > 32)
        {
            Parsed.Clear();
        }

        return Parsed.GetOrAdd(text, RulesFile.Parse);
    }

    /// <summary>The text in force, as written.</summary>
    public async Task<(string Text, int Revision)> TextAsync(CancellationToken ct = default)
    {
        var stored = await db.Set<RulesDocument>().AsNoTracking().SingleOrDefaultAsync(ct);
        return stored is null ? (Default.Value, 0) : (stored.Definition, stored.Revision);
    }

    /// <summary>Replaces the rules; categories and services must name existing organisations.</summary>
    /// <exception cref="RulesFileException">The text breaks a rule or names an unknown organisation.</exception>
    public async Task<int> SaveAsync(string text, Actor actor, CancellationToken ct = default)
    {
        var file = RulesFile.Parse(text);
        var codes = file.Categories.Select(c => c.Department).Concat(file.Services.Select(s => s.Department)).Distinct().ToList();
        var known = await db.Organisations.Where(o => codes.Contains(o.Code)).Select(o => o.Code).ToListAsync(ct);
        var unknown = codes.Except(known).ToList();
        if (unknown.Count > 0)
        {
            throw new RulesFileException(unknown.Select(c => $"'{c}' is not an organisation code (org list shows them).").ToList());
        }

        var stored = await db.Set<RulesDocument>().SingleOrDefaultAsync(ct);
        if (stored is null)
        {
            stored = new RulesDocument();
            db.Add(stored);
        }

        stored.Definition = text;
        stored.Revision++;
        stored.UpdatedAt = clock.GetUtcNow();
        audit.Record(actor, "requests.rules.saved", "requests.rules", "1", $"revision {stored.Revision}");
        await db.SaveChangesAsync(ct);
        return stored.Revision;
    }
}
