using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Links;
using Madang.Core.Search;
using Madang.Core.Web;
using Madang.Requests.Domain;
using Madang.Requests.Requests;
using Madang.Requests.Rules;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Requests.Pages.Requests;

/// <summary>
/// "Ask a question": about an item (a document, a dataset, a card, a proposal) or on its own, a question or a formal
/// disclosure request. Before sending, answered questions like it are shown, so a citizen may find the answer at once.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = FormLimit)]
[RequestSizeLimit(FormLimit)]
public sealed class AskModel(MadangDbContext db, RequestService requests, RulesStore rulesStore, ResourceLinks links, ISearchIndex search,
    Madang.Core.Files.IFileStore files) : MadangPage
{
    private const long FormLimit = RequestService.AttachmentsMax * RequestService.AttachmentMax + 1024 * 1024;

    [BindProperty(SupportsGet = true)] public string? About { get; set; }
    [BindProperty(SupportsGet = true)] public string Kind { get; set; } = "question";
    [BindProperty] public string Subject { get; set; } = string.Empty;
    [BindProperty] public string Text { get; set; } = string.Empty;
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Purpose { get; set; }
    [BindProperty] public string Form { get; set; } = nameof(DisclosureForm.Electronic);
    [BindProperty] public bool IsPrivate { get; set; }
    [BindProperty] public bool ByEmail { get; set; } = true;
    [BindProperty] public bool BySms { get; set; }

    public ResourceRef? Item { get; private set; }
    public RulesFile Rules { get; private set; } = new();
    public List<Request> Similar { get; private set; } = [];
    public bool Checked { get; private set; }
    public bool SignedIn => User.Identity?.IsAuthenticated == true;
    public bool PhoneConfirmed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (Item is not null)
        {
            Similar = await SimilarAsync(Item.Title.Get(Culture), ct);
        }

        return Page();
    }

    /// <summary>"Look for answers first": the form comes back with answered questions like this one.</summary>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Similar = await SimilarAsync(Subject + " " + Text, ct);
        Checked = true;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Guid? userId = Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var u) ? u : null;
        var kind = Kind == "disclosure" ? RequestKind.Disclosure : RequestKind.Question;
        var (attachments, refused) = await AttachmentsAsync(ct);
        if (refused)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        try
        {
            var r = await requests.AskAsync(new AskDraft(kind, Subject, Text, About, string.IsNullOrWhiteSpace(Category) ? null : Category, Purpose,
                Enum.TryParse<DisclosureForm>(Form, out var f) ? f : DisclosureForm.Electronic, IsPrivate, ByEmail, BySms, Culture) { Attachments = attachments }, userId, ct);
            Flash = L["requests.ask.sent"];
            return Redirect(Href("requests/" + r.Id));
        }
        catch (RequestException e)
        {
            var field = e.Key switch
            {
                "requests.error.subject" => nameof(Subject),
                "requests.error.text" => nameof(Text),
                "requests.error.category" => nameof(Category),
                _ => string.Empty,
            };
            AddError(field, e.Key, e.Arguments.ToArray());
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
    }

    /// <summary>The chosen files stored as sent (they are never published); a wrong kind or size goes to its field.</summary>
    private async Task<(List<StoredAttachment> Stored, bool Refused)> AttachmentsAsync(CancellationToken ct)
    {
        var stored = new List<StoredAttachment>();
        var refused = false;
        if (!Request.HasFormContentType)
        {
            return (stored, refused);
        }

        for (var i = 1; i <= RequestService.AttachmentsMax; i++)
        {
            var upload = Request.Form.Files.GetFile("Attachment" + i);
            if (upload is null || upload.Length == 0)
            {
                continue;
            }

            var name = System.IO.Path.GetFileName(upload.FileName.Replace('\\', '/'));
            if (!RequestService.AttachmentTypes.Contains(System.IO.Path.GetExtension(name).ToLowerInvariant()))
            {
                AddError("Attachment" + i, "requests.error.attachment.type", string.Join(", ", RequestService.AttachmentTypes));
                refused = true;
                continue;
            }

            if (upload.Length > RequestService.AttachmentMax)
            {
                AddError("Attachment" + i, "requests.error.attachment.size", RequestService.AttachmentMax / (1024 * 1024));
                refused = true;
                continue;
            }

            await using var stream = upload.OpenReadStream();
            var put = await files.PutAsync(stream, upload.Length, ct);
            stored.Add(new StoredAttachment(put.Sha256, put.Length, name.Length > 255 ? name[^255..] : name));
        }

        return (stored, refused);
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Rules = await rulesStore.GetAsync(ct);
        Kind = Kind == "disclosure" ? "disclosure" : "question";
        if (!string.IsNullOrEmpty(About))
        {
            Item = await links.ResolveAsync(About, ct);
            if (Item is null)
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

    /// <summary>Public answered requests sharing words with <paramref name="text"/>, best first.</summary>
    private async Task<List<Request>> SimilarAsync(string text, CancellationToken ct)
    {
        var words = text.Split([' ', '\n', '\r', '\t', ',', '.', '?', '!', '。', '、', '？', '，'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= 2 && !w.StartsWith('-')).Select(w => w.Replace("\"", string.Empty, StringComparison.Ordinal))
            .Where(w => w.Length >= 2).Distinct().OrderByDescending(w => w.Length).Take(8).ToList();
        if (words.Count == 0)
        {
            return [];
        }

        var keys = await search.MatchKeysAsync(RequestSearch.SearchType, string.Join(" OR ", words), 5, ct);
        var ids = keys.Select(k => long.TryParse(k, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : 0).ToList();
        var found = await db.Set<Request>().AsNoTracking().Where(r => ids.Contains(r.Id) && !r.IsPrivate && r.AnsweredAt != null).ToListAsync(ct);
        return found.OrderBy(r => ids.IndexOf(r.Id)).ToList();
    }
}
