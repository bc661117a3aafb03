using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Madang.Core.Privacy;

/// <summary>Phone numbers (KR, JP, TW and international, validated by libphonenumber) and e-mail addresses.</summary>
public sealed partial class ContactDetector : IPiiDetector
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private static readonly string[] Regions = ["KR", "JP", "TW"];

    // Japanese forms bracket the middle group: 090(1234)5678.
    // A trunk '0' or an international '+' is required: bare digit runs are amounts, serials and dates far more often.
    [GeneratedRegex(@"(?<![A-Za-z\d+])(?:\+\d{1,3}[-. ]?\(?0?\)?[-. ]?\d{1,4}|\(?0\d{1,4}\)?|1[568]\d{2})(?:[-. ()]{0,2}\d{2,4}){1,3}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneCandidate();

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    public IEnumerable<PiiFinding> Detect(NormalizedText text)
    {
        foreach (Match m in PhoneCandidate().Matches(text.Value))
        {
            var digits = CheckDigits.DigitsOnly(m.Value);
            if (digits.Length is < 8 or > 15 || !IsValidPhone(m.Value, digits, out var mobile))
            {
                continue;
            }

            // An office's main line or fax, named as such, is public by nature; a mobile number never is.
            if (!mobile && Context.Before(text.Value, m.Index, Context.OfficeLine, 16))
            {
                continue;
            }

            var (start, length) = text.ToOriginal(m.Index, m.Length);
            yield return new PiiFinding(PiiType.Phone, start, length, 0.9, true, "phone number valid for its numbering plan", Masks.Phone(m.Value));
        }

        foreach (var m in Emails(text.Value))
        {
            var (start, length) = text.ToOriginal(m.Index, m.Length);
            yield return new PiiFinding(PiiType.Email, start, length, 0.95, true, "e-mail address", Masks.Email(m.Value));
        }
    }

    private static readonly System.Buffers.SearchValues<char> LocalPart =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-");

    /// <summary>The same matches as <c>EmailPattern().Matches(t)</c>, but the pattern is tried only from the start of the run of
    /// local-part characters before each '@': every address has one '@', and its local part is such a run. On prose
    /// without an '@' nothing is tried at all, instead of the pattern at every letter.</summary>
    private static IEnumerable<Match> Emails(string t)
    {
        var pos = 0;
        for (var at = t.IndexOf('@', StringComparison.Ordinal); at >= 0; at = at + 1 < t.Length ? t.IndexOf('@', at + 1) : -1)
        {
            if (at < pos)
            {
                continue;
            }

            var runStart = t.AsSpan(pos, at - pos).LastIndexOfAnyExcept(LocalPart) + pos + 1;
            var m = EmailPattern().Match(t, runStart);
            if (!m.Success)
            {
                yield break; // no address starts at or after runStart, so none later either
            }

            yield return m;
            pos = m.Index + m.Length;
        }
    }

    private static bool IsValidPhone(string candidate, string digits, out bool mobile)
    {
        mobile = false;

        // Korean representative numbers (1588-xxxx) are a business's public line, never a person's.
        if (digits.Length == 8 && digits[0] == '1' && !candidate.StartsWith('+'))
        {
            return false;
        }

        foreach (var region in candidate.TrimStart().StartsWith('+') ? ["ZZ"] : Regions)
        {
            try
            {
                var number = Phones.Parse(candidate, region);
                if (Phones.IsValidNumber(number))
                {
                    mobile = Phones.GetNumberType(number) is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE;
                    return true;
                }
            }
            catch (NumberParseException)
            {
            }
        }

        return false;
    }
}
