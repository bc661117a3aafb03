namespace Madang.Requests.Domain;

/// <summary>
/// A question or a formal disclosure request (or an objection to a decision), from a citizen to the department that
/// owns what it is about. Public surfaces show only <see cref="PublicSubject"/>, <see cref="PublicText"/> and the
/// answer's public text; staff see what was written. The state is kept by the department, never by the requester.
/// </summary>
public sealed class Request
{
    public long Id { get; set; }

    public RequestKind Kind { get; set; }

    /// <summary>The requester; null for an anonymous question, whose answer is then only public.</summary>
    public Guid? RequesterId { get; set; }

    public required string Subject { get; set; }

    public string Text { get; set; } = string.Empty;

    public string PublicSubject { get; set; } = string.Empty;

    public string PublicText { get; set; } = string.Empty;

    /// <summary>Disclosure requests: why the information is wanted (optional by law).</summary>
    public string? Purpose { get; set; }

    /// <summary>Disclosure requests: viewing, copy or electronic.</summary>
    public DisclosureForm? Form { get; set; }

    /// <summary>What the request is about, through the kernel's resource links (e.g. <c>document</c>, <c>dataset</c>).</summary>
    public string? AboutType { get; set; }

    public string? AboutKey { get; set; }

    /// <summary>The title of what it is about when asked, so the request still reads if the resource goes.</summary>
    public string? AboutTitle { get; set; }

    public string? AboutPath { get; set; }

    /// <summary>A category from the rules file, for standalone questions routed by category.</summary>
    public string? Category { get; set; }

    /// <summary>The department responsible now (changes on transfer).</summary>
    public Guid? OrganisationId { get; set; }

    /// <summary>The requester keeps it private: only they and staff see it. Anonymous questions are always public.</summary>
    public bool IsPrivate { get; set; }

    public bool ByEmail { get; set; } = true;

    public bool BySms { get; set; }

    /// <summary>The language it was written in; messages go in the requester's own language.</summary>
    public string Language { get; set; } = "ko";

    public RequestState State { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset AcknowledgeBy { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>When the answer or decision is due (moved by an extension).</summary>
    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? ExtendedAt { get; set; }

    public DateTimeOffset? ReminderSentAt { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public Outcome? Outcome { get; set; }

    /// <summary>The answer or the decision's reasoning as written by staff.</summary>
    public string? Answer { get; set; }

    /// <summary>The answer as the public reads it: screened and masked like the question.</summary>
    public string? PublicAnswer { get; set; }

    /// <summary>The legal grounds for not disclosing (e.g. Korea's art. 9(1) items).</summary>
    public string? Grounds { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>An objection names the request whose decision it contests.</summary>
    public long? ObjectionTo { get; set; }

    /// <summary>The requester's rating after closing, 1 to 5.</summary>
    public int? Rating { get; set; }

    /// <summary>Reports: the service category (its Open311 <c>service_code</c>) from the rules file.</summary>
    public string? ServiceCode { get; set; }

    /// <summary>Reports: where, as a point (WGS 84) and/or an address.</summary>
    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public string? Address { get; set; }

    /// <summary>The address as the public reads it: screened like the text (a report may name someone's home).</summary>
    public string? PublicAddress { get; set; }

    /// <summary>Reports: the service's attribute answers as JSON (<c>{"code": "value" or ["v1", "v2"]}</c>).</summary>
    public string? Attributes { get; set; }

    /// <summary>Reports sent through Open311: the token a client may look the request up by.</summary>
    public string? Token { get; set; }

    /// <summary>Reports from an Open311 client with no account here: who to call back. Staff only, never in an API.</summary>
    public string? ContactName { get; set; }

    public string? ContactEmail { get; set; }

    public string? ContactPhone { get; set; }

    /// <summary>A photo link an Open311 client sent (staff only: the public sees only photos cleaned here).</summary>
    public string? ClientMediaUrl { get; set; }

    /// <summary>The API key of the Open311 client that sent it, if any.</summary>
    public Guid? ClientKeyId { get; set; }

    /// <summary>The latest status note staff wrote, as the public reads it (Open311's <c>status_notes</c>).</summary>
    public string? PublicStatusNote { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// A disclosure decided against a third party's objection is carried out only after this moment, so the third party
    /// can contest it first (Korea's disclosure act, art. 21(3): at least 30 days after the decision).
    /// </summary>
    public DateTimeOffset? DiscloseAfter { get; set; }

    /// <summary>Open311's two states: a request is open until it is answered (fixed, declined…).</summary>
    public bool IsOpen => State is not (RequestState.Answered or RequestState.Closed);

    /// <summary>Whether the answer counts as late: given (or still missing) after <see cref="DueAt"/>.</summary>
    public bool IsOverdue(DateTimeOffset now) => AnsweredAt is { } a ? a > DueAt : now > DueAt && State is not RequestState.Closed;
}

/// <summary>What kind of request.</summary>
public enum RequestKind
{
    Question = 0,
    Disclosure = 1,
    Objection = 2,
    /// <summary>A place reported on a map (a pothole, a broken lamp), in a service category; Open311's service request.</summary>
    Report = 3,
}

/// <summary>The form in which information is to be disclosed.</summary>
public enum DisclosureForm
{
    Viewing = 0,
    Copy = 1,
    Electronic = 2,
}

/// <summary>Where a request is: received → acknowledged → (extended) → answered or decided → closed.</summary>
public enum RequestState
{
    Received = 0,
    Acknowledged = 1,
    Extended = 2,
    Answered = 3,
    Closed = 4,
}

/// <summary>How a request was answered or decided.</summary>
public enum Outcome
{
    /// <summary>A question answered.</summary>
    Answered = 0,
    Disclosed = 1,
    PartlyDisclosed = 2,
    NotDisclosed = 3,
    NotHeld = 4,
    /// <summary>Sent to another public body, which holds the information.</summary>
    Transferred = 5,
    /// <summary>An objection upheld: the decision is changed.</summary>
    Upheld = 6,
    /// <summary>An objection dismissed: the decision stands.</summary>
    Dismissed = 7,
    /// <summary>A report dealt with: the pothole filled, the lamp fixed.</summary>
    Resolved = 8,
    /// <summary>A report not acted on, with the reason (not the city's, a duplicate, nothing found).</summary>
    Declined = 9,
}

/// <summary>
/// A file a requester attached to a question or a disclosure request (a letter, a screenshot). Seen only by the
/// requester and the department: it may hold anything, so it never reaches a public surface.
/// </summary>
public sealed class RequestAttachment
{
    public long Id { get; set; }

    public long RequestId { get; set; }

    public int Position { get; set; }

    public required string Sha256 { get; set; }

    public long Length { get; set; }

    public required string FileName { get; set; }
}

/// <summary>A cleaned photo attached to a report, with its description.</summary>
public sealed class RequestPhoto
{
    public long Id { get; set; }

    public long RequestId { get; set; }

    /// <summary>1, 2, 3… in the order given; part of the photo's address.</summary>
    public int Position { get; set; }

    /// <summary>The cleaned JPEG in the kernel's file store.</summary>
    public required string Sha256 { get; set; }

    public long Length { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public required string Alt { get; set; }

    public required string PublicAlt { get; set; }
}

/// <summary>One step in a request's public timeline: every transition is recorded (and audited) with who and why.</summary>
public sealed class RequestEvent
{
    public long Id { get; set; }

    public long RequestId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Kind { get; set; }

    /// <summary>The member of staff, or null for the requester or the system.</summary>
    public Guid? ActorId { get; set; }

    /// <summary>For a transfer: the department it came from and went to.</summary>
    public Guid? FromOrganisationId { get; set; }

    public Guid? ToOrganisationId { get; set; }

    /// <summary>A reason as written (staff only), and as the public reads it.</summary>
    public string? Note { get; set; }

    public string? PublicNote { get; set; }

    /// <summary>A deadline this step set (the new due date of an extension).</summary>
    public DateTimeOffset? Until { get; set; }
}

/// <summary>The one rules file (YAML or JSON) stored whole with a revision counter, like a process file.</summary>
public sealed class RulesDocument
{
    public int Id { get; set; } = 1;

    public string Definition { get; set; } = string.Empty;

    public int Revision { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// A disclosure decided against a third party's objection is carried out only after this moment, so the third party
    /// can contest it first (Korea's disclosure act, art. 21(3): at least 30 days after the decision).
    /// </summary>
    public DateTimeOffset? DiscloseAfter { get; set; }
}
