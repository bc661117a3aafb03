using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Requests.Domain;
using Madang.Requests.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Requests.Pages.Admin.Requests;

/// <summary>One request at the desk: the text as written, and the department's steps — acknowledge, transfer, extend,
/// answer or decide, close — each only for staff of the request's department (or an administrator).</summary>
[Authorize(Policy = Permission.PolicyPrefix + "core.staff")]
public sealed class RequestDeskModel(MadangDbContext db, RequestService requests, Rules.RulesStore rulesStore, TimeProvider clock) : MadangPage
{
    public Request Item { get; private set; } = null!;
    public List<RequestEvent> Events { get; private set; } = [];
    public List<Organisation> Organisations { get; private set; } = [];
    public string? RequesterName { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public Rules.Service? Service { get; private set; }
    public List<RequestPhoto> Photos { get; private set; } = [];

    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public Guid? To { get; set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? AnswerText { get; set; }
    [BindProperty] public string? Grounds { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public bool ThirdParty { get; set; }
    public List<RequestAttachment> Attachments { get; private set; } = [];
    public int ThirdPartyDays { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) switch
    {
        null => NotFound(),
        false => Forbid(),
        true => Page(),
    };

    public Task<IActionResult> OnPostAcknowledgeAsync(long id, CancellationToken ct) =>
        ActAsync(id, () => requests.AcknowledgeAsync(id, CurrentActor, ct), "requests.desk.acknowledged", ct);

    public Task<IActionResult> OnPostTransferAsync(long id, CancellationToken ct) =>
        ActAsync(id, () => requests.TransferAsync(id, To ?? Guid.Empty, Reason ?? string.Empty, CurrentActor, ct), "requests.desk.transferred", ct);

    public Task<IActionResult> OnPostExtendAsync(long id, CancellationToken ct) =>
        ActAsync(id, () => requests.ExtendAsync(id, Reason ?? string.Empty, CurrentActor, ct), "requests.desk.extendeddone", ct);

    public Task<IActionResult> OnPostAnswerAsync(long id, CancellationToken ct) =>
        ActAsync(id, () => requests.AnswerAsync(id, Enum.TryParse<Outcome>(Outcome, out var o) ? o : (Outcome)(-1), AnswerText ?? string.Empty, Grounds, CurrentActor, ThirdParty, ct),
            "requests.desk.answered", ct);

    public Task<IActionResult> OnPostNoteAsync(long id, CancellationToken ct) =>
        ActAsync(id, () => requests.NoteAsync(id, Note ?? string.Empty, CurrentActor, ct), "requests.desk.noted", ct);

    public Task<IActionResult> OnPostCloseAsync(long id, CancellationToken ct) =>
        ActAsync(id, () => requests.CloseAsync(id, CurrentActor, ct), "requests.closed", ct);

    private async Task<IActionResult> ActAsync(long id, Func<Task> step, string done, CancellationToken ct)
    {
        switch (await LoadAsync(id, ct))
        {
            case null:
                return NotFound();
            case false:
                return Forbid();
        }

        try
        {
            await step();
            Flash = L[done];
            return Redirect(Href("admin/requests/" + id));
        }
        catch (RequestException e)
        {
            AddError(string.Empty, e.Key, e.Arguments.ToArray());
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
    }

    /// <summary>Null when there is no such request; false when this person may not handle it.</summary>
    private async Task<bool?> LoadAsync(long id, CancellationToken ct)
    {
        var r = await db.Set<Request>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return null;
        }

        var user = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        if (!await requests.MayHandleAsync(r, user, User.IsInRole(Roles.Administrator), ct))
        {
            return false;
        }

        Item = r;
        Now = clock.GetUtcNow();
        Events = await db.Set<RequestEvent>().AsNoTracking().Where(e => e.RequestId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        Organisations = (await db.Organisations.AsNoTracking().ToListAsync(ct)).OrderBy(o => o.Name.Get(Culture), StringComparer.Ordinal).ToList();
        Service = r.ServiceCode is null ? null : (await rulesStore.GetAsync(ct)).Services.FirstOrDefault(x => x.Code == r.ServiceCode);
        Attachments = await db.Set<RequestAttachment>().AsNoTracking().Where(a => a.RequestId == id).OrderBy(a => a.Position).ToListAsync(ct);
        ThirdPartyDays = (await rulesStore.GetAsync(ct)).Disclosure.ThirdPartyDays;
        Photos = await db.Set<RequestPhoto>().AsNoTracking().Where(p => p.RequestId == id).OrderBy(p => p.Position).ToListAsync(ct);
        RequesterName = r.RequesterId is { } rid ? await db.Users.Where(u => u.Id == rid).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) : null;
        return true;
    }

    public IEnumerable<Outcome> Outcomes => Item.Kind switch
    {
        RequestKind.Question => [Domain.Outcome.Answered],
        RequestKind.Disclosure => [Domain.Outcome.Disclosed, Domain.Outcome.PartlyDisclosed, Domain.Outcome.NotDisclosed, Domain.Outcome.NotHeld, Domain.Outcome.Transferred],
        RequestKind.Report => [Domain.Outcome.Resolved, Domain.Outcome.Declined],
        _ => [Domain.Outcome.Upheld, Domain.Outcome.Dismissed],
    };
}
