using Madang.Core.Privacy;
using Madang.Release.Domain;

namespace Madang.Release.Policy;

/// <summary>What the city decided about release: which findings wait for a person, which documents go out now, and who must agree.</summary>
/// <remarks>Stored as JSON in a new <see cref="ReleasePolicyVersion"/> each time an administrator saves it, so every decision can be
/// traced to the rules in force when it was taken.</remarks>
public sealed record ReleasePolicy
{
    /// <summary>When true, any finding at all sends the document to review (a cautious city's choice).</summary>
    public bool ReviewAnyFinding { get; init; }

    /// <summary>Uncertain findings scoring at or above this go to a reviewer; below it they are masked without one
    /// (over-masking costs a reader a word, under-masking costs a citizen their privacy).</summary>
    public double UncertainThreshold { get; init; }

    /// <summary>Finding types that always send the document to review, even when certain.</summary>
    public IReadOnlyList<PiiType> SensitiveTypes { get; init; } = [];

    /// <summary>Withholding a document needs a second reviewer's agreement.</summary>
    public bool FourEyesWithhold { get; init; }

    /// <summary>Unmasking a finding the screener was certain of needs a second reviewer's agreement.</summary>
    public bool FourEyesOverride { get; init; }

    /// <summary>Rules tried in order; the first that matches decides. None matching means <see cref="RuleAction.Release"/>.</summary>
    public IReadOnlyList<ReleaseRule> Rules { get; init; } = [];

    /// <summary>The policy in force before an administrator saves one: screening decides, everything else is released.</summary>
    public static ReleasePolicy Default { get; } = new();

    /// <summary>The first rule matching the document, and its 1-based position (0 when none matched).</summary>
    public (RuleAction Action, int Rule) Decide(ReleaseDocument doc, IReadOnlyCollection<string> departmentCodes)
    {
        for (var i = 0; i < Rules.Count; i++)
        {
            if (Rules[i].Matches(doc, departmentCodes))
            {
                return (Rules[i].Action, i + 1);
            }
        }

        return (RuleAction.Release, 0);
    }

    /// <summary>Why the screening result sends a document to review under this policy (empty: it need not wait for a person).</summary>
    public IReadOnlyList<StateReason> ReviewReasons(IReadOnlyCollection<ReleaseFinding> findings, bool scanned, DisclosureClass disclosure)
    {
        var reasons = new List<StateReason>();
        if (scanned)
        {
            reasons.Add(new StateReason("scanned"));
        }

        var uncertain = findings.Count(f => !f.Certain && f.Score >= UncertainThreshold);
        if (uncertain > 0)
        {
            reasons.Add(new StateReason("uncertain", uncertain.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var sensitive = findings.Where(f => SensitiveTypes.Contains(f.Type)).Select(f => f.Type).Distinct().ToList();
        if (sensitive.Count > 0)
        {
            reasons.Add(new StateReason("sensitive", string.Join(' ', sensitive)));
        }

        if (ReviewAnyFinding && findings.Count > 0 && uncertain == 0 && sensitive.Count == 0)
        {
            reasons.Add(new StateReason("anyfinding", findings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (disclosure == DisclosureClass.Partial)
        {
            reasons.Add(new StateReason("partial"));
        }

        return reasons;
    }

    /// <summary>How sensitive a document in review is, for ordering the queue: identifiers with check rules weigh most.</summary>
    public static int Sensitivity(IEnumerable<ReleaseFinding> findings) =>
        findings.Where(f => f.Decision != FindingDecision.Rejected).Sum(f => f.Type switch
        {
            PiiType.KrResidentNumber or PiiType.KrForeignerNumber or PiiType.JpMyNumber or PiiType.TwNationalId => 10,
            PiiType.PaymentCard or PiiType.Passport or PiiType.DriverLicence or PiiType.BankAccount => 6,
            PiiType.BirthDate or PiiType.Address => 3,
            _ => 1,
        });
}

/// <summary>One release rule: every condition that is set must hold.</summary>
public sealed record ReleaseRule
{
    /// <summary>Only documents of this disclosure class.</summary>
    public DisclosureClass? Disclosure { get; init; }

    /// <summary>Only documents approved at this level or above.</summary>
    public ApprovalLevel? MinimumLevel { get; init; }

    /// <summary>Only documents below this level (with <see cref="MinimumLevel"/>, a band).</summary>
    public ApprovalLevel? BelowLevel { get; init; }

    /// <summary>Only documents of this department or any department under it (organisation code).</summary>
    public string? Department { get; init; }

    /// <summary>Only documents of this type.</summary>
    public DocumentType? Type { get; init; }

    public RuleAction Action { get; init; }

    /// <summary>True when every set condition holds; <paramref name="departmentCodes"/> are the document's department and its ancestors.</summary>
    public bool Matches(ReleaseDocument doc, IReadOnlyCollection<string> departmentCodes) =>
        (Disclosure is null || doc.Disclosure == Disclosure)
        && (MinimumLevel is null || doc.ApprovalLevel >= MinimumLevel)
        && (BelowLevel is null || doc.ApprovalLevel < BelowLevel)
        && (Department is null || departmentCodes.Contains(Department, StringComparer.OrdinalIgnoreCase))
        && (Type is null || doc.Type == Type);
}

/// <summary>What a matching rule does with a document.</summary>
public enum RuleAction
{
    /// <summary>Released as screening allows: masked automatically, or reviewed when screening asks for it.</summary>
    Release = 0,

    /// <summary>Always seen by a reviewer before release.</summary>
    Review = 1,

    /// <summary>Not yet: waits until a later phase of the roll-out releases it.</summary>
    Defer = 2,
}

/// <summary>One reason for a document's state, as a code and an optional argument, rendered in the reader's language.</summary>
public sealed record StateReason(string Code, string? Argument = null)
{
    /// <summary>Stored form: <c>code</c> or <c>code:argument</c>, reasons separated by <c>|</c>.</summary>
    public static string Join(IEnumerable<StateReason> reasons) =>
        string.Join('|', reasons.Select(r => r.Argument is null ? r.Code : r.Code + ":" + r.Argument.Replace('|', '/')));

    public static IReadOnlyList<StateReason> Parse(string? stored) =>
        string.IsNullOrEmpty(stored)
            ? []
            : stored.Split('|').Select(p => p.IndexOf(':', StringComparison.Ordinal) is var i and > 0 ? new StateReason(p[..i], p[(i + 1)..]) : new StateReason(p)).ToList();
}
