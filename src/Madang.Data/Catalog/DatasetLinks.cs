using Madang.Core.Data;
using Madang.Core.Links;
using Madang.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Data.Catalog;

/// <summary>Public datasets as other modules may point to them: a question about a dataset reaches its publisher.</summary>
public sealed class DatasetLinks(MadangDbContext db) : IResourceResolver
{
    public string Type => "dataset";

    public async Task<ResourceRef?> ResolveAsync(string key, CancellationToken ct)
    {
        var d = await db.Set<Dataset>().AsNoTracking().Where(x => x.Name == key && x.State == DatasetState.Published && x.DeletedAt == null)
            .Select(x => new { x.Name, x.Title, x.OrganisationId }).SingleOrDefaultAsync(ct);
        return d is null ? null : new ResourceRef(Type, d.Name, d.Title, d.OrganisationId, "datasets/" + d.Name);
    }
}
