using System.Collections.Concurrent;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Participation.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Processes;

/// <summary>Stores process definitions and reads them back parsed; a parsed file is kept per revision.</summary>
public sealed class ProcessStore(MadangDbContext db, AuditLog audit, TimeProvider clock)
{
    private static readonly ConcurrentDictionary<(Guid, int), ProcessFile> Parsed = new();

    /// <summary>The parsed definition of <paramref name="process"/>.</summary>
    public static ProcessFile Definition(Process process) =>
        Parsed.GetOrAdd((process.Id, process.Revision), _ => ProcessFiles.Parse(process.Definition));

    public Task<Process?> FindAsync(string slug, CancellationToken ct = default) =>
        db.Set<Process>().AsNoTracking().SingleOrDefaultAsync(p => p.Slug == slug, ct);

    public Task<Process?> FindAsync(Guid id, CancellationToken ct = default) =>
        db.Set<Process>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);

    public Task<List<Process>> ListAsync(CancellationToken ct = default) =>
        db.Set<Process>().AsNoTracking().OrderByDescending(p => p.IsOpen).ThenByDescending(p => p.CreatedAt).ToListAsync(ct);

    /// <summary>Adds a process or replaces its definition (the slug is the identity). Organisation codes are checked.</summary>
    /// <exception cref="ProcessFileException">The text breaks a rule or names an unknown organisation.</exception>
    public async Task<Process> SaveAsync(string text, Actor actor, CancellationToken ct = default)
    {
        var file = ProcessFiles.Parse(text);
        var codes = file.Ladder.Select(s => s.AnsweredBy).Concat(file.Categories.Select(c => c.Department)).OfType<string>().Distinct().ToList();
        var known = await db.Organisations.Where(o => codes.Contains(o.Code)).Select(o => o.Code).ToListAsync(ct);
        var unknown = codes.Except(known).ToList();
        if (unknown.Count > 0)
        {
            throw new ProcessFileException(unknown.Select(c => $"'{c}' is not an organisation code (org list shows them).").ToList());
        }

        var now = clock.GetUtcNow();
        var process = await db.Set<Process>().SingleOrDefaultAsync(p => p.Slug == file.Slug, ct);
        if (process is null)
        {
            process = new Process { Id = Guid.NewGuid(), Slug = file.Slug, CreatedAt = now };
            db.Add(process);
        }

        process.Title = ProcessFiles.Text(file.Title);
        process.Definition = text;
        process.Revision++;
        process.UpdatedAt = now;
        audit.Record(actor, "participation.process.saved", "participation.process", file.Slug, $"revision {process.Revision}");
        await db.SaveChangesAsync(ct);
        return process;
    }

    public async Task SetOpenAsync(string slug, bool open, Actor actor, CancellationToken ct = default)
    {
        var process = await db.Set<Process>().SingleOrDefaultAsync(p => p.Slug == slug, ct)
            ?? throw new KeyNotFoundException(slug);
        process.IsOpen = open;
        process.Revision++;
        audit.Record(actor, open ? "participation.process.opened" : "participation.process.closed", "participation.process", slug);
        await db.SaveChangesAsync(ct);
    }
}
