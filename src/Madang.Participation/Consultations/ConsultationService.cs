using System.Globalization;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Search;
using Madang.Core.Web;
using Madang.Participation.Domain;
using Madang.Participation.Following;
using Madang.Participation.Processes;
using Madang.Participation.Proposals;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Consultations;

/// <summary>What a department writes to open a consultation.</summary>
public sealed record ConsultationDraft(string ProcessSlug, Guid OrganisationId, string Title, string Background, ConsultationKind Kind,
    ChoiceMode Mode, IReadOnlyList<string> Options, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, bool ResultsLive, string Language = "ko");

/// <summary>A consultation's results: counts and shares per option, and the same by district and age band among those
/// who agreed to share them.</summary>
public sealed record ConsultationResults(int Respondents, IReadOnlyList<int> Counts,
    IReadOnlyDictionary<string, IReadOnlyList<int>> ByDistrict, IReadOnlyDictionary<string, IReadOnlyList<int>> ByAgeBand)
{
    public double Share(int option) => Respondents == 0 ? 0 : 100.0 * Counts[option] / Respondents;
}

/// <summary>"The City asks": opening a consultation, one answer per verified person, results.</summary>
public sealed class ConsultationService(MadangDbContext db, AuditLog audit, ISearchIndex search, Followers followers, TimeProvider clock)
{
    public const string SearchType = "participation.consultation";

    public async Task<Consultation> CreateAsync(ConsultationDraft d, Actor staff, CancellationToken ct = default)
    {
        var process = await db.Set<Process>().AsNoTracking().SingleOrDefaultAsync(p => p.Slug == d.ProcessSlug, ct)
            ?? throw new ParticipationException("participation.error.noprocess");
        var options = d.Options.Select(o => o.Trim()).Where(o => o.Length > 0).Distinct().ToList();
        if (string.IsNullOrWhiteSpace(d.Title) || d.Title.Length > 300)
        {
            throw new ParticipationException("participation.error.title", 300);
        }

        if (d.ClosesAt <= d.OpensAt)
        {
            throw new ParticipationException("participation.error.period");
        }

        if (d.Kind == ConsultationKind.Vote && d.Mode != ChoiceMode.ForAgainst && (options.Count < 2 || options.Count > 20))
        {
            throw new ParticipationException("participation.error.options");
        }

        var now = clock.GetUtcNow();
        var c = new Consultation
        {
            ProcessId = process.Id, OrganisationId = d.OrganisationId, Title = d.Title.Trim(), Background = (d.Background ?? string.Empty).Trim(), Kind = d.Kind,
            Mode = d.Kind == ConsultationKind.Discussion ? ChoiceMode.ForAgainst : d.Mode,
            Options = d.Mode == ChoiceMode.ForAgainst ? string.Empty : string.Join('\n', options),
            OpensAt = d.OpensAt, ClosesAt = d.ClosesAt, ResultsLive = d.ResultsLive, Language = d.Language, CreatedAt = now, CreatedBy = staff.UserId ?? Guid.Empty,
        };
        db.Add(c);
        await db.SaveChangesAsync(ct);
        if (d.Kind == ConsultationKind.Discussion)
        {
            // A discussion is a debate with the consultation's background: positions for and against, and arguments.
            db.Add(new Debate { ProcessId = process.Id, ConsultationId = c.Id, Title = c.Title, Body = c.Background, OpensAt = c.OpensAt, ClosesAt = c.ClosesAt, CreatedAt = now });
        }

        audit.Record(staff, "participation.consultation.created", "participation.consultation", c.Id.ToString(CultureInfo.InvariantCulture));
        await search.UpsertAsync(Build(c), ct);
        await db.SaveChangesAsync(ct);
        return c;
    }

    public static SearchDocument Build(Consultation c) =>
        new(SearchType, c.Id.ToString(CultureInfo.InvariantCulture), c.Title, Markdown.ToPlainText(c.Background), "consultations/" + c.Id,
            SearchDates.Stored(c.OpensAt), c.OrganisationId, c.Language);

    /// <summary>Records (or replaces) one person's answer while the consultation is open.</summary>
    /// <returns>True for a first answer, false when it replaced an earlier one.</returns>
    public async Task<bool> RespondAsync(long id, Guid userId, IReadOnlyList<int> choices, bool share, string? district, string? ageBand, CancellationToken ct = default)
    {
        var c = await db.Set<Consultation>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new ParticipationException("participation.error.notfound");
        var now = clock.GetUtcNow();
        if (!c.IsOpen(now) || c.Kind != ConsultationKind.Vote)
        {
            throw new ParticipationException("participation.error.consultationclosed");
        }

        var file = ProcessStore.Definition(await db.Set<Process>().AsNoTracking().SingleAsync(p => p.Id == c.ProcessId, ct));
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
        ProposalService.RequireLevel(user, file.SupportLevel);
        var count = c.OptionList.Count;
        var chosen = choices.Distinct().Order().ToList();
        if (chosen.Count == 0 || chosen.Any(i => i < 0 || i >= count) || (c.Mode != ChoiceMode.Multiple && chosen.Count > 1))
        {
            throw new ParticipationException(c.Mode == ChoiceMode.Multiple ? "participation.error.choices" : "participation.error.choice");
        }

        if (share && ((district is not null && file.Districts.All(x => x.Code != district)) || (ageBand is not null && !file.AgeBands.Contains(ageBand))))
        {
            throw new ParticipationException("participation.error.strata");
        }

        var text = string.Join(',', chosen);
        var d = share ? district : null;
        var a = share ? ageBand : null;
        var replaced = await db.Set<ConsultationResponse>().Where(r => r.ConsultationId == id && r.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Choices, text).SetProperty(r => r.District, d).SetProperty(r => r.AgeBand, a).SetProperty(r => r.At, now), ct);
        if (replaced > 0)
        {
            return false;
        }

        db.Add(new ConsultationResponse { ConsultationId = id, UserId = userId, Choices = text, District = d, AgeBand = a, At = now });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // The same person's two answers arrived at once: the first one's row stands, this one replaces it.
            db.ChangeTracker.Clear();
            await db.Set<ConsultationResponse>().Where(r => r.ConsultationId == id && r.UserId == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Choices, text).SetProperty(r => r.District, d).SetProperty(r => r.AgeBand, a).SetProperty(r => r.At, now), ct);
            return false;
        }
    }

    public async Task<ConsultationResults> ResultsAsync(Consultation c, CancellationToken ct = default)
    {
        var rows = await db.Set<ConsultationResponse>().AsNoTracking().Where(r => r.ConsultationId == c.Id)
            .Select(r => new { r.Choices, r.District, r.AgeBand }).ToListAsync(ct);
        var n = c.OptionList.Count;
        int[] Tally(IEnumerable<string> choices)
        {
            var counts = new int[n];
            foreach (var i in choices.SelectMany(x => x.Split(',')).Select(x => int.Parse(x, CultureInfo.InvariantCulture)).Where(i => i < n))
            {
                counts[i]++;
            }

            return counts;
        }

        return new ConsultationResults(rows.Count, Tally(rows.Select(r => r.Choices)),
            rows.Where(r => r.District is not null).GroupBy(r => r.District!).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)Tally(g.Select(r => r.Choices))),
            rows.Where(r => r.AgeBand is not null).GroupBy(r => r.AgeBand!).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)Tally(g.Select(r => r.Choices))));
    }

    /// <summary>Tells followers of consultations that closed since the last sweep that their results are out.</summary>
    public async Task<int> AnnounceClosedAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var closed = await db.Set<Consultation>().Where(c => c.ClosesAt <= now && c.AnnouncedAt == null).ToListAsync(ct);
        foreach (var c in closed)
        {
            c.AnnouncedAt = now;
            followers.Tell("consultation", c.Id, "participation.notify.consultation.subject", "participation.notify.consultation.body", [c.Title], "consultations/" + c.Id);
        }

        await db.SaveChangesAsync(ct);
        return closed.Count;
    }
}
