using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Core.Web;
using Madang.Requests.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Requests.Pages.Requests;

/// <summary>Public requests, newest first, by department and state; "mine" lists one's own, private ones included.</summary>
public sealed class IndexModel(MadangDbContext db, Madang.Core.Links.ResourceLinks links, TimeProvider clock) : MadangPage
{
    public const int PageSize = 30;

    [BindProperty(SupportsGet = true)] public Guid? Department { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public bool Mine { get; set; }
    [BindProperty(SupportsGet = true)] public string? About { get; set; }

    /// <summary>The item the list is about, when it lists the questions about one document, dataset, card or proposal.</summary>
    public Madang.Core.Links.ResourceRef? Item { get; private set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public List<Request> Items { get; private set; } = [];
    public int Total { get; private set; }
    public Dictionary<Guid, LocalizedText> Organisations { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        var q = db.Set<Request>().AsNoTracking();
        if (Mine && Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var me))
        {
            q = q.Where(r => r.RequesterId == me);
        }
        else
        {
            Mine = false;
            q = q.Where(r => !r.IsPrivate);
        }

        if (!string.IsNullOrEmpty(About) && About.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
        {
            var (type, key) = (About[..colon], About[(colon + 1)..]);
            Item = await links.ResolveAsync(type, key, ct);
            q = q.Where(r => r.AboutType == type && r.AboutKey == key);
        }

        if (Department is { } d)
        {
            q = q.Where(r => r.OrganisationId == d);
        }

        var now = Now;
        q = State switch
        {
            "open" => q.Where(r => r.State != RequestState.Answered && r.State != RequestState.Closed),
            "overdue" => q.Where(r => r.State != RequestState.Answered && r.State != RequestState.Closed && r.DueAt < now),
            "answered" => q.Where(r => r.State == RequestState.Answered || r.State == RequestState.Closed),
            _ => q,
        };
        Total = await q.CountAsync(ct);
        PageNumber = Math.Max(1, PageNumber);
        Items = await q.OrderByDescending(r => r.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        Organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }

    public string OrganisationName(Guid? id) => id is { } g && Organisations.TryGetValue(g, out var n) ? n.Get(Culture) : L["requests.unrouted"];
}
