using Madang.Core.Privacy;

namespace Madang.Release.Domain;

/// <summary>An approved document on its way from an internal system to the public, in exactly one state at a time.</summary>
public sealed class ReleaseDocument
{
    public Guid Id { get; set; }

    /// <summary>The sending system (its API key's name, or "import" for the command), part of the idempotency key.</summary>
    public required string SourceSystem { get; set; }

    public required string SourceId { get; set; }

    /// <summary>The title as received. Internal: public surfaces use <see cref="MaskedTitle"/>.</summary>
    public required string Title { get; set; }

    public string? DocumentNumber { get; set; }

    public Guid OrganisationId { get; set; }

    public string? Author { get; set; }

    public string? Approver { get; set; }

    public ApprovalLevel ApprovalLevel { get; set; }

    public DateTimeOffset ApprovedAt { get; set; }

    public DocumentType Type { get; set; }

    public DisclosureClass Disclosure { get; set; }

    /// <summary>Exemption grounds (art. 9(1) items), comma-separated: "6" or "5,6".</summary>
    public string Exemptions { get; set; } = string.Empty;

    /// <summary>Keywords, comma-separated.</summary>
    public string Keywords { get; set; } = string.Empty;

    public string Language { get; set; } = "ko";

    public DocumentState State { get; set; }

    /// <summary>Why the document is in its state, for staff (never document text): reason codes with arguments, see
    /// <see cref="Policy.StateReason"/>; rendered in the reader's language.</summary>
    public string? StateReason { get; set; }

    /// <summary>When a reviewer last approved it: a rule that asks for review is then satisfied.</summary>
    public DateTimeOffset? ReviewedAt { get; set; }

    /// <summary>Weight of the findings still masked (identifiers with check rules weigh most): orders the review queue.</summary>
    public int Sensitivity { get; set; }

    /// <summary>The release policy version that decided the document's route (0: the built-in default).</summary>
    public int PolicyVersion { get; set; }

    /// <summary>The extracted text. Internal only.</summary>
    public string? ExtractedText { get; set; }

    public string? MaskedTitle { get; set; }

    /// <summary>The public text, every finding masked; null for metadata-only publication.</summary>
    public string? MaskedText { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>Not published before this time, even when everything else allows it.</summary>
    public DateTimeOffset? EmbargoUntil { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }

    public string? WithdrawalReason { get; set; }

    public List<ReleaseFile> Files { get; set; } = [];

    public List<ReleaseFinding> Findings { get; set; } = [];

    public bool IsPublic => State is DocumentState.Published;
}

/// <summary>A file that came with a document, stored by content hash.</summary>
public sealed class ReleaseFile
{
    public Guid Id { get; set; }

    public Guid DocumentId { get; set; }

    public required string FileName { get; set; }

    public required string Sha256 { get; set; }

    public long Length { get; set; }

    /// <summary>The name the public sees: the file name with any finding in it masked; null until the file was screened.</summary>
    public string? PublicName { get; set; }

    /// <summary>Some of the file was never screened (a page without a text layer, images), so its original is never cleared.</summary>
    public bool Unscreened { get; set; }

    /// <summary>Where this file's text starts in the document's extracted text, so its masked rendition is its own text.</summary>
    public int TextStart { get; set; }

    public int TextLength { get; set; }

    /// <summary>This file's text with every mask the document's text got, written at publication; what is offered instead of an
    /// original that is not cleared.</summary>
    public string? MaskedText { get; set; }

    /// <summary>Decided at publication: the original may be downloaded because nothing in the document or this file's name
    /// needed a mask, every page was read, and the whole document is public.</summary>
    public bool OriginalCleared { get; set; }
}

/// <summary>A keyword of a published document (the author's, then extracted ones), for related documents and keyword pages.</summary>
public sealed class ReleaseDocumentKeyword
{
    public Guid DocumentId { get; set; }

    /// <summary>The folded form that is matched and put in URLs (see <see cref="Processing.Keywords.Key"/>).</summary>
    public required string Key { get; set; }

    /// <summary>The keyword as shown.</summary>
    public required string Text { get; set; }

    /// <summary>Author keywords first, then extracted ones by score.</summary>
    public int Position { get; set; }
}

/// <summary>A screening finding on a document, and what was decided about it.</summary>
public sealed class ReleaseFinding
{
    public long Id { get; set; }

    public Guid DocumentId { get; set; }

    public PiiType Type { get; set; }

    /// <summary>Where: "title", "text" or "file".</summary>
    public required string Field { get; set; }

    public int Start { get; set; }

    public int Length { get; set; }

    public double Score { get; set; }

    public bool Certain { get; set; }

    public required string Reason { get; set; }

    public required string Mask { get; set; }

    public FindingDecision Decision { get; set; }
}

/// <summary>The single switch that stops all publication.</summary>
public sealed class ReleaseControl
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public bool Hold { get; set; }

    public string? HoldReason { get; set; }

    public DateTimeOffset? HoldSince { get; set; }
}

/// <summary>Where a document is.</summary>
public enum DocumentState
{
    Received = 0,
    Failed = 1,
    InReview = 2,
    Waiting = 3,
    Published = 4,
    Withheld = 5,
    Withdrawn = 6,
}

/// <summary>The approving official's level.</summary>
public enum ApprovalLevel
{
    TeamLead = 0,
    DivisionHead = 1,
    Director = 2,
    DeputyMayor = 3,
    Mayor = 4,
}

/// <summary>Kinds of documents.</summary>
public enum DocumentType
{
    Approval = 0,
    Minutes = 1,
    Gazette = 2,
    Report = 3,
    Other = 4,
}

/// <summary>What the approver decided about disclosure.</summary>
public enum DisclosureClass
{
    Public = 0,
    Partial = 1,
    NonPublic = 2,
}

/// <summary>A finding's fate.</summary>
public enum FindingDecision
{
    Pending = 0,
    MaskedAutomatically = 1,
    Confirmed = 2,
    Rejected = 3,
}

/// <summary>One saved version of the release policy; the highest version is in force.</summary>
public sealed class ReleasePolicyVersion
{
    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who saved it (a user id), null for the command line.</summary>
    public Guid? CreatedBy { get; set; }

    /// <summary>What changed and why, in the administrator's words.</summary>
    public string Note { get; set; } = string.Empty;

    /// <summary>The policy as JSON (<see cref="Policy.ReleasePolicy"/>).</summary>
    public required string Json { get; set; }
}

/// <summary>A reviewer's decision that waits for a second reviewer under the four-eyes rule.</summary>
public sealed class ReleaseReviewProposal
{
    public Guid DocumentId { get; set; }

    public Guid ProposedBy { get; set; }

    public DateTimeOffset ProposedAt { get; set; }

    public bool Approve { get; set; }

    /// <summary>The exemption ground (1–8) when withholding.</summary>
    public int? Ground { get; set; }

    /// <summary>Findings the first reviewer would unmask, comma-separated ids.</summary>
    public string Rejected { get; set; } = string.Empty;

    /// <summary>Text the first reviewer would mask by hand, one per line.</summary>
    public string ExtraMasks { get; set; } = string.Empty;
}
