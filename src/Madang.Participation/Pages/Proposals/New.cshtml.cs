using System.Globalization;
using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Web;
using Madang.Participation.Domain;
using Madang.Participation.Processes;
using Madang.Participation.Proposals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Pages.Proposals;

/// <summary>A verified citizen writes a proposal, with up to a few images.</summary>
[Authorize]
[RequestFormLimits(MultipartBodyLengthLimit = FormLimit)]
[RequestSizeLimit(FormLimit)]
public sealed class ProposalNewModel(MadangDbContext db, ProcessStore processes, ProposalService proposals, ProposalImages imageStore) : MadangPage
{
    /// <summary>The text and the largest number of images any process allows, each at its limit.</summary>
    private const long FormLimit = 10 * ProposalImages.MaxUploadBytes + 1024 * 1024;

    /// <summary>Descriptions of the images, by position (Alt1, Alt2…).</summary>
    public Dictionary<int, string> Alts { get; } = [];

    [BindProperty(SupportsGet = true, Name = "process")] public string? ProcessSlug { get; set; }
    [BindProperty] public string Title { get; set; } = string.Empty;
    [BindProperty] public string Body { get; set; } = string.Empty;
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? District { get; set; }
    [BindProperty] public string? Latitude { get; set; }
    [BindProperty] public string? Longitude { get; set; }

    public IReadOnlyList<Process> Processes { get; private set; } = [];
    public Process? Process { get; private set; }
    public ProcessFile? Rules { get; private set; }
    public VerificationLevel Level { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Process is null)
        {
            AddError(nameof(ProcessSlug), "participation.error.noprocess");
            return Page();
        }

        var images = await ImagesAsync(ct);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        double? lat = double.TryParse(Latitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var la) ? la : null;
        double? lon = double.TryParse(Longitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var lo) ? lo : null;
        try
        {
            var userId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
            var p = await proposals.CreateAsync(Process.Slug, userId, new ProposalDraft(Title, Body,
                string.IsNullOrWhiteSpace(Category) ? null : Category, string.IsNullOrWhiteSpace(District) ? null : District, lat, lon, Culture, images), ct);
            Flash = L[p.Status == ProposalStatus.Pending ? "participation.new.held" : "participation.new.published"];
            return Redirect(Href("proposals/" + p.Id));
        }
        catch (ParticipationException e)
        {
            var field = e.Key switch
            {
                "participation.error.title" => nameof(Title),
                "participation.error.body" => nameof(Body),
                "participation.error.category" => nameof(Category),
                "participation.error.district" => nameof(District),
                "participation.error.location" => nameof(Latitude),
                _ => string.Empty,
            };
            ModelState.AddModelError(field, L[e.Key, e.Arguments.ToArray()]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
    }

    /// <summary>Each chosen file cleaned and stored, paired with its description; problems go to the fields.</summary>
    private async Task<List<DraftImage>> ImagesAsync(CancellationToken ct)
    {
        var images = new List<DraftImage>();
        var form = Request.HasFormContentType ? Request.Form : null;
        for (var i = 1; i <= (Rules?.Images ?? 0); i++)
        {
            var alt = (form?["Alt" + i].ToString() ?? string.Empty).Trim();
            Alts[i] = alt;
            var upload = form?.Files.GetFile("Image" + i);
            if (upload is null || upload.Length == 0)
            {
                continue;
            }

            if (alt.Length is 0 or > ProposalImages.AltMax)
            {
                AddError("Alt" + i, "participation.error.image.alt", ProposalImages.AltMax);
                continue;
            }

            try
            {
                await using var stream = upload.OpenReadStream();
                images.Add(new DraftImage(await imageStore.StoreAsync(stream, ct), alt));
            }
            catch (ParticipationException e)
            {
                AddError("Image" + i, e.Key, e.Arguments.ToArray());
            }
        }

        return images;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Processes = (await processes.ListAsync(ct)).Where(p => p.IsOpen).ToList();
        Process = Processes.FirstOrDefault(p => p.Slug == ProcessSlug) ?? (Processes.Count > 0 ? Processes[0] : null);
        ProcessSlug = Process?.Slug;
        Rules = Process is null ? null : ProcessStore.Definition(Process);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!), ct);
        Level = user is null ? VerificationLevel.None : VerificationService.LevelOf(user);
    }
}
