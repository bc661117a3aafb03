using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Participation.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Pages.Commitments;

/// <summary>Every commitment with its progress, as Kakogawa publishes the implementation status of its plans.</summary>
public sealed class CommitmentsIndexModel(MadangDbContext db) : MadangPage
{
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }

    public List<Commitment> Items { get; private set; } = [];
    public Dictionary<Guid, string> Departments { get; private set; } = [];
    public Dictionary<CommitmentStatus, int> Counts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await db.Set<Commitment>().AsNoTracking().OrderByDescending(c => c.UpdatedAt).ToListAsync(ct);
        Counts = all.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Count());
        Items = Enum.TryParse<CommitmentStatus>(Status, ignoreCase: true, out var s) ? all.Where(c => c.Status == s).ToList() : all;
        var orgs = Items.Select(c => c.OrganisationId).Distinct().ToList();
        Departments = (await db.Organisations.AsNoTracking().Where(o => orgs.Contains(o.Id)).ToListAsync(ct)).ToDictionary(o => o.Id, o => o.Name.Get(Culture));
    }
}
