using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Privacy;
using Madang.Participation.Domain;
using Madang.Participation.Proposals;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Following;

/// <summary>Threaded comments with up and down votes, under proposals, debates, consultations and commitments.</summary>
public sealed class CommentService(MadangDbContext db, AuditLog audit, PiiScreener screener, Followers followers, TimeProvider clock)
{
    public const int TextMax = 4000;
    public const int PerHour = 30;
    public const int HideAfterReports = 3;

    public async Task<Comment> PostAsync(string targetType, long targetId, long? parentId, Guid userId, string text, CancellationToken ct = default)
    {
        if (!Followers.Types.Contains(targetType))
        {
            throw new ParticipationException("participation.error.notfound");
        }

        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
        ProposalService.RequireLevel(user, VerificationLevel.Email);
        text = (text ?? string.Empty).Trim();
        if (text.Length is 0 or > TextMax)
        {
            throw new ParticipationException("participation.error.comment", TextMax);
        }

        if (parentId is { } pid && !await db.Set<Comment>().AnyAsync(c => c.Id == pid && c.TargetType == targetType && c.TargetId == targetId, ct))
        {
            throw new ParticipationException("participation.error.notfound");
        }

        var now = clock.GetUtcNow();
        var since = now.AddHours(-1);
        if (await db.Set<Comment>().CountAsync(c => c.AuthorId == userId && c.At > since, ct) >= PerHour)
        {
            throw new ParticipationException("participation.error.ratelimit", PerHour);
        }

        var comment = new Comment { TargetType = targetType, TargetId = targetId, ParentId = parentId, AuthorId = userId, Text = text, PublicText = screener.Screen(text).MaskedText, At = now };
        db.Add(comment);
        followers.Tell(targetType, targetId, "participation.notify.comment.subject", "participation.notify.comment.body", [user.DisplayName],
            targetType + "s/" + targetId, except: userId);
        await db.SaveChangesAsync(ct);
        return comment;
    }

    /// <summary>Votes a comment up (+1) or down (−1); voting the same way again takes the vote back.</summary>
    public async Task VoteAsync(long commentId, Guid userId, int value, CancellationToken ct = default)
    {
        if (value is not (1 or -1) || !await db.Set<Comment>().AnyAsync(c => c.Id == commentId && !c.Hidden, ct))
        {
            throw new ParticipationException("participation.error.notfound");
        }

        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
        ProposalService.RequireLevel(user, VerificationLevel.Email);
        var existing = await db.Set<CommentVote>().SingleOrDefaultAsync(v => v.CommentId == commentId && v.UserId == userId, ct);
        if (existing is null)
        {
            db.Add(new CommentVote { CommentId = commentId, UserId = userId, Value = value });
        }
        else if (existing.Value == value)
        {
            db.Remove(existing);
        }
        else
        {
            existing.Value = value;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // a simultaneous second vote by the same person: the first stands
        }

        var up = await db.Set<CommentVote>().CountAsync(v => v.CommentId == commentId && v.Value > 0, ct);
        var down = await db.Set<CommentVote>().CountAsync(v => v.CommentId == commentId && v.Value < 0, ct);
        await db.Set<Comment>().Where(c => c.Id == commentId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Up, up).SetProperty(c => c.Down, down), ct);
    }

    /// <summary>Reports a comment; enough reports hide it until a moderator looks.</summary>
    public async Task<bool> ReportAsync(long commentId, Guid reporterId, string reason, CancellationToken ct = default)
    {
        var comment = await db.Set<Comment>().SingleOrDefaultAsync(c => c.Id == commentId, ct) ?? throw new ParticipationException("participation.error.notfound");
        db.Add(new Report { TargetType = "comment", TargetId = commentId, ReporterId = reporterId, Reason = reason is "spam" or "offensive" or "personal-data" ? reason : "other", At = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }

        if (!comment.Hidden && await db.Set<Report>().CountAsync(r => r.TargetType == "comment" && r.TargetId == commentId && r.ResolvedAt == null, ct) >= HideAfterReports)
        {
            comment.Hidden = true;
            audit.Record(Actor.System, "participation.comment.hidden", "participation.comment", commentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await db.SaveChangesAsync(ct);
        }

        return true;
    }

    /// <summary>A moderator restores a hidden comment, or keeps it hidden, and closes its reports.</summary>
    public async Task ModerateAsync(long commentId, bool show, Actor moderator, CancellationToken ct = default)
    {
        var comment = await db.Set<Comment>().SingleOrDefaultAsync(c => c.Id == commentId, ct) ?? throw new ParticipationException("participation.error.notfound");
        comment.Hidden = !show;
        var now = clock.GetUtcNow();
        await db.Set<Report>().Where(r => r.TargetType == "comment" && r.TargetId == commentId && r.ResolvedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ResolvedAt, now), ct);
        audit.Record(moderator, show ? "participation.comment.restored" : "participation.comment.removed", "participation.comment", commentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(ct);
    }
}
