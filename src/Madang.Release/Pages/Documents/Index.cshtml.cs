using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Web;
using Madang.Release.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Pages.Documents;

/// <summary>Published documents, newest first, by department; keyset paging.</summary>
public sealed class DocumentsIndexModel(MadangDbContext db) : MadangPage
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string? Department { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<ReleaseApi.PublicDocumentDto> Items { get; private set; } = [];
    public string? Next { get; private set; }
    public IReadOnlyList<(string Code, string Label)> Departments { get; private set; } = [];
    private Dictionary<string, Organisation> orgs = [];

    public string DepartmentName(string code) => orgs.TryGetValue(code, out var o) ? o.Name.Get(Culture) : code;

    public async Task OnGetAsync()
    {
        var all = await db.Organisations.AsNoTracking().ToListAsync();
        orgs = all.ToDictionary(o => o.Code);
        Departments = OrganisationTree.Flatten(all).Select(t => (t.Org.Code, new string(' ', t.Depth * 2) + t.Org.Name.Get(Culture))).ToList();
        var page = await ReleaseApiPaging.PageAsync(db, Department, After, PageSize, HttpContext.RequestAborted);
        Items = page.Items;
        Next = page.Next;
    }
}
