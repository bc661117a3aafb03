using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Jobs;
using Madang.Core.Notifications;
using Madang.Core.Organisations;
using Madang.Requests.Deadlines;
using Madang.Requests.Domain;
using Madang.Requests.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Madang.Requests.Requests;

/// <summary>What one sweep did.</summary>
public sealed record RequestSweepResult(int Reminded, int Escalated);

/// <summary>Keeps the departments to their deadlines: a reminder to the department's staff inside the reminder window,
/// an escalation to its heads (or the administrators) once the due date passes, and a word to the requester then.</summary>
/// <remarks>Each effect is recorded on the request (ReminderSentAt, EscalatedAt) and in its timeline, so a sweep can run
/// on any node, twice, or after a crash, and each person is told once.</remarks>
public sealed class RequestSweeper(MadangDbContext db, RulesStore rulesStore, Notifier notifier, StaffDirectory staff, AuditLog audit, Madang.Core.Web.SiteTime time, TimeProvider clock)
{
    public async Task<RequestSweepResult> SweepAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var rules = await rulesStore.GetAsync(ct);
        var deadlines = new DeadlineClock(rules, time.Zone);
        var open = await db.Set<Request>()
            .Where(r => r.State != RequestState.Answered && r.State != RequestState.Closed && (r.ReminderSentAt == null || r.EscalatedAt == null))
            .ToListAsync(ct);
        int reminded = 0, escalated = 0;
        foreach (var r in open)
        {
            if (r.EscalatedAt is null && now > r.DueAt)
            {
                r.EscalatedAt = now;
                r.ReminderSentAt ??= now;
                db.Add(new RequestEvent { RequestId = r.Id, At = now, Kind = "escalated" });
                foreach (var head in await staff.HeadsAsync(r.OrganisationId, ct))
                {
                    await notifier.NotifyAsync(head, new Notification("requests.notify.escalated.subject", "requests.notify.escalated.body",
                        [r.PublicSubject, r.Id], "admin/requests/" + r.Id) { Sms = true }, ct);
                }

                if (r.RequesterId is { } person)
                {
                    await notifier.NotifyAsync(person, new Notification("requests.notify.overdue.subject", "requests.notify.overdue.body",
                        [r.PublicSubject], "requests/" + r.Id) { Email = r.ByEmail, Sms = r.BySms, Asked = true }, ct);
                }

                audit.Record(Actor.System, "requests.request.escalated", "requests.request", RequestService.Key(r));
                escalated++;
            }
            else if (r.ReminderSentAt is null && r.OrganisationId is { } org && now >= deadlines.ReminderAt(r.DueAt, rules.For(r.Kind).RemindBefore))
            {
                r.ReminderSentAt = now;
                foreach (var person in await staff.AnswerersAsync(org, ct))
                {
                    await notifier.NotifyAsync(person, new Notification("requests.notify.reminder.subject", "requests.notify.reminder.body",
                        [r.PublicSubject, deadlines.LocalDate(r.DueAt.AddTicks(-1))], "admin/requests/" + r.Id), ct);
                }

                reminded++;
            }
        }

        await db.SaveChangesAsync(ct);
        return new RequestSweepResult(reminded, escalated);
    }
}

/// <summary>Runs the sweep every five minutes on whichever node takes it.</summary>
public sealed class RequestSweepJob(RequestSweeper sweeper, JobQueue jobs, TimeProvider clock) : IJobHandler
{
    public const string Type = "requests.sweep";

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    public async Task ExecuteAsync(JobContext context)
    {
        await sweeper.SweepAsync(context.CancellationToken);
        await jobs.EnqueueUnlessQueuedAsync(Type, clock.GetUtcNow() + Interval, context.Job.Id, context.CancellationToken);
        await context.Db.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>At start, makes sure a sweep is queued; the sweep then keeps its own schedule.</summary>
internal sealed class RequestSweepScheduler(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var at = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().AddMinutes(1);
            if (await scope.ServiceProvider.GetRequiredService<JobQueue>().EnqueueUnlessQueuedAsync(RequestSweepJob.Type, at, ct: cancellationToken))
            {
                await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // Before the first migration there is no queue yet; the next start schedules it.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
