using Madang.Core.Data;
using Madang.Core.Permissions;
using Madang.Core.Privacy;
using Madang.Core.Web;
using Madang.Release.Domain;
using Madang.Release.Policy;
using Madang.Release.Processing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Pages.Admin.Release;

/// <summary>Administrators edit the release policy: what waits for a reviewer, the roll-out rules, the four-eyes rule. Each save is a new version.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "release.policy")]
public sealed class ReleasePolicyModel(MadangDbContext db, ReleasePolicyStore policies, Publisher publisher) : MadangPage
{
    /// <summary>Empty rows offered for new rules (the page works without JavaScript, so rows cannot be added in place).</summary>
    public const int NewRows = 2;

    [BindProperty] public PolicyForm Form { get; set; } = new();

    public int Version { get; private set; }
    public IReadOnlyList<ReleasePolicyVersion> History { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> Editors { get; private set; } = new Dictionary<Guid, string>();
    public IReadOnlyList<string> DepartmentCodes { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var (version, policy) = await policies.CurrentAsync(HttpContext.RequestAborted);
        Form = PolicyForm.From(policy);
        await LoadAsync(version);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var policy = Form.ToPolicy();
        var errors = (await policies.ValidateAsync(policy, HttpContext.RequestAborted)).ToList();
        if (string.IsNullOrWhiteSpace(Form.Note))
        {
            errors.Add("release.policy.error.note");
        }

        if (errors.Count > 0)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync((await policies.CurrentAsync(HttpContext.RequestAborted)).Version);
            return Page();
        }

        var version = await publisher.SavePolicyAsync(policy, Form.Note!, CurrentActor, HttpContext.RequestAborted);
        Flash = L["release.policy.saved", version];
        return Redirect(Href("admin/release/policy"));
    }

    private async Task LoadAsync(int version)
    {
        Version = version;
        History = await policies.HistoryAsync(HttpContext.RequestAborted);
        var ids = History.Select(h => h.CreatedBy).OfType<Guid>().Distinct().ToList();
        Editors = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName);
        DepartmentCodes = await db.Organisations.OrderBy(o => o.Code).Select(o => o.Code).ToListAsync();
        while (Form.Rules.Count(r => r.Action is null) < NewRows)
        {
            Form.Rules.Add(new RuleRow());
        }

        Response.Headers.CacheControl = "no-store";
    }

    /// <summary>The policy as the form posts it.</summary>
    public sealed class PolicyForm
    {
        public bool ReviewAnyFinding { get; set; }
        public double UncertainThreshold { get; set; }
        public List<PiiType> SensitiveTypes { get; set; } = [];
        public bool FourEyesWithhold { get; set; }
        public bool FourEyesOverride { get; set; }
        public List<RuleRow> Rules { get; set; } = [];
        public string? Note { get; set; }

        public static PolicyForm From(ReleasePolicy p) => new()
        {
            ReviewAnyFinding = p.ReviewAnyFinding, UncertainThreshold = p.UncertainThreshold, SensitiveTypes = [.. p.SensitiveTypes],
            FourEyesWithhold = p.FourEyesWithhold, FourEyesOverride = p.FourEyesOverride,
            Rules = p.Rules.Select((r, i) => new RuleRow
            {
                Order = i + 1, Disclosure = r.Disclosure, MinimumLevel = r.MinimumLevel, BelowLevel = r.BelowLevel, Department = r.Department, Type = r.Type, Action = r.Action,
            }).ToList(),
        };

        public ReleasePolicy ToPolicy() => new()
        {
            ReviewAnyFinding = ReviewAnyFinding,
            UncertainThreshold = UncertainThreshold,
            SensitiveTypes = SensitiveTypes.Distinct().Order().ToList(),
            FourEyesWithhold = FourEyesWithhold,
            FourEyesOverride = FourEyesOverride,
            Rules = Rules.Select((r, i) => (r, i)).Where(x => x.r.Action is not null && !x.r.Remove)
                .OrderBy(x => x.r.Order ?? int.MaxValue).ThenBy(x => x.i)
                .Select(x => new ReleaseRule
                {
                    Disclosure = x.r.Disclosure, MinimumLevel = x.r.MinimumLevel, BelowLevel = x.r.BelowLevel,
                    Department = string.IsNullOrWhiteSpace(x.r.Department) ? null : x.r.Department.Trim(), Type = x.r.Type, Action = x.r.Action!.Value,
                }).ToList(),
        };
    }

    /// <summary>One rule row of the form; a row without an action is an unused new row.</summary>
    public sealed class RuleRow
    {
        public int? Order { get; set; }
        public bool Remove { get; set; }
        public DisclosureClass? Disclosure { get; set; }
        public ApprovalLevel? MinimumLevel { get; set; }
        public ApprovalLevel? BelowLevel { get; set; }
        public string? Department { get; set; }
        public DocumentType? Type { get; set; }
        public RuleAction? Action { get; set; }
    }
}
