using Madang.Core.Data;
using Madang.Core.Links;
using Madang.Core.Localization;
using Madang.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Dashboards.Cards;

/// <summary>Dashboard cards as other modules may point to them (<c>region/dashboard/card</c>): a question about a card
/// reaches the department that publishes the dataset it draws.</summary>
public sealed class CardLinks(DashboardReader reader, MadangDbContext db) : IResourceResolver
{
    public string Type => "card";

    public async Task<ResourceRef?> ResolveAsync(string key, CancellationToken ct)
    {
        var parts = key.Split('/');
        if (parts.Length != 3 || await reader.RegionAsync(parts[0], ct) is not { } region
            || region.Dashboard(parts[1]) is not { } dashboard || dashboard.Cards.FirstOrDefault(c => c.Slug == parts[2]) is not { } card)
        {
            return null;
        }

        var owner = await db.Set<Dataset>().AsNoTracking().Where(d => d.Name == card.Source.Dataset && d.DeletedAt == null)
            .Select(d => (Guid?)d.OrganisationId).FirstOrDefaultAsync(ct);
        var title = new LocalizedText();
        foreach (var (culture, text) in card.Title)
        {
            if (SiteCultures.All.FirstOrDefault(c => string.Equals(c, culture, StringComparison.OrdinalIgnoreCase)) is { } site)
            {
                title[site] = text;
            }
        }

        return new ResourceRef(Type, key, title, owner, $"r/{parts[0]}/{parts[1]}/cards/{parts[2]}");
    }
}
