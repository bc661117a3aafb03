using System.Security.Cryptography;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Participation.Domain;
using Madang.Participation.Processes;
using Madang.Participation.Proposals;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Panels;

/// <summary>The agenda-selection panel: volunteering, the published seed, the draw, and the panel's promotions.</summary>
public sealed class PanelService(MadangDbContext db, AuditLog audit, LadderEngine ladder, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Genders = ["female", "male", "other"];

    public async Task<Panel> CreateAsync(string processSlug, string title, int size, Actor admin, CancellationToken ct = default)
    {
        var process = await db.Set<Process>().AsNoTracking().SingleOrDefaultAsync(p => p.Slug == processSlug, ct)
            ?? throw new ParticipationException("participation.error.noprocess");
        if (size < 1 || string.IsNullOrWhiteSpace(title))
        {
            throw new ParticipationException("participation.error.panel");
        }

        var panel = new Panel { Id = Guid.NewGuid(), ProcessId = process.Id, Title = title.Trim(), Size = size, CreatedAt = clock.GetUtcNow() };
        db.Add(panel);
        audit.Record(admin, "participation.panel.created", "participation.panel", panel.Id.ToString());
        await db.SaveChangesAsync(ct);
        return panel;
    }

    /// <summary>A verified citizen volunteers, declaring the strata the draw balances; once per panel, before the seed.</summary>
    public async Task<PanelVolunteer> VolunteerAsync(Guid panelId, Guid userId, string district, string ageBand, string gender, CancellationToken ct = default)
    {
        var panel = await db.Set<Panel>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == panelId, ct)
            ?? throw new ParticipationException("participation.error.notfound");
        if (panel.Seed is not null)
        {
            throw new ParticipationException("participation.error.panelclosed");
        }

        var file = ProcessStore.Definition(await db.Set<Process>().AsNoTracking().SingleAsync(p => p.Id == panel.ProcessId, ct));
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
        ProposalService.RequireLevel(user, file.SupportLevel);
        if ((file.Districts.Count > 0 && file.Districts.All(d => d.Code != district)) || string.IsNullOrWhiteSpace(district)
            || !file.AgeBands.Contains(ageBand) || !Genders.Contains(gender))
        {
            throw new ParticipationException("participation.error.strata");
        }

        for (var attempt = 0; ; attempt++)
        {
            if (await db.Set<PanelVolunteer>().AsNoTracking().SingleOrDefaultAsync(v => v.PanelId == panelId && v.UserId == userId, ct) is { } existing)
            {
                return existing;
            }

            var number = (await db.Set<PanelVolunteer>().Where(v => v.PanelId == panelId).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
            var v = new PanelVolunteer { PanelId = panelId, UserId = userId, Number = number, District = district, AgeBand = ageBand, Gender = gender, At = clock.GetUtcNow() };
            db.Add(v);
            try
            {
                await db.SaveChangesAsync(ct);
                return v;
            }
            catch (DbUpdateException) when (attempt < 20)
            {
                // Two volunteers took the same number at once: the key refused one, which takes the next.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Publishes the seed (given, e.g. a lottery result, or drawn from a secure generator) and closes volunteering.</summary>
    public async Task<string> PublishSeedAsync(Guid panelId, string? seed, Actor admin, CancellationToken ct = default)
    {
        var panel = await db.Set<Panel>().SingleOrDefaultAsync(p => p.Id == panelId, ct) ?? throw new ParticipationException("participation.error.notfound");
        if (panel.Seed is not null)
        {
            return panel.Seed;
        }

        panel.Seed = string.IsNullOrWhiteSpace(seed) ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : seed.Trim();
        audit.Record(admin, "participation.panel.seed", "participation.panel", panel.Id.ToString(), panel.Seed);
        await db.SaveChangesAsync(ct);
        return panel.Seed;
    }

    public async Task<List<VolunteerRow>> VolunteersAsync(Guid panelId, CancellationToken ct = default) =>
        (await db.Set<PanelVolunteer>().AsNoTracking().Where(v => v.PanelId == panelId).OrderBy(v => v.Number).ToListAsync(ct))
            .Select(v => new VolunteerRow(v.Number, v.District, v.AgeBand, v.Gender)).ToList();

    /// <summary>Draws the panel from the published seed; drawing again gives the same members.</summary>
    public async Task<IReadOnlyList<int>> DrawAsync(Guid panelId, Actor admin, CancellationToken ct = default)
    {
        var panel = await db.Set<Panel>().SingleOrDefaultAsync(p => p.Id == panelId, ct) ?? throw new ParticipationException("participation.error.notfound");
        if (panel.Seed is null)
        {
            throw new ParticipationException("participation.error.noseed");
        }

        var drawn = PanelDraw.Draw(await VolunteersAsync(panelId, ct), panel.Size, panel.Seed);
        await db.Set<PanelVolunteer>().Where(v => v.PanelId == panelId)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Selected, v => drawn.Contains(v.Number)), ct);
        panel.DrawnAt ??= clock.GetUtcNow();
        audit.Record(admin, "participation.panel.drawn", "participation.panel", panel.Id.ToString(), string.Join(",", drawn));
        await db.SaveChangesAsync(ct);
        return drawn;
    }

    /// <summary>Records the panel's decision to send a proposal below the threshold to debate.</summary>
    public async Task PromoteAsync(Guid panelId, long proposalId, Actor recorder, CancellationToken ct = default)
    {
        var panel = await db.Set<Panel>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == panelId, ct) ?? throw new ParticipationException("participation.error.notfound");
        if (panel.DrawnAt is null)
        {
            throw new ParticipationException("participation.error.notdrawn");
        }

        await ladder.PromoteToDebateAsync(proposalId, new Actor(recorder.UserId, recorder.Name + " (panel: " + panel.Title + ")"), ct);
    }
}
