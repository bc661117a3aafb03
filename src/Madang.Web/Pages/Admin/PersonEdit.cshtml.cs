using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Organisations;
using Madang.Core.Permissions;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages.Admin;

/// <summary>An administrator sets a person's roles and department memberships, or lifts a lockout.</summary>
[Authorize(Policy = Policies.ManagePeople)]
public sealed class PersonEditModel(MadangDbContext db, UserManager<MadangUser> users, AuditLog audit, TimeProvider clock) : MadangPage
{
    public MadangUser Person { get; private set; } = default!;
    public bool LockedOut { get; private set; }
    public IReadOnlyList<(Organisation Org, int Depth)> Tree { get; private set; } = [];

    [BindProperty] public List<string> SelectedRoles { get; set; } = [];
    [BindProperty] public List<string> SelectedOrganisations { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        SelectedRoles = (await users.GetRolesAsync(Person)).ToList();
        SelectedOrganisations = await (from m in db.Memberships join o in db.Organisations on m.OrganisationId equals o.Id where m.UserId == id select o.Code).ToListAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        var wanted = SelectedRoles.Where(r => Roles.All.Contains(r)).Distinct().ToList();
        var current = await users.GetRolesAsync(Person);
        var self = Actor.From(User).UserId == id;
        if (self && current.Contains(Roles.Administrator) && !wanted.Contains(Roles.Administrator))
        {
            // An administrator removing their own role could leave the city with nobody able to manage it.
            AddError(string.Empty, "people.error.selfadmin");
            return Page();
        }

        await using var tx = await db.Database.BeginTransactionAsync();
        await users.RemoveFromRolesAsync(Person, current.Except(wanted));
        await users.AddToRolesAsync(Person, wanted.Except(current));

        var orgs = await db.Organisations.Where(o => SelectedOrganisations.Contains(o.Code)).ToListAsync();
        var existing = await db.Memberships.Where(m => m.UserId == id).ToListAsync();
        db.Memberships.RemoveRange(existing.Where(m => orgs.All(o => o.Id != m.OrganisationId)));
        foreach (var o in orgs.Where(o => existing.All(m => m.OrganisationId != o.Id)))
        {
            db.Memberships.Add(new Membership { UserId = id, OrganisationId = o.Id, CreatedAt = clock.GetUtcNow() });
        }

        audit.Record(CurrentActor, "core.user.access-changed", "user", id.ToString(), new
        {
            Roles = wanted,
            Organisations = orgs.Select(o => o.Code).ToList(),
        });
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        await users.UpdateSecurityStampAsync(Person); // their next request picks up the new roles
        Flash = L["action.saved"];
        return Redirect(Href("admin/people/" + id));
    }

    public async Task<IActionResult> OnPostUnlockAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        await users.SetLockoutEndDateAsync(Person, null);
        await users.ResetAccessFailedCountAsync(Person);
        audit.Record(CurrentActor, "core.user.unlocked", "user", id.ToString());
        await db.SaveChangesAsync();
        Flash = L["action.saved"];
        return Redirect(Href("admin/people/" + id));
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var person = await users.FindByIdAsync(id.ToString());
        if (person is null)
        {
            return false;
        }

        Person = person;
        LockedOut = await users.IsLockedOutAsync(person);
        Tree = OrganisationTree.Flatten(await db.Organisations.AsNoTracking().ToListAsync());
        return true;
    }
}
