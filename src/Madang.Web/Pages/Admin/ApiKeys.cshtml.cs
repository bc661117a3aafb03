using Madang.Core.ApiKeys;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages.Admin;

/// <summary>API keys: create (the secret is shown once), list, revoke.</summary>
[Authorize(Policy = Policies.ManageApiKeys)]
public sealed class ApiKeysModel(MadangDbContext db, ApiKeyService keys) : MadangPage
{
    /// <summary>A key with its organisation's code.</summary>
    public sealed record Row(ApiKey Key, string OrgCode);

    public IReadOnlyList<Row> Keys { get; private set; } = [];
    public IReadOnlyList<(string Code, string Label)> Organisations { get; private set; } = [];
    public string? NewSecret { get; private set; }

    [BindProperty] public string Name { get; set; } = string.Empty;
    [BindProperty] public string OrgCode { get; set; } = string.Empty;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var org = await db.Organisations.SingleOrDefaultAsync(o => o.Code == OrgCode);
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
        {
            AddError(nameof(Name), "apikey.error.name");
        }

        if (org is null)
        {
            AddError(nameof(OrgCode), "org.error.parent");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var (_, secret) = keys.Create(org!.Id, Name.Trim(), CurrentActor);
        await db.SaveChangesAsync();
        // Rendered directly (never redirected through TempData/cookies) so the secret exists only in this response;
        // the form on the page makes antiforgery mark the response no-store.
        NewSecret = secret;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        await keys.RevokeAsync(id, CurrentActor);
        Flash = L["apikey.revoked"];
        return Redirect(Href("admin/api-keys"));
    }

    private async Task LoadAsync()
    {
        var orgs = await db.Organisations.AsNoTracking().ToListAsync();
        var codes = orgs.ToDictionary(o => o.Id, o => o.Code);
        Keys = (await db.ApiKeys.AsNoTracking().ToListAsync()).OrderByDescending(k => k.CreatedAt)
            .Select(k => new Row(k, codes.GetValueOrDefault(k.OrganisationId, "?"))).ToList();
        Organisations = OrganisationTree.Choices(orgs, Culture);
    }
}
