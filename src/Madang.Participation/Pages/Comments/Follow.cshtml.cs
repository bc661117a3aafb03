using System.Security.Claims;
using Madang.Core.Web;
using Madang.Participation.Following;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Participation.Pages.Comments;

/// <summary>Follows or stops following an item, then goes back to it.</summary>
[Authorize]
public sealed class FollowModel(Followers followers) : MadangPage
{
    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync(string type, long id, bool follow, string? returnUrl, CancellationToken ct)
    {
        var me = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        if (follow)
        {
            await followers.FollowAsync(me, type, id, ct);
            Flash = L["participation.follow.started"];
        }
        else
        {
            await followers.UnfollowAsync(me, type, id, ct);
            Flash = L["participation.follow.stopped"];
        }

        return LocalRedirect(returnUrl is { Length: > 0 } && Url.IsLocalUrl(returnUrl) ? returnUrl : Href("proposals"));
    }
}
