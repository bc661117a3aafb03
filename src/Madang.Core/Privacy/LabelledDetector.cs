using System.Text.RegularExpressions;

namespace Madang.Core.Privacy;

/// <summary>Names, addresses and birth dates written next to their labels (성명:, 住所：, 出生日期, Date of birth: …).</summary>
public sealed partial class LabelledDetector : IPiiDetector
{
    private sealed record Label(PiiType Type, string Mask);

    private static readonly Dictionary<string, Label> Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["성명"] = new(PiiType.PersonName, "[이름]"), ["이름"] = new(PiiType.PersonName, "[이름]"),
        ["주소"] = new(PiiType.Address, "[주소]"), ["생년월일"] = new(PiiType.BirthDate, "[생년월일]"),
        ["氏名"] = new(PiiType.PersonName, "[氏名]"), ["名前"] = new(PiiType.PersonName, "[氏名]"),
        ["住所"] = new(PiiType.Address, "[住所]"), ["生年月日"] = new(PiiType.BirthDate, "[生年月日]"),
        ["姓名"] = new(PiiType.PersonName, "[姓名]"), ["地址"] = new(PiiType.Address, "[地址]"),
        ["住址"] = new(PiiType.Address, "[地址]"), ["出生日期"] = new(PiiType.BirthDate, "[出生日期]"),
        ["出生年月日"] = new(PiiType.BirthDate, "[出生日期]"),
        ["name"] = new(PiiType.PersonName, "[name]"), ["full name"] = new(PiiType.PersonName, "[name]"),
        ["address"] = new(PiiType.Address, "[address]"), ["home address"] = new(PiiType.Address, "[address]"),
        ["date of birth"] = new(PiiType.BirthDate, "[date of birth]"), ["birth date"] = new(PiiType.BirthDate, "[date of birth]"),
        ["dob"] = new(PiiType.BirthDate, "[date of birth]"),
    };

    // CJK labels may be followed by a colon or by spacing (as in forms and tables); English labels need a colon,
    // or "Name of the project" would be a name.
    [GeneratedRegex(@"(?<![\p{L}])(?<label>성명|이름|주소|생년월일|氏名|名前|住所|生年月日|姓名|地址|住址|出生年月日|出生日期)(?:\s*[:：]\s*|[ \t　]+|\s*[|｜]\s*)(?=\S)|(?<![\p{L}])(?<label>full name|name|home address|address|date of birth|birth date|dob)\s*[:：]\s*(?=\S)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"^(?:\d{4}\s*[-./년年]\s*\d{1,2}\s*[-./월月]\s*\d{1,2}\s*[일日]?|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{6,8}|(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4})", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DatePattern();

    private static readonly char[] NameStops = [',', ';', '，', '、', '。', '(', '（', ')', '）', '/', '|', '｜', '\n', '\r', '\t', '·'];
    private static readonly char[] AddressStops = [';', '。', '(', '（', '|', '｜', '\n', '\r', '\t'];

    public IEnumerable<PiiFinding> Detect(NormalizedText text)
    {
        var t = text.Value;
        var labels = LabelPattern().Matches(t).ToList();
        for (var i = 0; i < labels.Count; i++)
        {
            var m = labels[i];
            var label = Labels[m.Groups["label"].Value];
            var start = m.Index + m.Length;
            var limit = i + 1 < labels.Count ? labels[i + 1].Index : t.Length;
            var value = label.Type switch
            {
                PiiType.BirthDate => DateValue(t, start, limit),
                PiiType.Address => Until(t, start, limit, AddressStops, 80),
                _ => NameValue(t, start, limit),
            };
            if (value is not { Length: >= 2 } v)
            {
                continue;
            }

            var (s, l) = text.ToOriginal(start, v.Length);
            yield return new PiiFinding(label.Type, s, l, 0.9, true, $"value next to the label '{m.Groups["label"].Value}'", label.Mask);
        }
    }

    private static string? DateValue(string t, int start, int limit)
    {
        var m = DatePattern().Match(t[start..limit]);
        return m.Success ? m.Value.TrimEnd() : null;
    }

    private static string? NameValue(string t, int start, int limit)
    {
        var v = Until(t, start, limit, NameStops, 30);
        if (v is null)
        {
            return null;
        }

        // A name is at most a few words; "성명: 홍길동 귀하" keeps the name and the honorific, not the sentence after.
        var words = v.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var name = string.Join(' ', words.Take(words[0].Any(c => c > 0x2E80) ? 2 : 4));
        return name.Any(char.IsDigit) ? null : t.Substring(start, t.IndexOf(name, start, StringComparison.Ordinal) - start + name.Length);
    }

    private static string? Until(string t, int start, int limit, char[] stops, int max)
    {
        var end = Math.Min(limit, Math.Min(t.Length, start + max));
        var stop = t.IndexOfAny(stops, start, end - start);
        var v = t[start..(stop < 0 ? end : stop)].TrimEnd(' ', '　', ',', '.', '，');
        return v.Length == 0 ? null : v;
    }
}
