using System.Text;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Dashboards.Definition;
using Madang.Dashboards.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Dashboards.Pages.Admin.Dashboards;

/// <summary>Staff list regions, import a region file (upload or paste), download one as JSON or YAML, and delete one.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "dashboards.manage")]
public sealed class AdminDashboardsModel(RegionStore store) : MadangPage
{
    /// <summary>The largest region file accepted: a region with hundreds of cards is far smaller.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    public IReadOnlyList<StoredRegion> Regions { get; private set; } = [];

    public IReadOnlyList<string> Problems { get; private set; } = [];

    [BindProperty] public IFormFile? Upload { get; set; }

    [BindProperty] public string? Pasted { get; set; }

    public async Task OnGetAsync() => Regions = await store.AllAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnGetFileAsync(string slug, string format)
    {
        if (await store.FindAsync(slug, HttpContext.RequestAborted) is not { } r)
        {
            return NotFound();
        }

        var yaml = format == "yaml";
        var text = yaml ? RegionFiles.ToYaml(r.File) : RegionFiles.ToJson(r.File);
        return File(Encoding.UTF8.GetBytes(text), yaml ? "application/yaml; charset=utf-8" : "application/json; charset=utf-8", $"{slug}.{(yaml ? "yaml" : "json")}");
    }

    public async Task<IActionResult> OnPostImportAsync()
    {
        var ct = HttpContext.RequestAborted;
        string? text = null;
        if (Upload is { Length: > 0 })
        {
            if (Upload.Length > MaxFileBytes)
            {
                Problems = [L["dashboards.admin.toolarge", MaxFileBytes / 1024]];
            }
            else
            {
                using var reader = new StreamReader(Upload.OpenReadStream(), Encoding.UTF8);
                text = await reader.ReadToEndAsync(ct);
            }
        }
        else if (!string.IsNullOrWhiteSpace(Pasted))
        {
            text = Pasted;
        }
        else
        {
            Problems = [L["dashboards.admin.nofile"]];
        }

        if (text is not null)
        {
            try
            {
                var (region, created) = await store.SaveAsync(RegionFiles.Parse(text), CurrentActor, ct);
                Flash = L[created ? "dashboards.admin.created" : "dashboards.admin.updated", region.File.Region.Name.Get(Culture)];
                return RedirectToPage();
            }
            catch (RegionFileException e)
            {
                Problems = e.Problems;
            }
        }

        Regions = await store.AllAsync(ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string slug)
    {
        if (await store.DeleteAsync(slug, CurrentActor, HttpContext.RequestAborted))
        {
            Flash = L["dashboards.admin.deleted", slug];
        }

        return RedirectToPage();
    }
}
