using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Data.Catalog;
using Madang.Data.Domain;
using Madang.Data.Harvest;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Data.Pages.Admin.Harvest;

/// <summary>Administrators add CKAN-compatible portals to harvest, run them, and read each run's counts and errors.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "data.harvest")]
public sealed class HarvestModel(MadangDbContext db, Harvester harvester) : MadangPage
{
    [BindProperty] public SourceForm Form { get; set; } = new();

    public IReadOnlyList<HarvestSource> Sources { get; private set; } = [];
    public IReadOnlyList<HarvestRun> Runs { get; private set; } = [];
    public IReadOnlyList<(string Code, string Label)> Departments { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];
    private Dictionary<Guid, string> titles = [];
    private Dictionary<Guid, string> orgCodes = [];

    public string SourceTitle(Guid id) => titles.GetValueOrDefault(id, "?");

    public string OrgCode(Guid id) => orgCodes.GetValueOrDefault(id, "?");

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAddAsync()
    {
        var errors = new List<string>();
        var org = await db.Organisations.FirstOrDefaultAsync(o => o.Code == Form.Organisation);
        if (org is null)
        {
            errors.Add("data.harvest.error.org");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (Form.Mapping ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == line.Length - 1)
            {
                errors.Add("data.harvest.error.mapping");
                break;
            }

            map[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }

        if (errors.Count == 0)
        {
            try
            {
                await harvester.AddSourceAsync(Form.Url ?? string.Empty, Form.Title ?? string.Empty, org!.Id,
                    TimeSpan.FromHours(Math.Clamp(Form.IntervalHours, 0, 24 * 365)), map, CurrentActor, HttpContext.RequestAborted);
                Flash = L["data.harvest.added"];
                return Redirect(Href("admin/data/harvest"));
            }
            catch (CatalogValidationException)
            {
                errors.Add("data.harvest.error.url");
            }
        }

        Errors = errors;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRunAsync(Guid id)
    {
        var source = await db.Set<HarvestSource>().FirstOrDefaultAsync(s => s.Id == id);
        if (source is null)
        {
            return NotFound();
        }

        await harvester.QueueRunAsync(source, HttpContext.RequestAborted);
        Flash = L["data.harvest.queued", source.Title];
        return Redirect(Href("admin/data/harvest"));
    }

    private async Task LoadAsync()
    {
        Sources = await db.Set<HarvestSource>().AsNoTracking().OrderBy(s => s.Title).ToListAsync();
        titles = Sources.ToDictionary(s => s.Id, s => s.Title);
        Runs = await db.Set<HarvestRun>().AsNoTracking().OrderByDescending(r => r.StartedAt).Take(20).ToListAsync();
        var orgs = await db.Organisations.AsNoTracking().ToListAsync();
        orgCodes = orgs.ToDictionary(o => o.Id, o => o.Code);
        Departments = OrganisationTree.Choices(orgs, Culture);
        Response.Headers.CacheControl = "no-store";
    }

    /// <summary>A new source as the form posts it.</summary>
    public sealed class SourceForm
    {
        public string? Url { get; set; }
        public string? Title { get; set; }
        public string? Organisation { get; set; }
        public double IntervalHours { get; set; } = 24;

        /// <summary>One "remote-name = LOCAL-CODE" per line.</summary>
        public string? Mapping { get; set; }
    }
}
