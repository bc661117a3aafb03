using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Requests.Domain;
using Madang.Requests.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Requests.Pages.Requests;

/// <summary>Reported places by service and status: a list that stands alone, and a map of the same list when tiles are configured.</summary>
public sealed class ReportsModel(MadangDbContext db, RulesStore rulesStore, TimeProvider clock) : MadangPage
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)] public string? Service { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public RulesFile Rules { get; private set; } = new();
    public List<Request> Items { get; private set; } = [];
    public int Total { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rules = await rulesStore.GetAsync(ct);
        Now = clock.GetUtcNow();
        var q = db.Set<Request>().AsNoTracking().Where(r => r.Kind == RequestKind.Report && !r.IsPrivate);
        if (!string.IsNullOrEmpty(Service))
        {
            q = q.Where(r => r.ServiceCode == Service);
        }

        q = Status switch
        {
            "open" => q.Where(r => r.State != RequestState.Answered && r.State != RequestState.Closed),
            "closed" => q.Where(r => r.State == RequestState.Answered || r.State == RequestState.Closed),
            _ => q,
        };
        Total = await q.CountAsync(ct);
        PageNumber = Math.Max(1, PageNumber);
        Items = await q.OrderByDescending(r => r.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
    }

    public string ServiceName(string? code) => Rules.Services.FirstOrDefault(s => s.Code == code)?.NameIn(Culture) ?? code ?? string.Empty;
}
