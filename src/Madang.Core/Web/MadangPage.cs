using Microsoft.Extensions.DependencyInjection;
using Madang.Core.Audit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madang.Core.Web;

/// <summary>Common helpers for Madang pages: the current language, localised text, errors and flash messages.</summary>
public abstract class MadangPage : PageModel
{
    private IStringLocalizer? localizer;

    protected IStringLocalizer L => localizer ??= HttpContext.RequestServices.GetRequiredService<IStringLocalizer>();

    public string Culture => CultureMiddleware.Current(HttpContext);

    [TempData]
    public string? Flash { get; set; }

    protected Actor CurrentActor => Actor.From(User);

    protected void AddError(string field, string key, params object[] args) =>
        ModelState.AddModelError(field, args.Length == 0 ? L[key] : L[key, args]);

    /// <summary>A path within the current language: <c>Href("admin/jobs")</c> → <c>/ko/admin/jobs</c>.</summary>
    public string Href(string path) => "/" + Culture + "/" + path.TrimStart('/');

    protected IActionResult LocalRedirectOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : Redirect(Href(string.Empty));
}
