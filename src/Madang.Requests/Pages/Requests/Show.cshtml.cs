using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Requests.Domain;
using Madang.Requests.Requests;
using Madang.Requests.Rules;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Requests.Pages.Requests;

/// <summary>One request as the public reads it: the masked question, where it stands, its timeline and the answer; for
/// its requester, closing it, rating the answer and objecting to a decision.</summary>
public sealed class ShowModel(MadangDbContext db, RequestService requests, RulesStore rulesStore, IAuthorizationService authorization,
    Madang.Core.Privacy.PiiScreener screener, TimeProvider clock) : MadangPage
{
    public Request Item { get; private set; } = null!;
    public List<RequestEvent> Events { get; private set; } = [];
    public Dictionary<Guid, LocalizedText> Organisations { get; private set; } = [];
    public bool IsRequester { get; private set; }
    public bool IsStaff { get; private set; }
    public bool MayObject { get; private set; }
    public Request? Objection { get; private set; }
    public Request? Original { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public Service? Service { get; private set; }
    public List<RequestPhoto> Photos { get; private set; } = [];

    /// <summary>Files the requester attached: listed only for them and the department.</summary>
    public List<RequestAttachment> Attachments { get; private set; } = [];

    /// <summary>A report's answers to its service's questions; typed answers screened like the text, as the public reads them.</summary>
    public List<(string Question, string Answer)> Answers { get; private set; } = [];

    [BindProperty] public string? ObjectionText { get; set; }
    [BindProperty] public int Rating { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostCloseAsync(long id, CancellationToken ct) => AsRequesterAsync(id, async user =>
    {
        await requests.CloseAsync(id, CurrentActor, ct);
        Flash = L["requests.closed"];
    }, ct);

    public Task<IActionResult> OnPostRateAsync(long id, CancellationToken ct) => AsRequesterAsync(id, async user =>
    {
        await requests.RateAsync(id, user, Rating, ct);
        Flash = L["requests.rated"];
    }, ct);

    public Task<IActionResult> OnPostObjectAsync(long id, CancellationToken ct) => AsRequesterAsync(id, async user =>
    {
        var o = await requests.ObjectAsync(id, user, ObjectionText ?? string.Empty, ct);
        Flash = L["requests.objected", o.Id];
    }, ct);

    private async Task<IActionResult> AsRequesterAsync(long id, Func<Guid, Task> action, CancellationToken ct)
    {
        if (!Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var user))
        {
            return Challenge();
        }

        if (!await LoadAsync(id, ct) || !IsRequester)
        {
            return NotFound();
        }

        try
        {
            await action(user);
        }
        catch (RequestException e)
        {
            Flash = L[e.Key, e.Arguments.ToArray()];
        }

        return Redirect(Href("requests/" + id));
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var r = await db.Set<Request>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return false;
        }

        Guid? userId = Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var u) ? u : null;
        IsRequester = userId is not null && userId == r.RequesterId;
        // Department-scoped: staff of the request's department (or above it), and administrators.
        IsStaff = userId is { } staff && (await authorization.AuthorizeAsync(User, Permission.PolicyPrefix + "core.staff")).Succeeded
            && await requests.MayHandleAsync(r, staff, User.IsInRole(Roles.Administrator), ct);
        if (r.IsPrivate && !IsRequester && !IsStaff)
        {
            return false;
        }

        Item = r;
        Now = clock.GetUtcNow();
        Events = await db.Set<RequestEvent>().AsNoTracking().Where(e => e.RequestId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var orgIds = Events.SelectMany(e => new[] { e.FromOrganisationId, e.ToOrganisationId }).Append(r.OrganisationId).OfType<Guid>().Distinct().ToList();
        Organisations = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        Objection = await db.Set<Request>().AsNoTracking().Where(o => o.ObjectionTo == id).FirstOrDefaultAsync(ct);
        Original = r.ObjectionTo is { } to ? await db.Set<Request>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == to, ct) : null;
        var rules = await rulesStore.GetAsync(ct);
        if (r.ServiceCode is not null && rules.Services.FirstOrDefault(x => x.Code == r.ServiceCode) is { } service)
        {
            Service = service;
            Answers = ServiceAnswers.Describe(service, r.Attributes, Culture)
                .Select(a => (a.Question, a.Attribute.IsList ? a.Answer : screener.Screen(a.Answer).MaskedText)).ToList();
        }

        Photos = await db.Set<RequestPhoto>().AsNoTracking().Where(p => p.RequestId == id).OrderBy(p => p.Position).ToListAsync(ct);
        if (IsRequester || IsStaff)
        {
            Attachments = await db.Set<RequestAttachment>().AsNoTracking().Where(a => a.RequestId == id).OrderBy(a => a.Position).ToListAsync(ct);
        }

        MayObject = IsRequester && r.Kind == RequestKind.Disclosure && r.AnsweredAt is { } decided && Objection is null
            && rules.Disclosure.ObjectionDays > 0 && Now <= decided.AddDays(rules.Disclosure.ObjectionDays);
        return true;
    }

    public string OrganisationName(Guid? id) => id is { } g && Organisations.TryGetValue(g, out var n) ? n.Get(Culture) : L["requests.unrouted"];
}
