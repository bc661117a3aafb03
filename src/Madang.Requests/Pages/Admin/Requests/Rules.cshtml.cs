using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Requests.Rules;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Requests.Pages.Admin.Requests;

/// <summary>
/// The rules file edited as text, exactly as stored (comments stay): deadlines, the holiday calendar, categories, and
/// the report services with their questions. Checked on save with every problem listed; nothing changes until it is sound.
/// </summary>
[Authorize(Policy = Permission.PolicyPrefix + "requests.manage")]
public sealed class RulesEditModel(RulesStore store) : MadangPage
{
    [BindProperty] public string Definition { get; set; } = string.Empty;

    public int Revision { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => (Definition, Revision) = await store.TextAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var revision = await store.SaveAsync(Definition ?? string.Empty, CurrentActor, ct);
            Flash = L["requests.rules.saved", revision];
            return Redirect(Href("admin/requests/rules"));
        }
        catch (RulesFileException e)
        {
            Problems = e.Problems;
            (_, Revision) = await store.TextAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
    }

    /// <summary>The stored file as a download.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken ct)
    {
        var (text, _) = await store.TextAsync(ct);
        var json = text.TrimStart().StartsWith('{');
        return File(System.Text.Encoding.UTF8.GetBytes(text), json ? "application/json" : "application/yaml", json ? "requests-rules.json" : "requests-rules.yaml");
    }
}
