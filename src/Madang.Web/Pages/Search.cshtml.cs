using Madang.Core.Search;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Web.Pages;

/// <summary>Site search over the kernel index. Works without JavaScript.</summary>
public sealed class SearchModel(ISearchIndex index) : MadangPage
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Offset { get; set; }

    public SearchResults? Results { get; private set; }

    public async Task OnGetAsync()
    {
        Offset = Math.Clamp(Offset, 0, 10_000);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            Results = await index.SearchAsync(new SearchRequest { Query = Q, Offset = Offset, Limit = PageSize }, HttpContext.RequestAborted);
        }
    }
}
