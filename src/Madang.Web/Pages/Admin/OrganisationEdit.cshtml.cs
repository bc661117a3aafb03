using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages.Admin;

/// <summary>Edit one organisation: code, names, parent (no cycles), kind, active.</summary>
[Authorize(Policy = Policies.ManageOrganisations)]
public sealed class OrganisationEditModel(MadangDbContext db, OrganisationCommands commands) : MadangPage
{
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = string.Empty;
    [BindProperty] public OrganisationForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        var org = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Code == Code);
        if (org is null)
        {
            return NotFound();
        }

        var parent = org.ParentId is { } p ? await db.Organisations.Where(o => o.Id == p).Select(o => o.Code).SingleOrDefaultAsync() : null;
        Form = OrganisationForm.From(org, parent);
        await LoadParentsAsync(org.Id);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var org = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Code == Code);
        if (org is null)
        {
            return NotFound();
        }

        Form.Editing = true;
        var result = await commands.UpdateAsync(org.Id, Form.ToInput(), CurrentActor);
        if (!result.Succeeded)
        {
            foreach (var (field, key) in result.Errors)
            {
                AddError("Form." + field, key);
            }

            await LoadParentsAsync(org.Id);
            return Page();
        }

        Flash = L["action.saved"];
        return Redirect(Href("admin/organisations"));
    }

    private async Task LoadParentsAsync(Guid self)
    {
        var all = await db.Organisations.AsNoTracking().ToListAsync();
        var below = await OrganisationTree.DescendantsAndSelfAsync(db, self);
        Form.Parents = OrganisationTree.Flatten(all).Where(t => !below.Contains(t.Org.Id))
            .Select(t => (t.Org.Code, new string(' ', t.Depth * 2) + t.Org.Name.Get(Culture))).ToList();
    }
}
