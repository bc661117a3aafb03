using System.Security.Claims;
using Madang.Core.Data;
using Madang.Participation.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Web;

/// <summary>A comment with its author's name and the reader's own vote, in thread order.</summary>
public sealed record CommentView(Comment Comment, string Author, int Depth, int MyVote);

/// <summary>What the comments component draws.</summary>
public sealed record CommentThread(string TargetType, long TargetId, IReadOnlyList<CommentView> Comments, bool SignedIn, string ReturnUrl);

/// <summary>The thread under a proposal, debate, consultation or commitment, answers nested under what they answer.</summary>
public sealed class CommentsViewComponent(MadangDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string targetType, long targetId)
    {
        var rows = await (from c in db.Set<Comment>().AsNoTracking()
                          join u in db.Users on c.AuthorId equals u.Id
                          where c.TargetType == targetType && c.TargetId == targetId
                          orderby c.At
                          select new { c, u.DisplayName }).ToListAsync();
        Guid? me = Guid.TryParse(UserClaimsPrincipal.FindFirstValue(ClaimTypes.NameIdentifier), out var g) ? g : null;
        var ids = rows.Select(r => r.c.Id).ToList();
        var mine = me is null ? [] : await db.Set<CommentVote>().Where(v => v.UserId == me && ids.Contains(v.CommentId)).ToDictionaryAsync(v => v.CommentId, v => v.Value);
        var children = rows.ToLookup(r => r.c.ParentId);
        var ordered = new List<CommentView>();
        void Walk(long? parent, int depth)
        {
            foreach (var r in children[parent])
            {
                ordered.Add(new CommentView(r.c, r.DisplayName, Math.Min(depth, 4), mine.GetValueOrDefault(r.c.Id)));
                Walk(r.c.Id, depth + 1);
            }
        }

        Walk(null, 0);
        var back = HttpContext.Request.Path + HttpContext.Request.QueryString;
        return View(new CommentThread(targetType, targetId, ordered, me is not null, back));
    }
}

/// <summary>The follow button: how many follow, and whether the reader does.</summary>
public sealed record FollowState(string TargetType, long TargetId, int Count, bool Following, bool SignedIn, string ReturnUrl);

/// <summary>Draws the follow button of an item.</summary>
public sealed class FollowViewComponent(Following.Followers followers) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string targetType, long targetId)
    {
        Guid? me = Guid.TryParse(UserClaimsPrincipal.FindFirstValue(ClaimTypes.NameIdentifier), out var g) ? g : null;
        var count = await followers.CountAsync(targetType, targetId);
        var following = me is { } id && await followers.IsFollowingAsync(id, targetType, targetId);
        return View(new FollowState(targetType, targetId, count, following, me is not null, HttpContext.Request.Path + HttpContext.Request.QueryString));
    }
}
