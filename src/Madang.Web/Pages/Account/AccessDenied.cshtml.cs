using Madang.Core.Permissions;
using Madang.Web.Infrastructure;

namespace Madang.Web.Pages.Account;

/// <summary>Explains a refusal; staff without two-factor are sent to enrol.</summary>
public sealed class AccessDeniedModel : MadangPage
{
    public bool NeedsTwoFactor { get; private set; }

    public void OnGet()
    {
        NeedsTwoFactor = Roles.StaffRoles.Any(User.IsInRole) && !PermissionHandler.HasMultiFactor(User);
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
