using Madang.Core.Data;
using Madang.Core.Jobs;
using Madang.Core.Notifications;
using Madang.Participation.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Following;

/// <summary>Follows, and telling followers: the fan-out is a job, so a proposal with 50,000 followers does not hold up the
/// answer that triggered it, and the message goes only if that answer commits.</summary>
public sealed class Followers(MadangDbContext db, JobQueue jobs, TimeProvider clock)
{
    public const string JobType = "participation.tell-followers";

    public static readonly IReadOnlyList<string> Types = ["proposal", "debate", "consultation", "commitment"];

    public async Task<bool> FollowAsync(Guid userId, string targetType, long targetId, CancellationToken ct = default)
    {
        if (!Types.Contains(targetType) || await IsFollowingAsync(userId, targetType, targetId, ct))
        {
            return false;
        }

        db.Add(new Follow { UserId = userId, TargetType = targetType, TargetId = targetId, At = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    public async Task<bool> UnfollowAsync(Guid userId, string targetType, long targetId, CancellationToken ct = default) =>
        await db.Set<Follow>().Where(f => f.UserId == userId && f.TargetType == targetType && f.TargetId == targetId).ExecuteDeleteAsync(ct) > 0;

    public Task<bool> IsFollowingAsync(Guid userId, string targetType, long targetId, CancellationToken ct = default) =>
        db.Set<Follow>().AnyAsync(f => f.UserId == userId && f.TargetType == targetType && f.TargetId == targetId, ct);

    public Task<int> CountAsync(string targetType, long targetId, CancellationToken ct = default) =>
        db.Set<Follow>().CountAsync(f => f.TargetType == targetType && f.TargetId == targetId, ct);

    /// <summary>Queues the message to every follower, in the caller's unit of work.</summary>
    public void Tell(string targetType, long targetId, string subjectKey, string bodyKey, IReadOnlyList<string> arguments, string path, Guid? except = null) =>
        jobs.Enqueue(JobType, new FollowerMessage(targetType, targetId, subjectKey, bodyKey, arguments, path, except));
}

/// <summary>What followers of one item are told.</summary>
public sealed record FollowerMessage(string TargetType, long TargetId, string SubjectKey, string BodyKey, IReadOnlyList<string> Arguments, string Path, Guid? Except);

/// <summary>Tells each follower in their language; the inbox rows and e-mail jobs commit with the job's completion.</summary>
public sealed class TellFollowersJob(Notifier notifier) : IJobHandler
{
    public async Task ExecuteAsync(JobContext context)
    {
        var m = context.Payload<FollowerMessage>();
        var followers = await context.Db.Set<Follow>().AsNoTracking()
            .Where(f => f.TargetType == m.TargetType && f.TargetId == m.TargetId && f.UserId != m.Except)
            .Select(f => f.UserId).ToListAsync(context.CancellationToken);
        var args = m.Arguments.Cast<object?>().ToList();
        foreach (var person in followers)
        {
            await notifier.NotifyAsync(person, new Notification(m.SubjectKey, m.BodyKey, args, m.Path) { Sms = true }, context.CancellationToken);
        }
    }
}
