using System.Security.Claims;
using Madang.Core.Web;
using Madang.Participation.Following;
using Madang.Participation.Proposals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Participation.Pages.Comments;

/// <summary>The forms of the comment threads and follow buttons: each acts, then goes back to the page it came from.</summary>
[Authorize]
public sealed class CommentActionsModel(CommentService comments, Followers followers) : MadangPage
{
    public IActionResult OnGet() => NotFound();

    public Task<IActionResult> OnPostPostAsync(string type, long target, long? parent, string? text, string? returnUrl, CancellationToken ct) =>
        ActAsync(returnUrl, async me =>
        {
            var c = await comments.PostAsync(type, target, parent, me, text ?? string.Empty, ct);
            await followers.FollowAsync(me, type, target, ct);
            Flash = L["participation.comments.posted"];
            return "#comment-" + c.Id;
        });

    public Task<IActionResult> OnPostVoteAsync(long id, int value, string? returnUrl, CancellationToken ct) =>
        ActAsync(returnUrl, async me =>
        {
            await comments.VoteAsync(id, me, value, ct);
            return "#comment-" + id;
        });

    public Task<IActionResult> OnPostReportAsync(long id, string? returnUrl, CancellationToken ct) =>
        ActAsync(returnUrl, async me =>
        {
            Flash = L[await comments.ReportAsync(id, me, "other", ct) ? "participation.reported" : "participation.reported.already"];
            return string.Empty;
        });

    private async Task<IActionResult> ActAsync(string? returnUrl, Func<Guid, Task<string>> action)
    {
        var me = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        var back = returnUrl is { Length: > 0 } && Url.IsLocalUrl(returnUrl) ? returnUrl : Href("proposals");
        try
        {
            back += await action(me);
        }
        catch (ParticipationException e)
        {
            Flash = L[e.Key, e.Arguments.ToArray()];
        }

        return LocalRedirect(back);
    }
}
