using Microsoft.AspNetCore.Mvc.ModelBinding;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Core.Organisations;
using Madang.Core.Permissions;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages.Admin;

/// <summary>The organisation tree, and a form to add to it.</summary>
[Authorize(Policy = Policies.ManageOrganisations)]
public sealed class OrganisationsModel(MadangDbContext db, OrganisationCommands commands) : MadangPage
{
    public IReadOnlyList<(Organisation Org, int Depth)> Tree { get; private set; } = [];

    [BindProperty] public OrganisationForm Form { get; set; } = new();

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await commands.CreateAsync(Form.ToInput(), CurrentActor);
        if (!result.Succeeded)
        {
            foreach (var (field, key) in result.Errors)
            {
                AddError("Form." + field, key);
            }

            await LoadAsync();
            return Page();
        }

        Flash = L["org.added", result.Value!.Code];
        return Redirect(Href("admin/organisations"));
    }

    private async Task LoadAsync()
    {
        var all = await db.Organisations.AsNoTracking().ToListAsync();
        Tree = OrganisationTree.Flatten(all);
        Form.Parents = Tree.Select(t => (t.Org.Code, new string(' ', t.Depth * 2) + t.Org.Name.Get(Culture))).ToList();
    }
}

/// <summary>The fields of an organisation, as the admin form posts them.</summary>
public sealed class OrganisationForm
{
    public string Code { get; set; } = string.Empty;
    public string? ParentCode { get; set; }
    public OrganisationKind Kind { get; set; } = OrganisationKind.Division;
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
    public string? NameKo { get; set; }
    public string? NameJa { get; set; }
    public string? NameEn { get; set; }
    public string? NameZhHans { get; set; }
    public string? NameZhHant { get; set; }
    public bool Editing { get; set; }

    [BindNever] public IReadOnlyList<(string Code, string Label)> Parents { get; set; } = [];

    public OrganisationInput ToInput() =>
        new(Code, new LocalizedText { Ko = NameKo, Ja = NameJa, En = NameEn, ZhHans = NameZhHans, ZhHant = NameZhHant }, ParentCode, Kind, SortOrder, IsActive);

    public static OrganisationForm From(Organisation o, string? parentCode) => new()
    {
        Code = o.Code, ParentCode = parentCode, Kind = o.Kind, SortOrder = o.SortOrder, IsActive = o.IsActive,
        NameKo = o.Name.Ko, NameJa = o.Name.Ja, NameEn = o.Name.En, NameZhHans = o.Name.ZhHans, NameZhHant = o.Name.ZhHant, Editing = true,
    };
}

/// <summary>Policy names for the kernel's permissions, usable in attributes.</summary>
public static class Policies
{
    public const string ManageOrganisations = Permission.PolicyPrefix + "core.organisations.manage";
    public const string ManagePeople = Permission.PolicyPrefix + "core.people.manage";
    public const string ManageSettings = Permission.PolicyPrefix + "core.settings.manage";
    public const string ManageApiKeys = Permission.PolicyPrefix + "core.apikeys.manage";
    public const string ReadAudit = Permission.PolicyPrefix + "core.audit.read";
    public const string ManageJobs = Permission.PolicyPrefix + "core.jobs.manage";
}
