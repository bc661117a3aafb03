using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Web;
using Madang.Release.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Pages.Documents;

/// <summary>Published documents, newest first, filtered by department (with those under it), type, class and approval dates; keyset paging.</summary>
public sealed class DocumentsIndexModel(MadangDbContext db, SiteTime time) : MadangPage
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string? Department { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? Disclosure { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public DocumentFilter Filter { get; private set; } = DocumentFilter.None;
    public bool FilterInvalid { get; private set; }

    public IReadOnlyList<ReleaseApi.PublicDocumentDto> Items { get; private set; } = [];
    public string? Next { get; private set; }
    public IReadOnlyList<(string Code, string Label)> Departments { get; private set; } = [];
    private Dictionary<string, Organisation> orgs = [];

    public string DepartmentName(string code) => orgs.TryGetValue(code, out var o) ? o.Name.Get(Culture) : code;

    public async Task OnGetAsync()
    {
        var all = await db.Organisations.AsNoTracking().ToListAsync();
        orgs = all.ToDictionary(o => o.Code);
        Departments = OrganisationTree.Choices(all, Culture);
        // A mistyped date or type in a shared link narrows nothing rather than failing: the page says so and shows the rest.
        var (filter, errors) = DocumentFilter.Parse(Department, Type, Disclosure, From, To);
        Filter = filter;
        FilterInvalid = errors.Count > 0;
        var page = await ReleaseApiPaging.PageAsync(db, time, filter, After, PageSize, HttpContext.RequestAborted);
        Items = page.Items;
        Next = page.Next;
    }
}
