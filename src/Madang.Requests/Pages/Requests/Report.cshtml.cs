using System.Globalization;
using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Files;
using Madang.Core.Web;
using Madang.Requests.Requests;
using Madang.Requests.Rules;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Requests.Pages.Requests;

/// <summary>
/// "Report a problem": choose a service, say where (a point picked on the map, typed coordinates, or an address), what,
/// with photos and the service's own questions. Works without JavaScript and without a map; the map only helps pick.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = FormLimit)]
[RequestSizeLimit(FormLimit)]
public sealed class ReportModel(MadangDbContext db, RequestService requests, RulesStore rulesStore, ImageCleaner cleaner) : MadangPage
{
    private const long FormLimit = 10 * ImageCleaner.MaxUploadBytes + 1024 * 1024;

    [BindProperty(SupportsGet = true)] public string? Service { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? Latitude { get; set; }
    [BindProperty] public string? Longitude { get; set; }
    [BindProperty] public bool ByEmail { get; set; } = true;
    [BindProperty] public bool BySms { get; set; }

    public RulesFile Rules { get; private set; } = new();
    public Service? Chosen { get; private set; }
    public bool SignedIn => User.Identity?.IsAuthenticated == true;
    public bool PhoneConfirmed { get; private set; }

    /// <summary>Photo descriptions and service answers as given, to fill the form again after a problem.</summary>
    public Dictionary<int, string> Alts { get; } = [];
    public Dictionary<string, string[]> Answers { get; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Chosen is null)
        {
            return NotFound();
        }

        var lat = Coordinate(Latitude, nameof(Latitude));
        var lon = Coordinate(Longitude, nameof(Longitude));
        var form = Request.Form;
        foreach (var a in Chosen.Attributes.Where(a => a.Variable))
        {
            Answers[a.Code] = form["attr." + a.Code].Where(v => v is not null).Select(v => v!).ToArray();
        }

        var photos = new List<(CleanImage, string)>();
        for (var i = 1; i <= Rules.Photos; i++)
        {
            var alt = form["Alt" + i].ToString().Trim();
            Alts[i] = alt;
            var upload = form.Files.GetFile("Photo" + i);
            if (upload is null || upload.Length == 0)
            {
                continue;
            }

            if (alt.Length is 0 or > ImageCleaner.AltMax)
            {
                AddError("Alt" + i, "requests.error.photo.alt", ImageCleaner.AltMax);
                continue;
            }

            try
            {
                await using var stream = upload.OpenReadStream();
                photos.Add((await cleaner.StoreAsync(stream, ct), alt));
            }
            catch (ImageRejectedException e)
            {
                AddError("Photo" + i, "requests.error.photo." + e.Reason, ImageCleaner.MaxUploadBytes / (1024 * 1024));
            }
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        Guid? userId = Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var u) ? u : null;
        try
        {
            var r = await requests.ReportAsync(new ReportDraft(Chosen.Code, Description, lat, lon, Address, Answers, photos, ByEmail, BySms, Culture), userId, ct);
            Flash = L["requests.report.sent"];
            return Redirect(Href("requests/" + r.Id));
        }
        catch (RequestException e)
        {
            var field = e.Key switch
            {
                "requests.error.text" => nameof(Description),
                "requests.error.address" or "requests.error.place" => nameof(Address),
                "requests.error.point" => nameof(Latitude),
                _ => string.Empty,
            };
            AddError(field, e.Key, e.Arguments.ToArray());
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
    }

    private double? Coordinate(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return d;
        }

        AddError(field, "requests.error.point");
        return null;
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Rules = await rulesStore.GetAsync(ct);
        if (!string.IsNullOrEmpty(Service))
        {
            Chosen = Rules.Services.FirstOrDefault(s => s.Code == Service);
            if (Chosen is null)
            {
                return false;
            }
        }

        if (Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            PhoneConfirmed = await db.Users.AnyAsync(x => x.Id == id && x.PhoneNumberConfirmed, ct);
        }

        return true;
    }
}
