namespace Madang.Core.Privacy;

/// <summary>A detector of one family of personal data, matching on normalised text.</summary>
public interface IPiiDetector
{
    IEnumerable<PiiFinding> Detect(NormalizedText text);
}

/// <summary>Layer 1 screening: runs every detector, drops allow-listed values, resolves overlaps and masks.</summary>
/// <remarks>A kernel service: documents, questions, proposals, comments and forwarded messages are screened alike.</remarks>
public sealed class PiiScreener
{
    private readonly IReadOnlyList<IPiiDetector> detectors;

    public PiiScreener()
        : this([new IdentifierDetector(), new ContactDetector(), new LabelledDetector(), new HonorificNameDetector()])
    {
    }

    public PiiScreener(IReadOnlyList<IPiiDetector> detectors) => this.detectors = detectors;

    public ScreeningResult Screen(string? text, ScreeningOptions? options = null)
    {
        options ??= new ScreeningOptions();
        if (string.IsNullOrEmpty(text))
        {
            return new ScreeningResult([], text ?? string.Empty);
        }

        var normalized = new NormalizedText(text);
        var allow = options.AllowList.Select(AllowKey).Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);
        var candidates = detectors.SelectMany(d => d.Detect(normalized))
            .Where(f => f.Score >= options.MinimumScore)
            .Where(f => allow.Count == 0 || !allow.Contains(AllowKey(text.Substring(f.Start, f.Length))));

        // Overlaps: keep the stronger finding (certain first, then score, then the longer span).
        var kept = new List<PiiFinding>();
        foreach (var f in candidates.OrderByDescending(f => f.Certain).ThenByDescending(f => f.Score).ThenByDescending(f => f.Length).ThenBy(f => f.Start))
        {
            if (!kept.Any(k => f.Start < k.End && k.Start < f.End))
            {
                kept.Add(f);
            }
        }

        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        return new ScreeningResult(kept, Apply(text, kept));
    }

    /// <summary>Replaces each finding with its mask. Findings must not overlap.</summary>
    public static string Apply(string text, IEnumerable<PiiFinding> findings)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        var pos = 0;
        foreach (var f in findings.OrderBy(f => f.Start))
        {
            if (f.Start < pos)
            {
                continue;
            }

            sb.Append(text, pos, f.Start - pos).Append(f.Mask);
            pos = f.End;
        }

        return sb.Append(text, pos, text.Length - pos).ToString();
    }

    /// <summary>Numbers compare by their digits (so 02-120 and 02 120 match); other values by their folded text.</summary>
    private static string AllowKey(string value)
    {
        var folded = new NormalizedText(value).Value.Trim();
        var digits = CheckDigits.DigitsOnly(folded);
        return digits.Length >= 6 && digits.Length * 2 >= folded.Count(c => !char.IsWhiteSpace(c)) ? digits : folded.ToLowerInvariant();
    }
}
