using System.Globalization;
using System.Text.RegularExpressions;

namespace Madang.Core.Privacy;

/// <summary>Identifiers: Korean RRN/FRN, Japanese My Number, Taiwanese ID, payment cards, passports, driver licences, bank accounts.</summary>
public sealed partial class IdentifierDetector : IPiiDetector
{
    [GeneratedRegex(@"(?<![\d-])(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(\s?-\s?|\s)?([0-9])(\d{6})(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex ResidentPattern();

    [GeneratedRegex(@"(?<![\d-])\d{4}[- ]?\d{4}[- ]?\d{4}(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex MyNumberPattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Z][1289]\d{8}(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex TwIdPattern();

    [GeneratedRegex(@"(?<![\d-])(?:4\d{3}|5[1-5]\d{2}|2[2-7]\d{2}|6\d{3}|3[47]\d{2}|35\d{2}|9\d{3})(?:[- ]?\d{4}){2}[- ]?\d{1,7}(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex CardPattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:[MSROD]\d{3}[A-Z]\d{4}|[MSROD]\d{8}|[A-Z]{2}\d{7}|\d{9})(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex PassportPattern();

    [GeneratedRegex(@"(?<![\d-])(?:1[1-9]|2[0-68])[- ]?\d{2}[- ]?\d{6}[- ]?\d{2}(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex KrLicencePattern();

    [GeneratedRegex(@"(?<![\d-])\d{2,6}(?<sep>[- ])\d{2,6}\k<sep>\d{2,7}(?:\k<sep>\d{1,4})?(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex AccountPattern();

    [GeneratedRegex(@"(?<![\d-])\d{7,14}(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex DigitRunPattern();

    public IEnumerable<PiiFinding> Detect(NormalizedText text)
    {
        var t = text.Value;
        var windows = Windows(t);
        if (windows.Count == 0)
        {
            yield break;
        }

        foreach (var m in In(ResidentPattern(), t, windows))
        {
            if (Resident(text, m) is { } f)
            {
                yield return f;
            }
        }

        foreach (var m in In(MyNumberPattern(), t, windows))
        {
            var digits = CheckDigits.DigitsOnly(m.Value);
            var valid = CheckDigits.JpMyNumber(digits);
            var labelled = Context.Before(t, m.Index, Context.MyNumber);
            if (valid || labelled)
            {
                yield return Make(text, m, PiiType.JpMyNumber, valid && labelled ? 1.0 : valid ? 0.6 : 0.5, valid || labelled,
                    valid ? "12 digits with a valid My Number check digit" : "12 digits next to a My Number label", Masks.KeepTrailing(m.Value, 4));
            }
        }

        foreach (var m in In(TwIdPattern(), t, windows))
        {
            var valid = CheckDigits.TwNationalId(m.Value);
            var labelled = Context.Before(t, m.Index, Context.TwId);
            if (valid || labelled)
            {
                yield return Make(text, m, PiiType.TwNationalId, valid ? 1.0 : 0.5, true,
                    valid ? "Taiwanese ID with a valid check digit" : "Taiwanese ID format next to its label", Masks.KeepLeading(m.Value, 2));
            }
        }

        foreach (var m in In(CardPattern(), t, windows))
        {
            var digits = CheckDigits.DigitsOnly(m.Value);
            if (digits.Length is >= 13 and <= 19 && CheckDigits.Luhn(digits) && ConsistentGroups(m.Value))
            {
                yield return Make(text, m, PiiType.PaymentCard, Context.Before(t, m.Index, Context.Card) ? 1.0 : 0.8, true,
                    "card number passing the Luhn check", Masks.KeepTrailing(m.Value, 4));
            }
        }

        foreach (var m in In(PassportPattern(), t, windows))
        {
            var labelled = Context.Before(t, m.Index, Context.Passport);
            // Alone, "AB1234567" is as likely a product or file code: only a label makes it a passport.
            if (labelled)
            {
                yield return Make(text, m, PiiType.Passport, 0.9, true, "passport number next to its label", Masks.KeepLeading(m.Value, 1));
            }
        }

        foreach (var m in In(KrLicencePattern(), t, windows))
        {
            var labelled = Context.Before(t, m.Index, Context.DriverLicence);
            if (labelled || m.Value.Contains('-', StringComparison.Ordinal))
            {
                yield return Make(text, m, PiiType.DriverLicence, labelled ? 0.9 : 0.45, labelled,
                    labelled ? "driver licence number next to its label" : "Korean driver licence format", Masks.KeepLeading(m.Value, 2));
            }
        }

        foreach (var m in In(AccountPattern(), t, windows))
        {
            var digits = CheckDigits.DigitsOnly(m.Value);
            if (digits.Length is >= 10 and <= 16 && Context.Before(t, m.Index, Context.BankAccount, 30))
            {
                yield return Make(text, m, PiiType.BankAccount, 0.95, true, "account number next to a bank label", Masks.KeepTrailing(m.Value, 4));
            }
        }

        foreach (var f in LabelledDigits(text, windows))
        {
            yield return f;
        }
    }

    /// <summary>Numbers that only their label identifies: Japanese driver licences (12 digits), Japanese bank accounts
    /// (7 digits after 口座/普通/当座) and account numbers written without hyphens.</summary>
    private static IEnumerable<PiiFinding> LabelledDigits(NormalizedText text, List<(int Start, int Length)> windows)
    {
        var t = text.Value;
        foreach (var m in In(DigitRunPattern(), t, windows))
        {
            if (m.Length == 12 && Context.Before(t, m.Index, Context.DriverLicence, 30))
            {
                yield return Make(text, m, PiiType.DriverLicence, 0.9, true, "driver licence number next to its label", Masks.KeepLeading(m.Value, 2));
            }
            else if ((m.Length == 7 && Context.Before(t, m.Index, Context.JpAccount, 30))
                || (m.Length >= 10 && Context.Before(t, m.Index, Context.AccountNumber, 30)))
            {
                yield return Make(text, m, PiiType.BankAccount, 0.9, true, "account number next to its label", Masks.KeepTrailing(m.Value, 4));
            }
        }
    }

    /// <summary>Where an identifier can be: maximal runs of digits, dashes, white space and letters touching digits that hold
    /// at least six digits (no pattern here matches fewer), each widened by one character so the patterns' look-arounds
    /// see the real neighbours. Administrative prose is mostly words and short numbers (dates, amounts): the eight
    /// patterns then run over a small part of the text instead of all of it, with the same matches.</summary>
    private static List<(int Start, int Length)> Windows(string t)
    {
        var windows = new List<(int Start, int Length)>();
        var i = t.AsSpan().IndexOfAnyInRange('0', '9');
        while (i >= 0 && i < t.Length)
        {
            var start = i;
            while (start > 0 && InRun(t, start - 1))
            {
                start--;
            }

            var end = i;
            var digits = 0;
            while (end < t.Length && InRun(t, end))
            {
                digits += char.IsAsciiDigit(t[end]) ? 1 : 0;
                end++;
            }

            if (digits >= 6)
            {
                var from = Math.Max(0, start - 1);
                var to = Math.Min(t.Length, end + 1);
                if (windows.Count > 0 && windows[^1].Start + windows[^1].Length >= from)
                {
                    from = windows[^1].Start;
                    windows.RemoveAt(windows.Count - 1);
                }

                windows.Add((from, to - from));
            }

            var next = end < t.Length ? t.AsSpan(end).IndexOfAnyInRange('0', '9') : -1;
            i = next < 0 ? -1 : end + next;
        }

        return windows;
    }

    private static bool InRun(string t, int i)
    {
        var c = t[i];
        if (char.IsAsciiDigit(c) || c == '-' || char.IsWhiteSpace(c))
        {
            return true;
        }

        return char.IsAsciiLetter(c) && ((i > 0 && char.IsAsciiDigit(t[i - 1])) || (i + 1 < t.Length && char.IsAsciiDigit(t[i + 1]))
            || (i + 2 < t.Length && char.IsAsciiLetter(t[i + 1]) && char.IsAsciiDigit(t[i + 2])));
    }

    /// <summary>The pattern's matches inside the windows, at their positions in the whole text.</summary>
    private static IEnumerable<Match> In(Regex pattern, string t, List<(int Start, int Length)> windows)
    {
        foreach (var (start, length) in windows)
        {
            for (var m = pattern.Match(t, start, length); m.Success; m = m.NextMatch())
            {
                yield return m;
            }
        }
    }

    /// <summary>Card numbers are written all together or with one separator between groups; "4713548171902024"
    /// written as "471354817190 2024" is a number followed by a year.</summary>
    private static bool ConsistentGroups(string value)
    {
        var separators = value.Where(c => c is '-' or ' ').Distinct().ToList();
        if (separators.Count == 0)
        {
            return true;
        }

        var groups = value.Split(separators[0]);
        return separators.Count == 1 && groups.Length >= 3 && groups[..^1].All(g => g.Length is 4 or 6);
    }

    private static PiiFinding? Resident(NormalizedText text, Match m)
    {
        var yy = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var mm = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        var dd = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        var g = m.Groups[5].Value[0] - '0';
        var century = g switch { 1 or 2 or 5 or 6 => 1900, 3 or 4 or 7 or 8 => 2000, 9 or 0 => 1800, _ => 0 };
        if (century == 0 || dd > DateTime.DaysInMonth(century + yy, mm))
        {
            return null; // not a plausible birth date and gender/century digit
        }

        var digits = m.Groups[1].Value + m.Groups[2].Value + m.Groups[3].Value + m.Groups[5].Value + m.Groups[6].Value;
        var foreigner = g is >= 5 and <= 8;
        var separated = m.Groups[4].Success;
        var t = text.Value;
        var labelled = Context.Before(t, m.Index, foreigner ? Context.ForeignerNumber : Context.ResidentNumber)
            || Context.Before(t, m.Index, Context.ResidentNumber);
        // The check digit only raises confidence: numbers issued since October 2020 carry random digits after G.
        var checksum = foreigner ? CheckDigits.KrForeigner(digits) : CheckDigits.KrResident(digits);
        var score = Math.Min(1.0, (separated ? 0.6 : 0.45) + (checksum ? 0.4 : 0) + (labelled ? 0.35 : 0));
        var reason = (foreigner ? "foreigner registration number" : "resident registration number")
            + (checksum ? " with a valid check digit" : " (birth date and gender digit plausible)") + (labelled ? ", next to its label" : string.Empty);
        var date = m.Groups[1].Value + m.Groups[2].Value + m.Groups[3].Value;
        var sep = separated ? m.Groups[4].Value : string.Empty;
        return Make(text, m, foreigner ? PiiType.KrForeignerNumber : PiiType.KrResidentNumber, score, checksum || labelled, reason,
            date + sep + g.ToString(CultureInfo.InvariantCulture) + "******");
    }

    private static PiiFinding Make(NormalizedText text, Match m, PiiType type, double score, bool certain, string reason, string mask)
    {
        var (start, length) = text.ToOriginal(m.Index, m.Length);
        return new PiiFinding(type, start, length, score, certain, reason, mask);
    }
}
