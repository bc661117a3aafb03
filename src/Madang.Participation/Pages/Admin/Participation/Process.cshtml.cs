using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Participation.Domain;
using Madang.Participation.Processes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Participation.Pages.Admin.Participation;

/// <summary>
/// A process file edited as text, exactly as stored (the operator's comments stay), checked on save with every problem
/// listed; a new process starts from Seoul's 2017 file. Opening and closing a process is a button here.
/// </summary>
[Authorize(Policy = Permission.PolicyPrefix + "participation.manage")]
public sealed class ProcessEditModel(ProcessStore store) : MadangPage
{
    [BindProperty] public string Definition { get; set; } = string.Empty;

    public Process? Process { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? slug, CancellationToken ct)
    {
        if (slug is null)
        {
            Definition = Demo.DemoParticipation.Example("seoul-2017.yaml").Replace("slug: seoul-2017", "slug: new-process", StringComparison.Ordinal);
            return Page();
        }

        Process = await store.FindAsync(slug, ct);
        if (Process is null)
        {
            return NotFound();
        }

        Definition = Process.Definition;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? slug, CancellationToken ct)
    {
        Process = slug is null ? null : await store.FindAsync(slug, ct);
        try
        {
            var saved = await store.SaveAsync(Definition ?? string.Empty, CurrentActor, ct);
            Flash = L["participation.process.saved", saved.Title.Get(Culture), saved.Revision];
            return Redirect(Href("admin/participation") + "#processes-heading");
        }
        catch (ProcessFileException e)
        {
            Problems = e.Problems;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
    }

    public async Task<IActionResult> OnPostOpenAsync(string slug, bool open, CancellationToken ct)
    {
        if (await store.FindAsync(slug, ct) is null)
        {
            return NotFound();
        }

        await store.SetOpenAsync(slug, open, CurrentActor, ct);
        Flash = L[open ? "participation.process.opened" : "participation.process.closed"];
        return Redirect(Href("admin/participation/processes/" + slug));
    }

    /// <summary>The stored file as a download, named by its slug.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(string slug, CancellationToken ct) =>
        await store.FindAsync(slug, ct) is { } p
            ? File(System.Text.Encoding.UTF8.GetBytes(p.Definition), p.Definition.TrimStart().StartsWith('{') ? "application/json" : "application/yaml",
                p.Slug + (p.Definition.TrimStart().StartsWith('{') ? ".json" : ".yaml"))
            : NotFound();
}
