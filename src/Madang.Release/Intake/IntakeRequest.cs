using System.Globalization;
using System.Text.Json.Serialization;
using Madang.Release.Domain;

namespace Madang.Release.Intake;

/// <summary>A document's metadata as internal systems send it (the manifest line and the API's JSON part).</summary>
public sealed class IntakeMetadata
{
    public string? SourceId { get; set; }
    public string? Title { get; set; }
    public string? DocumentNumber { get; set; }
    public string? Department { get; set; }
    public string? Author { get; set; }
    public string? Approver { get; set; }
    public string? ApprovalLevel { get; set; }
    public string? ApprovedAt { get; set; }
    public string? Type { get; set; }
    public string? Disclosure { get; set; }
    public List<int>? Exemptions { get; set; }
    public List<string>? Keywords { get; set; }
    public string? Language { get; set; }

    /// <summary>ISO 8601: not published before this time.</summary>
    public string? EmbargoUntil { get; set; }

    /// <summary>Manifest only: one file, or several, relative to the folder.</summary>
    public string? File { get; set; }
    public List<string>? Files { get; set; }

    [JsonIgnore]
    public IEnumerable<string> AllFiles => (Files ?? []).Concat(File is null ? [] : [File]);

    public static readonly IReadOnlyDictionary<string, ApprovalLevel> Levels = new Dictionary<string, ApprovalLevel>(StringComparer.OrdinalIgnoreCase)
    {
        ["team-lead"] = Domain.ApprovalLevel.TeamLead, ["division-head"] = Domain.ApprovalLevel.DivisionHead,
        ["director"] = Domain.ApprovalLevel.Director, ["deputy-mayor"] = Domain.ApprovalLevel.DeputyMayor, ["mayor"] = Domain.ApprovalLevel.Mayor,
    };

    public static readonly IReadOnlyDictionary<string, DocumentType> Types = new Dictionary<string, DocumentType>(StringComparer.OrdinalIgnoreCase)
    {
        ["approval"] = DocumentType.Approval, ["minutes"] = DocumentType.Minutes, ["gazette"] = DocumentType.Gazette,
        ["report"] = DocumentType.Report, ["other"] = DocumentType.Other,
    };

    public static readonly IReadOnlyDictionary<string, DisclosureClass> Classes = new Dictionary<string, DisclosureClass>(StringComparer.OrdinalIgnoreCase)
    {
        ["public"] = DisclosureClass.Public, ["partial"] = DisclosureClass.Partial, ["nonpublic"] = DisclosureClass.NonPublic,
    };

    /// <summary>Field-by-field problems, in plain words for the operator or the sending system.</summary>
    public List<string> Validate(out DateTimeOffset approvedAt)
    {
        var errors = new List<string>();
        approvedAt = default;
        if (string.IsNullOrWhiteSpace(SourceId) || SourceId.Length > 200)
        {
            errors.Add("sourceId is missing or longer than 200 characters");
        }

        if (string.IsNullOrWhiteSpace(Title) || Title.Length > 500)
        {
            errors.Add("title is missing or longer than 500 characters");
        }

        if (string.IsNullOrWhiteSpace(Department))
        {
            errors.Add("department (an organisation code) is missing");
        }

        if (ApprovalLevel is not null && !Levels.ContainsKey(ApprovalLevel))
        {
            errors.Add($"approvalLevel '{ApprovalLevel}' is not one of {string.Join(", ", Levels.Keys)}");
        }

        if (string.IsNullOrWhiteSpace(ApprovedAt) || !DateTimeOffset.TryParse(ApprovedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out approvedAt))
        {
            errors.Add($"approvedAt '{ApprovedAt}' is not an ISO 8601 date");
        }

        if (Type is not null && !Types.ContainsKey(Type))
        {
            errors.Add($"type '{Type}' is not one of {string.Join(", ", Types.Keys)}");
        }

        if (Disclosure is not null && !Classes.ContainsKey(Disclosure))
        {
            errors.Add($"disclosure '{Disclosure}' is not one of {string.Join(", ", Classes.Keys)}");
        }

        if (!string.IsNullOrWhiteSpace(EmbargoUntil) && !DateTimeOffset.TryParse(EmbargoUntil, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            errors.Add($"embargoUntil '{EmbargoUntil}' is not an ISO 8601 date");
        }

        // The columns have these lengths: PostgreSQL refuses a longer value at commit, far from the line that sent it.
        foreach (var (field, value, max) in new[] { ("author", Author, 100), ("approver", Approver, 100), ("documentNumber", DocumentNumber, 100) })
        {
            if (value?.Length > max)
            {
                errors.Add($"{field} is longer than {max} characters");
            }
        }

        if (Keywords is not null && string.Join(',', Keywords).Length > 1000)
        {
            errors.Add("keywords are longer than 1000 characters together");
        }

        if (!string.IsNullOrWhiteSpace(Language) && !IsLanguageTag(Language.Trim()))
        {
            errors.Add($"language '{Language}' is not a language tag such as ko, ja, en or zh-Hant");
        }

        if (Exemptions?.Any(e => e is < 1 or > 8) == true)
        {
            errors.Add("exemptions must be grounds 1–8");
        }

        return errors;
    }

    private static bool IsLanguageTag(string tag)
    {
        if (tag.Length > 10)
        {
            return false;
        }

        try
        {
            return !CultureInfo.GetCultureInfo(tag, predefinedOnly: true).Equals(CultureInfo.InvariantCulture);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}

/// <summary>A file arriving with a document.</summary>
public sealed record IntakeFile(string FileName, Stream Content);

/// <summary>What intake did: the document (new or existing) or why it refused.</summary>
public sealed record IntakeOutcome(ReleaseDocument? Document, bool Created, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
