using Madang.Core.Data;
using Madang.Core.Links;
using Madang.Core.Localization;
using Madang.Release.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Api;

/// <summary>Published documents as other modules may point to them (a question about a document reaches its department).
/// Non-public documents count: their page is public, and asking for them is what a disclosure request is for.</summary>
public sealed class DocumentLinks(MadangDbContext db) : IResourceResolver
{
    public string Type => "document";

    public async Task<ResourceRef?> ResolveAsync(string key, CancellationToken ct)
    {
        if (!Guid.TryParse(key, out var id))
        {
            return null;
        }

        var d = await db.Set<ReleaseDocument>().AsNoTracking().Where(x => x.Id == id && x.State == DocumentState.Published)
            .Select(x => new { x.Id, x.MaskedTitle, x.OrganisationId }).SingleOrDefaultAsync(ct);
        return d is null ? null : new ResourceRef(Type, d.Id.ToString(), LocalizedText.Single(d.MaskedTitle ?? string.Empty), d.OrganisationId, "documents/" + d.Id);
    }
}
