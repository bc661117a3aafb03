using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Jobs;
using Madang.Core.Notifications;
using Madang.Participation.Domain;
using Madang.Participation.Processes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Madang.Participation.Proposals;

/// <summary>What one sweep did.</summary>
public sealed record SweepResult(int Advanced, int Reminded, int Escalated, int Recounted, int Announced = 0);

/// <summary>Enforces the deadlines: reminds the answering staff before a due date, escalates to the department's head
/// when it passes, closes proposals whose window passed, takes steps a lost race left, and recounts supports.</summary>
/// <remarks>Every effect is recorded on its row (ReminderSentAt, EscalatedAt, a milestone), so a sweep can run on any
/// node, twice, or after a crash, and each person is told once.</remarks>
public sealed class DeadlineSweeper(MadangDbContext db, LadderEngine ladder, Notifier notifier, StaffDirectory staff, AuditLog audit,
    Consultations.ConsultationService consultations, TimeProvider clock)
{
    public async Task<SweepResult> SweepAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var advanced = await AdvanceDueAsync(now, ct);
        var (reminded, escalated) = await ChaseObligationsAsync(now, ct);
        var recounted = await RecountAsync(ct);
        var announced = await consultations.AnnounceClosedAsync(ct);
        return new SweepResult(advanced, reminded, escalated, recounted, announced);
    }

    private async Task<int> AdvanceDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var open = await db.Set<Proposal>().AsNoTracking().Where(p => p.Status == ProposalStatus.Open).ToListAsync(ct);
        if (open.Count == 0)
        {
            return 0;
        }

        var processes = await db.Set<Process>().AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
        var ids = open.Select(p => p.Id).ToList();
        var supports = await db.Set<Support>().Where(s => ids.Contains(s.ProposalId)).GroupBy(s => s.ProposalId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var debates = await db.Set<Debate>().AsNoTracking().Where(d => d.ProposalId != null && ids.Contains(d.ProposalId.Value))
            .Select(d => new { d.ProposalId, d.Id, d.OpensAt, d.ClosesAt, Positions = db.Set<DebatePosition>().Count(x => x.DebateId == d.Id) })
            .ToListAsync(ct);
        var advanced = 0;
        foreach (var p in open)
        {
            var file = ProcessStore.Definition(processes[p.ProcessId]);
            var step = LadderEngine.NextStep(p, file);
            bool due;
            if (step is null)
            {
                due = true; // Only the conclusion is left to check.
            }
            else if (step.Supports is { } n)
            {
                due = supports.GetValueOrDefault(p.Id) >= n || LadderEngine.SupportsWindowEnd(p, file) < now;
            }
            else
            {
                var d = debates.Where(x => x.ProposalId == p.Id).MaxBy(x => x.ClosesAt);
                due = d is not null && (d.Positions >= step.Threshold || d.ClosesAt < now || (step.Within is { } w && d.OpensAt.AddDays(w) < now));
            }

            if (due)
            {
                await ladder.AdvanceAsync(p.Id, ct);
                advanced++;
            }
        }

        return advanced;
    }

    private async Task<(int Reminded, int Escalated)> ChaseObligationsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var pending = await db.Set<Obligation>().Where(o => o.AnsweredAt == null && (o.ReminderSentAt == null || o.EscalatedAt == null)).ToListAsync(ct);
        if (pending.Count == 0)
        {
            return (0, 0);
        }

        var proposalIds = pending.Select(o => o.ProposalId).Distinct().ToList();
        var proposals = await db.Set<Proposal>().AsNoTracking().Where(p => proposalIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var processes = await db.Set<Process>().AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
        int reminded = 0, escalated = 0;
        foreach (var o in pending)
        {
            var p = proposals[o.ProposalId];
            var step = ProcessStore.Definition(processes[p.ProcessId]).Ladder.ElementAtOrDefault(o.Step - 1);
            var remindAt = o.DueAt.AddDays(-(step?.RemindBefore ?? 3));
            if (o.ReminderSentAt is null && now >= remindAt && now <= o.DueAt && o.OrganisationId is { } org)
            {
                foreach (var person in await staff.AnswerersAsync(org, ct))
                {
                    await notifier.NotifyAsync(person, new Notification("participation.notify.reminder.subject", "participation.notify.reminder.body",
                        [p.PublicTitle, ladder.Day(o.DueAt)], "admin/participation/proposals/" + p.Id), ct);
                }

                o.ReminderSentAt = now;
                reminded++;
            }

            if (o.EscalatedAt is null && now > o.DueAt)
            {
                foreach (var head in await staff.HeadsAsync(o.OrganisationId, ct))
                {
                    await notifier.NotifyAsync(head, new Notification("participation.notify.escalated.subject", "participation.notify.escalated.body",
                        [p.PublicTitle, ladder.Day(o.DueAt)], "admin/participation/proposals/" + p.Id) { Sms = true }, ct);
                }

                await notifier.NotifyAsync(p.AuthorId, new Notification("participation.notify.overdue.subject", "participation.notify.overdue.body",
                    [p.Title, ladder.Day(o.DueAt)], "proposals/" + p.Id), ct);
                o.EscalatedAt = now;
                o.ReminderSentAt ??= now;
                audit.Record(Actor.System, "participation.obligation.escalated", "participation.proposal", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                escalated++;
            }

            await db.SaveChangesAsync(ct);
        }

        return (reminded, escalated);
    }

    /// <summary>Brings the support counts that lists sort by up to date (the proposal's own page counts live).</summary>
    private async Task<int> RecountAsync(CancellationToken ct)
    {
        var counts = await db.Set<Proposal>().Where(p => p.Status == ProposalStatus.Open)
            .Select(p => new { p.Id, p.SupportCount, Live = db.Set<Support>().Count(s => s.ProposalId == p.Id) })
            .Where(x => x.SupportCount != x.Live).ToListAsync(ct);
        foreach (var c in counts)
        {
            await db.Set<Proposal>().Where(p => p.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.SupportCount, c.Live), ct);
        }

        return counts.Count;
    }
}

/// <summary>Sweep settings (<c>Madang:Participation</c>).</summary>
public sealed class ParticipationOptions
{
    /// <summary>How often deadlines are swept.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The organisation code under which proposals, answers and consultation results are published as open data
    /// once a day; unset, nothing is published on a schedule (<c>participation open-data</c> still does it by hand).</summary>
    public string? OpenDataOrganisation { get; set; }
}

/// <summary>Runs a sweep and queues the next one, unless another is already queued (two nodes, one schedule).</summary>
public sealed class SweepJob(DeadlineSweeper sweeper, JobQueue jobs, IOptions<ParticipationOptions> options, TimeProvider clock) : IJobHandler
{
    public const string Type = "participation.sweep";

    public async Task ExecuteAsync(JobContext context)
    {
        await sweeper.SweepAsync(context.CancellationToken);
        await jobs.EnqueueUnlessQueuedAsync(Type, clock.GetUtcNow() + options.Value.SweepInterval, context.Job.Id, context.CancellationToken);
        await context.Db.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>At start, makes sure a sweep is queued; the sweep then keeps its own schedule.</summary>
internal sealed class SweepScheduler(IServiceScopeFactory scopes, IOptions<ParticipationOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            foreach (var type in string.IsNullOrWhiteSpace(options.Value.OpenDataOrganisation) ? [SweepJob.Type] : new[] { SweepJob.Type, OpenData.OpenDataJob.Type })
            {
                // Not at once: a starting node has its own work (migrations, demo data, loads) to finish first.
                var at = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().AddMinutes(1);
                if (await scope.ServiceProvider.GetRequiredService<JobQueue>().EnqueueUnlessQueuedAsync(type, at, ct: cancellationToken))
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // Before the first migration there is no queue yet; the next start schedules it.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
