namespace Madang.Core.Privacy;

/// <summary>The check rules of the identifiers the screener knows (see shared/reference/privacy-law-and-pii.md C.2).</summary>
public static class CheckDigits
{
    /// <summary>Korean RRN (and, by python-stdnum, FRN): weights 2…9,2…5, C = (11 − S mod 11) mod 10.</summary>
    public static bool KrResident(string digits13)
    {
        int[] w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
        var s = 0;
        for (var i = 0; i < 12; i++)
        {
            s += (digits13[i] - '0') * w[i];
        }

        return (11 - (s % 11)) % 10 == digits13[12] - '0';
    }

    /// <summary>Korean foreigner registration number: C = (13 − S mod 11) mod 10.</summary>
    public static bool KrForeigner(string digits13)
    {
        int[] w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
        var s = 0;
        for (var i = 0; i < 12; i++)
        {
            s += (digits13[i] - '0') * w[i];
        }

        return (13 - (s % 11)) % 10 == digits13[12] - '0' || KrResident(digits13);
    }

    /// <summary>Japanese My Number: weights 6,5,4,3,2,7,6,5,4,3,2 from the left; C = 0 if r ≤ 1 else 11 − r.</summary>
    public static bool JpMyNumber(string digits12)
    {
        int[] w = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
        var s = 0;
        for (var i = 0; i < 11; i++)
        {
            s += (digits12[i] - '0') * w[i];
        }

        var r = s % 11;
        return (r <= 1 ? 0 : 11 - r) == digits12[11] - '0';
    }

    private const string TwLetters = "ABCDEFGHJKLMNPQRSTUVXYWZIO";

    /// <summary>Taiwanese national ID: the letter's two digits, weights 1,9,8,…,1 and the check digit sum to 0 mod 10.</summary>
    public static bool TwNationalId(string id)
    {
        var idx = TwLetters.IndexOf(id[0], StringComparison.Ordinal);
        if (idx < 0)
        {
            return false;
        }

        var code = idx + 10;
        var s = (code / 10) + (9 * (code % 10));
        for (var i = 1; i < 9; i++)
        {
            s += (id[i] - '0') * (9 - i);
        }

        s += id[9] - '0';
        return s % 10 == 0;
    }

    /// <summary>Luhn (payment cards).</summary>
    public static bool Luhn(string digits)
    {
        var sum = 0;
        var dbl = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (dbl)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            dbl = !dbl;
        }

        return sum % 10 == 0;
    }

    public static string DigitsOnly(string s) => new(s.Where(char.IsAsciiDigit).ToArray());
}
