using System.Diagnostics;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madang.Web.Pages;

/// <summary>Localised error pages (404, 403, 500 and others) that point somewhere useful.</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true)]
public sealed class ErrorModel : MadangPage
{
    public int Code { get; private set; }

    public string Kind => Code switch { 404 => "404", 403 => "403", 401 => "403", 429 => "429", >= 500 => "500", _ => "other" };

    public string? RequestId { get; private set; }

    public IActionResult OnGet(int code) => Handle(code);

    public IActionResult OnPost(int code) => Handle(code);

    private PageResult Handle(int code)
    {
        Code = code is >= 400 and <= 599 ? code : 404;
        if (Code >= 500)
        {
            RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        }

        var result = Page();
        Response.StatusCode = Code;
        return result;
    }
}
