using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Dashboards.Definition;
using Madang.Dashboards.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Dashboards.Pages.Admin.Dashboards;

/// <summary>
/// A region's whole definition edited as YAML, checked on save with every problem listed where it is; a new region
/// starts from the example file.
/// </summary>
[Authorize(Policy = Permission.PolicyPrefix + "dashboards.manage")]
public sealed class EditRegionModel(RegionStore store) : MadangPage
{
    [BindProperty] public string Definition { get; set; } = string.Empty;

    public string? Slug { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? slug)
    {
        if (slug is null)
        {
            var example = Demo.DemoRegion.Example();
            example.Region.Slug = "new-region";
            Definition = RegionFiles.ToYaml(example);
            return Page();
        }

        if (await store.FindAsync(slug, HttpContext.RequestAborted) is not { } r)
        {
            return NotFound();
        }

        (Slug, Definition) = (slug, RegionFiles.ToYaml(r.File));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? slug)
    {
        Slug = slug;
        try
        {
            var (region, created) = await store.SaveAsync(RegionFiles.Parse(Definition), CurrentActor, HttpContext.RequestAborted);
            Flash = L[created ? "dashboards.admin.created" : "dashboards.admin.updated", region.File.Region.Name.Get(Culture)];
            return Redirect(Href("admin/dashboards"));
        }
        catch (RegionFileException e)
        {
            Problems = e.Problems;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
    }
}
