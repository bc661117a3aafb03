namespace Madang.Core.Privacy;

/// <summary>The kinds of personal data the screener finds.</summary>
public enum PiiType
{
    KrResidentNumber,
    KrForeignerNumber,
    JpMyNumber,
    TwNationalId,
    PaymentCard,
    Passport,
    DriverLicence,
    BankAccount,
    Phone,
    Email,
    PersonName,
    Address,
    BirthDate,
}

/// <summary>One piece of personal data in a text.</summary>
/// <param name="Start">Offset in the original (un-normalised) text.</param>
/// <param name="Length">Length in the original text.</param>
/// <param name="Score">0–1 confidence.</param>
/// <param name="Certain">True when a check rule, a label or a validator confirms it: policy may mask it without a person.</param>
/// <param name="Reason">Why it was flagged, for the reviewer (never the value itself).</param>
/// <param name="Mask">What replaces it on public surfaces.</param>
public sealed record PiiFinding(PiiType Type, int Start, int Length, double Score, bool Certain, string Reason, string Mask)
{
    public int End => Start + Length;
}

/// <summary>What screening a text produced: the findings and the text with every finding masked.</summary>
public sealed record ScreeningResult(IReadOnlyList<PiiFinding> Findings, string MaskedText)
{
    public bool HasUncertain => Findings.Any(f => !f.Certain);
}

/// <summary>Per-call settings: values public by nature (officials' names, a department's public phone number).</summary>
public sealed record ScreeningOptions
{
    /// <summary>Values never masked, compared after normalisation (digits only for numbers).</summary>
    public IReadOnlyCollection<string> AllowList { get; init; } = [];

    /// <summary>Findings below this score are dropped.</summary>
    public double MinimumScore { get; init; } = 0.3;
}
