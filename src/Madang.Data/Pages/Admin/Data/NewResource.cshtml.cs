using Madang.Core.Data;
using Madang.Core.Files;
using Madang.Core.Localization;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Data.Catalog;
using Madang.Data.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Data.Pages.Admin.Data;

/// <summary>Adds a resource to a dataset: an uploaded file (its first version, with a changelog line) or a link.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "core.staff")]
[RequestSizeLimit(CatalogService.MaxUploadBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = CatalogService.MaxUploadBytes + (1024 * 1024))]
public sealed class DataNewResourceModel(MadangDbContext db, CatalogService catalog, IAuthorizationService authorization) : MadangPage
{
    [BindProperty] public ResourceKind Kind { get; set; } = ResourceKind.Upload;
    [BindProperty] public LocalizedText ResourceName { get; set; } = new();
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Changelog { get; set; }
    [BindProperty] public string? LinkUrl { get; set; }
    [BindProperty] public string? LinkFormat { get; set; }

    public Dataset Dataset { get; private set; } = default!;

    public static string Accept => string.Join(",", Formats.Extensions);

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await LoadAsync(id) is { } refused)
        {
            return refused;
        }

        foreach (var c in SiteCultures.All)
        {
            ResourceName[c] = string.IsNullOrWhiteSpace(ResourceName[c]) ? null : ResourceName[c]!.Trim();
        }

        if (!ResourceName.All().Any())
        {
            AddError("ResourceName", "data.error.resource.name");
        }

        Uri? link = null;
        if (Kind == ResourceKind.Upload)
        {
            if (Upload is null || Upload.Length == 0)
            {
                AddError("Upload", "data.error.upload.missing");
            }
            else if (!Formats.IsAccepted(Upload.FileName))
            {
                AddError("Upload", "data.error.upload.format", string.Join(", ", Formats.Extensions));
            }
            else if (Upload.Length > CatalogService.MaxUploadBytes)
            {
                AddError("Upload", "data.error.upload.size", Web.Sizes.Format(CatalogService.MaxUploadBytes));
            }
        }
        else if (!Uri.TryCreate(LinkUrl?.Trim(), UriKind.Absolute, out link) || (link.Scheme != "https" && link.Scheme != "http"))
        {
            AddError("LinkUrl", "data.error.url");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var r = new DataResource
        {
            Name = ResourceName,
            Description = string.IsNullOrWhiteSpace(Description) ? new LocalizedText() : Localised(Description.Trim()),
            Kind = Kind,
            LinkUrl = link?.ToString(),
            Format = Kind == ResourceKind.Link ? (string.IsNullOrWhiteSpace(LinkFormat) ? null : LinkFormat.Trim().ToUpperInvariant()) : Formats.FromFileName(Upload!.FileName),
        };
        await catalog.AddResourceAsync(Dataset, r, CurrentActor, ct);
        if (Kind == ResourceKind.Upload)
        {
            try
            {
                await using var stream = Upload!.OpenReadStream();
                await catalog.AddVersionAsync(Dataset, r, stream, Upload.FileName, string.IsNullOrWhiteSpace(Changelog) ? null : Changelog.Trim(), CurrentActor, ct);
            }
            catch (FileTooLargeException)
            {
                Flash = L["data.error.upload.size", Web.Sizes.Format(CatalogService.MaxUploadBytes)];
                return Redirect(Href($"admin/data/resources/{r.Id}"));
            }
        }

        Flash = L["data.resource.added"];
        return Redirect(Href($"admin/data/resources/{r.Id}"));
    }

    private LocalizedText Localised(string text)
    {
        var t = new LocalizedText();
        t[Culture] = text;
        return t;
    }

    private async Task<IActionResult?> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if ((await PublisherScope.OfAsync(db, User, ct)).IsEmpty)
        {
            return Forbid();
        }

        var d = await catalog.FindAsync(id.ToString(), ct: ct);
        if (d is null)
        {
            return NotFound();
        }

        if (!await PublisherScope.MayPublishAsync(authorization, User, d.OrganisationId))
        {
            return Forbid();
        }

        Dataset = d;
        Response.Headers.CacheControl = "no-store";
        return null;
    }
}
