using System.Globalization;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Notifications;
using Madang.Core.Search;
using Madang.Core.Web;
using Madang.Participation.Domain;
using Madang.Participation.Processes;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Proposals;

/// <summary>Moves proposals up their process's ladder: records each step once, creates what it obliges (an answer
/// owed by a date, a debate), and closes a proposal whose window passed.</summary>
public sealed class LadderEngine(MadangDbContext db, AuditLog audit, ISearchIndex search, Notifier notifier, StaffDirectory staff,
    SiteTime siteTime, Following.Followers followers, TimeProvider clock)
{
    public static LadderStep? NextStep(Proposal p, ProcessFile f) => p.Stage < f.Ladder.Count ? f.Ladder[p.Stage] : null;

    /// <summary>Supports are taken while the proposal is open and the supports step it works towards (if any) is in its window.</summary>
    public static bool TakesSupports(Proposal p, ProcessFile f, DateTimeOffset now) =>
        p.Status == ProposalStatus.Open && (NextStep(p, f) is not { Supports: not null, Within: { } days } || now <= p.PublishedAt!.Value.AddDays(days));

    /// <summary>When the supports window of the step the proposal works towards ends (null: no window).</summary>
    public static DateTimeOffset? SupportsWindowEnd(Proposal p, ProcessFile f) =>
        NextStep(p, f) is { Supports: not null, Within: { } days } && p.PublishedAt is { } at ? at.AddDays(days) : null;

    /// <summary>Takes every step the proposal's counts have reached, and closes it if a window passed. Safe to call
    /// from anywhere at any time: it works under the proposal's row lock and each step is recorded once.</summary>
    public async Task AdvanceAsync(long id, CancellationToken ct = default) => await LockedAsync(id, async p =>
    {
        var file = await DefinitionAsync(p, ct);
        var now = clock.GetUtcNow();
        while (p.Status == ProposalStatus.Open && NextStep(p, file) is { } step)
        {
            var index = p.Stage + 1;
            int count;
            DateTimeOffset? end;
            Debate? debate = null;
            if (step.Supports is not null)
            {
                end = step.Within is { } w ? p.PublishedAt!.Value.AddDays(w) : null;
                count = await db.Set<Support>().CountAsync(s => s.ProposalId == p.Id && (end == null || s.At <= end), ct);
            }
            else
            {
                debate = await db.Set<Debate>().Where(d => d.ProposalId == p.Id).OrderByDescending(d => d.OpensAt).FirstOrDefaultAsync(ct);
                if (debate is null)
                {
                    break;
                }

                end = step.Within is { } w ? debate.OpensAt.AddDays(w) : debate.ClosesAt;
                if (end > debate.ClosesAt)
                {
                    end = debate.ClosesAt;
                }

                count = await db.Set<DebatePosition>().CountAsync(x => x.DebateId == debate.Id && x.At <= end, ct);
            }

            if (count >= step.Threshold)
            {
                await ReachAsync(p, file, step, index, count, byPanel: false, now, ct);
                continue;
            }

            if (end is { } e && e < now)
            {
                await MissAsync(p, index, count, now, ct);
            }

            break;
        }

        p.SupportCount = await db.Set<Support>().CountAsync(s => s.ProposalId == p.Id, ct);
        await ConcludeIfDoneAsync(p, file, now, ct);
    }, ct);

    /// <summary>The agenda-selection panel sends a proposal below the threshold to the ladder's next debate.</summary>
    public async Task PromoteToDebateAsync(long id, Actor panel, CancellationToken ct = default) => await LockedAsync(id, async p =>
    {
        var file = await DefinitionAsync(p, ct);
        var target = file.Ladder.FindIndex(p.Stage, s => s.Then == "debate");
        if (p.Status != ProposalStatus.Open || target < 0)
        {
            throw new ParticipationException("participation.error.notpromotable");
        }

        var count = await db.Set<Support>().CountAsync(s => s.ProposalId == p.Id, ct);
        p.Stage = target;
        await ReachAsync(p, file, file.Ladder[target], target + 1, count, byPanel: true, clock.GetUtcNow(), ct);
        audit.Record(panel, "participation.proposal.promoted", "participation.proposal", p.Id.ToString(CultureInfo.InvariantCulture));
    }, ct);

    /// <summary>Marks the proposal concluded once its ladder has ended and everything it obliged is done.</summary>
    public async Task ConcludeIfDoneAsync(long id, CancellationToken ct = default) => await LockedAsync(id, async p =>
        await ConcludeIfDoneAsync(p, await DefinitionAsync(p, ct), clock.GetUtcNow(), ct), ct);

    private async Task ConcludeIfDoneAsync(Proposal p, ProcessFile file, DateTimeOffset now, CancellationToken ct)
    {
        if (p.Status != ProposalStatus.Open)
        {
            return;
        }

        var ended = p.Stage >= file.Ladder.Count || await db.Set<Milestone>().AnyAsync(m => m.ProposalId == p.Id && m.Missed, ct);
        if (!ended || p.Stage == 0
            || await db.Set<Obligation>().AnyAsync(o => o.ProposalId == p.Id && o.AnsweredAt == null, ct)
            || await db.Set<Debate>().AnyAsync(d => d.ProposalId == p.Id && d.ClosedAt == null && d.ClosesAt > now, ct))
        {
            return;
        }

        p.Status = ProposalStatus.Concluded;
        p.ClosedAt = now;
        audit.Record(Actor.System, "participation.proposal.concluded", "participation.proposal", p.Id.ToString(CultureInfo.InvariantCulture));
        await ProposalSearch.SyncAsync(search, db, p, ct);
    }

    private async Task ReachAsync(Proposal p, ProcessFile file, LadderStep step, int index, int count, bool byPanel, DateTimeOffset now, CancellationToken ct)
    {
        db.Add(new Milestone { ProposalId = p.Id, Step = index, At = now, Count = count, ByPanel = byPanel });
        p.Stage = index;
        audit.Record(Actor.System, "participation.proposal.step", "participation.proposal", p.Id.ToString(CultureInfo.InvariantCulture), $"step {index}: {step.Then} at {count}");
        switch (step.Then)
        {
            case "answer" or "mayor":
                var mayor = step.Then == "mayor";
                Guid? org = mayor
                    ? await db.Organisations.Where(o => o.Code == step.AnsweredBy).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(ct)
                    : p.DepartmentId;
                var o = new Obligation
                {
                    ProposalId = p.Id, Step = index, Kind = mayor ? ObligationKind.Mayor : ObligationKind.Department,
                    OrganisationId = org, CreatedAt = now, DueAt = now.AddDays(step.AnswerWithin),
                };
                db.Add(o);
                if (org is null)
                {
                    // No department yet: the administrators must assign one, and the clock is already running.
                    foreach (var admin in await staff.HeadsAsync(null, ct))
                    {
                        await notifier.NotifyAsync(admin, new Notification("participation.notify.assign.subject", "participation.notify.assign.body",
                            [p.PublicTitle, Day(o.DueAt)], "admin/participation/proposals/" + p.Id), ct);
                    }
                }
                else
                {
                    await TellObligationAsync(p, o, ct);
                }

                break;
            case "debate":
                var debate = new Debate
                {
                    ProcessId = p.ProcessId, ProposalId = p.Id, Title = p.PublicTitle, Body = p.PublicBody,
                    OpensAt = now, ClosesAt = now.AddDays(step.DebateDays), CreatedAt = now,
                };
                db.Add(debate);
                await db.SaveChangesAsync(ct);
                await search.UpsertAsync(Consultations.DebateSearch.Build(debate), ct);
                break;
        }

        await notifier.NotifyAsync(p.AuthorId, new Notification("participation.notify.step.subject", "participation.notify.step." + step.Then,
            [p.Title, count], "proposals/" + p.Id) { Sms = true }, ct);
        followers.Tell("proposal", p.Id, "participation.notify.step.subject", "participation.notify.step." + step.Then,
            [p.PublicTitle, count.ToString(CultureInfo.InvariantCulture)], "proposals/" + p.Id, except: p.AuthorId);
        await db.SaveChangesAsync(ct);
    }

    private async Task MissAsync(Proposal p, int index, int count, DateTimeOffset now, CancellationToken ct)
    {
        db.Add(new Milestone { ProposalId = p.Id, Step = index, At = now, Count = count, Missed = true });
        audit.Record(Actor.System, "participation.proposal.missed", "participation.proposal", p.Id.ToString(CultureInfo.InvariantCulture), $"step {index} at {count}");
        if (p.Stage == 0)
        {
            p.Status = ProposalStatus.Expired;
            p.ClosedAt = now;
            await ProposalSearch.SyncAsync(search, db, p, ct);
            await notifier.NotifyAsync(p.AuthorId, new Notification("participation.notify.expired.subject", "participation.notify.expired.body",
                [p.Title, count], "proposals/" + p.Id) { Sms = true }, ct);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Tells the owing organisation's staff what they must answer, and by when.</summary>
    public async Task TellObligationAsync(Proposal p, Obligation o, CancellationToken ct)
    {
        if (o.OrganisationId is not { } org)
        {
            return;
        }

        foreach (var person in await staff.AnswerersAsync(org, ct))
        {
            await notifier.NotifyAsync(person, new Notification("participation.notify.obligation.subject", "participation.notify.obligation.body",
                [p.PublicTitle, Day(o.DueAt)], "admin/participation/proposals/" + p.Id), ct);
        }
    }

    internal string Day(DateTimeOffset utc) => siteTime.Local(utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<ProcessFile> DefinitionAsync(Proposal p, CancellationToken ct) =>
        ProcessStore.Definition(await db.Set<Process>().AsNoTracking().SingleAsync(x => x.Id == p.ProcessId, ct));

    /// <summary>Runs <paramref name="work"/> on the proposal in a transaction that holds its row: a no-op update takes
    /// PostgreSQL's row lock and SQLite's write lock alike, so two callers never take the same step twice.</summary>
    private async Task LockedAsync(long id, Func<Proposal, Task> work, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            var owned = db.Database.CurrentTransaction is null;
            await using var tx = owned ? await db.Database.BeginTransactionAsync(ct) : null;
            await db.Set<Proposal>().Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Stage, p => p.Stage), ct);
            var proposal = await db.Set<Proposal>().SingleOrDefaultAsync(p => p.Id == id, ct)
                ?? throw new ParticipationException("participation.error.notfound");
            await db.Entry(proposal).ReloadAsync(ct);
            await work(proposal);
            await db.SaveChangesAsync(ct);
            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }
        });
    }
}
