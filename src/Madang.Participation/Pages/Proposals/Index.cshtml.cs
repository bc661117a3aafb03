using Madang.Core.Data;
using Madang.Core.Search;
using Madang.Core.Web;
using Madang.Participation.Domain;
using Madang.Participation.Processes;
using Madang.Participation.Proposals;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Pages.Proposals;

/// <summary>Proposals: filter by process, status, category and district, sort, search, page.</summary>
public sealed class ProposalsIndexModel(MadangDbContext db, ISearchIndex search, ProcessStore processes) : MadangPage
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "process")] public string? ProcessSlug { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "category")] public string? Category { get; set; }
    [BindProperty(SupportsGet = true, Name = "district")] public string? District { get; set; }
    [BindProperty(SupportsGet = true, Name = "sort")] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Process> Processes { get; private set; } = [];
    public ProcessFile? Rules { get; private set; }
    public IReadOnlyList<Proposal> Items { get; private set; } = [];
    public int Total { get; private set; }
    public Dictionary<Guid, ProcessFile> Files { get; } = [];

    public static readonly IReadOnlyList<string> Statuses = ["open", "concluded", "expired"];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Processes = await processes.ListAsync(ct);
        foreach (var p in Processes)
        {
            Files[p.Id] = ProcessStore.Definition(p);
        }

        var query = db.Set<Proposal>().AsNoTracking()
            .Where(p => p.Status == ProposalStatus.Open || p.Status == ProposalStatus.Concluded || p.Status == ProposalStatus.Expired);
        var process = Processes.FirstOrDefault(p => p.Slug == ProcessSlug);
        if (process is not null)
        {
            Rules = Files[process.Id];
            query = query.Where(p => p.ProcessId == process.Id);
        }

        query = Status switch
        {
            "open" => query.Where(p => p.Status == ProposalStatus.Open),
            "concluded" => query.Where(p => p.Status == ProposalStatus.Concluded),
            "expired" => query.Where(p => p.Status == ProposalStatus.Expired),
            _ => query,
        };
        if (!string.IsNullOrWhiteSpace(Category))
        {
            query = query.Where(p => p.Category == Category);
        }

        if (!string.IsNullOrWhiteSpace(District))
        {
            query = query.Where(p => p.District == District);
        }

        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            // The kernel's index ranks; the proposal table filters and pages the ranked keys.
            var keys = await search.MatchKeysAsync(ProposalSearch.SearchType, Q.Trim(), 1000, ct);
            var ranked = keys.Select(k => long.TryParse(k, out var id) ? id : 0).Where(id => id > 0).ToList();
            var found = await query.Where(p => ranked.Contains(p.Id)).ToListAsync(ct);
            var order = ranked.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
            var sorted = Sort switch
            {
                "supports" => found.OrderByDescending(p => p.SupportCount),
                "newest" => found.OrderByDescending(p => p.PublishedAt),
                _ => found.OrderBy(p => order[p.Id]),
            };
            Total = found.Count;
            Items = sorted.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
            return;
        }

        Total = await query.CountAsync(ct);
        query = Sort == "supports" ? query.OrderByDescending(p => p.SupportCount).ThenByDescending(p => p.Id) : query.OrderByDescending(p => p.Id);
        Items = await query.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
    }

    public string PageHref(int page) => Href("proposals") + Query(("page", page == 1 ? null : page.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public string SortHref(string? sort) => Href("proposals") + Query(("sort", sort), ("page", null));

    private string Query(params (string Name, string? Value)[] changes)
    {
        var values = new Dictionary<string, string?>
        {
            ["q"] = Q, ["process"] = ProcessSlug, ["status"] = Status, ["category"] = Category, ["district"] = District, ["sort"] = Sort,
            ["page"] = PageNumber > 1 ? PageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        foreach (var (n, v) in changes)
        {
            values[n] = v;
        }

        var parts = values.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key + "=" + Uri.EscapeDataString(kv.Value!)).ToList();
        return parts.Count == 0 ? string.Empty : "?" + string.Join("&", parts);
    }
}
