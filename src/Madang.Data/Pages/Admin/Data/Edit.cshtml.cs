using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Data.Catalog;
using Madang.Data.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Data.Pages.Admin.Data;

/// <summary>Creates or edits a dataset's metadata (five languages), and publishes, makes private or deletes it.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "core.staff")]
public sealed class DataEditModel(MadangDbContext db, CatalogService catalog, IAuthorizationService authorization) : MadangPage
{
    /// <summary>Blank key/value rows offered below the existing extras.</summary>
    public const int BlankExtras = 3;

    /// <summary>The form, as posted.</summary>
    public sealed class Form
    {
        public string? Name { get; set; }
        public LocalizedText Title { get; set; } = new();
        public LocalizedText Description { get; set; } = new();
        public string? Organisation { get; set; }
        public string? LicenseId { get; set; }
        public string? Frequency { get; set; }
        public string? TemporalStart { get; set; }
        public string? TemporalEnd { get; set; }
        public string? Spatial { get; set; }
        public string? ContactName { get; set; }
        public string? ContactEmail { get; set; }
        public string? Source { get; set; }
        public string? Tags { get; set; }
        public List<string> Themes { get; set; } = [];
        public List<string?> ExtraKeys { get; set; } = [];
        public List<string?> ExtraValues { get; set; } = [];
        public DatasetState State { get; set; } = DatasetState.Draft;
    }

    [BindProperty] public Form Input { get; set; } = new();

    public Dataset? Existing { get; private set; }
    public IReadOnlyList<(string Code, string Label)> Organisations { get; private set; } = [];
    public IReadOnlyList<ResourceRow> Resources { get; private set; } = [];

    /// <summary>A resource as the edit page lists it.</summary>
    public sealed record ResourceRow(Guid Id, string Name, string? Format, ResourceKind Kind, DatastoreState Datastore, int Versions);

    public string? Error(string field) => ModelState.TryGetValue(field, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;

    public async Task<IActionResult> OnGetAsync(Guid? id)
    {
        var (result, scope) = await LoadAsync(id);
        if (result is not null)
        {
            return result;
        }

        if (Existing is { } d)
        {
            Input = new Form
            {
                Name = d.Name, Title = d.Title, Description = d.Description, LicenseId = d.LicenseId, Frequency = d.Frequency,
                TemporalStart = d.TemporalStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                TemporalEnd = d.TemporalEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Spatial = d.Spatial, ContactName = d.ContactName, ContactEmail = d.ContactEmail, Source = d.Source,
                Tags = string.Join(", ", d.Tags.Select(t => t.Name)), Themes = d.Themes.Select(t => t.Code).ToList(),
                ExtraKeys = d.Extras.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => (string?)x.Key).ToList(),
                ExtraValues = d.Extras.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => (string?)x.Value).ToList(),
                State = d.State,
                Organisation = await db.Organisations.Where(o => o.Id == d.OrganisationId).Select(o => o.Code).SingleAsync(),
            };
        }
        else
        {
            Input.LicenseId = "CC-BY-4.0";
            Input.Organisation = Organisations.Count > 0 ? Organisations[0].Code : null;
        }

        _ = scope;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id)
    {
        var ct = HttpContext.RequestAborted;
        var (result, scope) = await LoadAsync(id);
        if (result is not null)
        {
            return result;
        }

        var input = Read(scope!);
        if (!ModelState.IsValid || input is null)
        {
            return Page();
        }

        try
        {
            var saved = await catalog.SaveAsync(input, CurrentActor, Existing, ct);
            Flash = L["action.saved"];
            return Redirect(Href("admin/data/dataset/" + saved.Id));
        }
        catch (CatalogValidationException e)
        {
            foreach (var (field, _) in e.Errors)
            {
                var (key, msg) = field switch
                {
                    "name" => ("Input.Name", CatalogService.IsValidName(input.Name) ? "data.error.name.taken" : "data.error.name.invalid"),
                    "title" => ("Input.Title", "data.error.title"),
                    "owner_org" => ("Input.Organisation", "data.error.organisation"),
                    "license_id" => ("Input.LicenseId", "data.error.license"),
                    "frequency" => ("Input.Frequency", "data.error.frequency"),
                    "groups" => ("Input.Themes", "data.error.themes"),
                    "tags" => ("Input.Tags", "data.error.tags"),
                    "temporal_start" => ("Input.TemporalStart", "data.error.temporal"),
                    _ => (string.Empty, "data.error.generic"),
                };
                AddError(key, msg);
            }

            return Page();
        }
    }

    public async Task<IActionResult> OnPostStateAsync(Guid? id, DatasetState state)
    {
        var (result, _) = await LoadAsync(id);
        if (result is not null || Existing is null)
        {
            return result ?? NotFound();
        }

        await catalog.SetStateAsync(Existing, state, CurrentActor, HttpContext.RequestAborted);
        Flash = L["data.state.changed", L["data.state." + state]];
        return Redirect(Href("admin/data/dataset/" + Existing.Id));
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid? id, bool confirm)
    {
        var (result, _) = await LoadAsync(id);
        if (result is not null || Existing is null)
        {
            return result ?? NotFound();
        }

        if (!confirm)
        {
            ModelState.AddModelError("confirm", L["data.delete.confirm.required"]);
            await OnGetAsync(id);
            return Page();
        }

        await catalog.DeleteAsync(Existing, CurrentActor, HttpContext.RequestAborted);
        Flash = L["data.deleted", Existing.Title.Get(Culture)];
        return Redirect(Href("admin/data"));
    }

    private async Task<(IActionResult? Result, PublisherScope? Scope)> LoadAsync(Guid? id)
    {
        var ct = HttpContext.RequestAborted;
        var scope = await PublisherScope.OfAsync(db, User, ct);
        if (scope.IsEmpty)
        {
            return (Forbid(), null);
        }

        if (id is { } datasetId)
        {
            Existing = await catalog.FindAsync(datasetId.ToString(), ct: ct);
            if (Existing is null)
            {
                return (NotFound(), null);
            }

            if (!await PublisherScope.MayPublishAsync(authorization, User, Existing.OrganisationId))
            {
                return (Forbid(), null);
            }

            var ids = Existing.Resources.Select(r => r.Id).ToList();
            var counts = await db.Set<ResourceVersion>().Where(v => ids.Contains(v.ResourceId)).GroupBy(v => v.ResourceId)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            Resources = Existing.Resources.Select(r => new ResourceRow(r.Id, r.Name.Get(Culture), r.Format, r.Kind, r.DatastoreState, counts.GetValueOrDefault(r.Id))).ToList();
        }

        Organisations = await scope.ChoicesAsync(db, Culture, ct);
        Response.Headers.CacheControl = "no-store";
        return (null, scope);
    }

    private DatasetInput? Read(PublisherScope scope)
    {
        var f = Input;
        var org = db.Organisations.AsNoTracking().FirstOrDefault(o => o.Code == f.Organisation);
        if (org is null)
        {
            AddError("Input.Organisation", "data.error.organisation");
        }
        else if (!scope.Covers(org.Id))
        {
            AddError("Input.Organisation", "data.error.organisation.scope");
        }

        DateOnly? Date(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }

            AddError(field, "data.error.date");
            return null;
        }

        var start = Date(f.TemporalStart, "Input.TemporalStart");
        var end = Date(f.TemporalEnd, "Input.TemporalEnd");
        var email = f.ContactEmail?.Trim();
        if (!string.IsNullOrEmpty(email) && !new EmailAddressAttribute().IsValid(email))
        {
            AddError("Input.ContactEmail", "data.error.email");
        }

        var source = f.Source?.Trim();
        if (!string.IsNullOrEmpty(source) && !(Uri.TryCreate(source, UriKind.Absolute, out var u) && (u.Scheme == "https" || u.Scheme == "http")))
        {
            AddError("Input.Source", "data.error.url");
        }

        var extras = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < f.ExtraKeys.Count; i++)
        {
            var key = f.ExtraKeys[i]?.Trim();
            var value = i < f.ExtraValues.Count ? f.ExtraValues[i]?.Trim() : null;
            if (string.IsNullOrEmpty(key) && string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (string.IsNullOrEmpty(key) || key.Length > 100)
            {
                AddError("Input.ExtraKeys", "data.error.extra.key");
            }
            else if (!extras.TryAdd(key, value ?? string.Empty))
            {
                AddError("Input.ExtraKeys", "data.error.extra.duplicate", key);
            }
        }

        foreach (var c in SiteCultures.All)
        {
            f.Title[c] = string.IsNullOrWhiteSpace(f.Title[c]) ? null : f.Title[c]!.Trim();
            f.Description[c] = string.IsNullOrWhiteSpace(f.Description[c]) ? null : f.Description[c]!.Trim();
        }

        if (!ModelState.IsValid || org is null)
        {
            return null;
        }

        return new DatasetInput
        {
            Name = (f.Name ?? string.Empty).Trim(),
            Title = f.Title,
            Description = f.Description,
            OrganisationId = org.Id,
            LicenseId = string.IsNullOrWhiteSpace(f.LicenseId) ? null : f.LicenseId,
            Frequency = string.IsNullOrWhiteSpace(f.Frequency) ? null : f.Frequency,
            TemporalStart = start,
            TemporalEnd = end,
            Spatial = Blank(f.Spatial),
            ContactName = Blank(f.ContactName),
            ContactEmail = Blank(email),
            Source = Blank(source),
            Version = Existing?.Version,
            Tags = (f.Tags ?? string.Empty).Split([',', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList(),
            Themes = f.Themes.Distinct(StringComparer.Ordinal).ToList(),
            Extras = extras,
            State = Existing?.State ?? f.State,
        };
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
