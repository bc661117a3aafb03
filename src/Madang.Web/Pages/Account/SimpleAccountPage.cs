using Madang.Web.Infrastructure;

namespace Madang.Web.Pages.Account;

/// <summary>Model for account pages that only show a message.</summary>
public sealed class SimpleAccountPage : MadangPage
{
    public void OnGet()
    {
    }
}
