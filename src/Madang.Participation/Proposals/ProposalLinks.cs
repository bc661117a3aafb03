using System.Globalization;
using Madang.Core.Data;
using Madang.Core.Links;
using Madang.Core.Localization;
using Madang.Participation.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Proposals;

/// <summary>Public proposals as other modules may point to them: a question about a proposal reaches its department.</summary>
public sealed class ProposalLinks(MadangDbContext db) : IResourceResolver
{
    public string Type => "proposal";

    public async Task<ResourceRef?> ResolveAsync(string key, CancellationToken ct)
    {
        if (!long.TryParse(key, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var p = await db.Set<Proposal>().AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Id, x.PublicTitle, x.DepartmentId, x.Status }).SingleOrDefaultAsync(ct);
        return p is null || !ProposalSearch.IsPublic(p.Status) ? null
            : new ResourceRef(Type, key, LocalizedText.Single(p.PublicTitle), p.DepartmentId, "proposals/" + p.Id);
    }
}
