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
        ["dob"] = new(PiiType.BirthDate, "[date of birth]"), ["birthday"] = new(PiiType.BirthDate, "[date of birth]"),
    };

    // CJK labels may be followed by a colon or by spacing (as in forms and tables); English labels need a colon,
    // or "Name of the project" would be a name.
    // Forms qualify labels (성명(한글), 氏名（フリガナ）, 通訊地址, 現住所, 住所〒…) and space out short labels to align them ("성 명", "주　소", "氏　名"): one space between the characters is allowed.
    [GeneratedRegex(@"(?<![\p{L}])(?:通訊|通讯|聯絡|联络|戶籍|户籍|居住|現|现)?(?<label>성 ?명|이 ?름|주 ?소|생 ?년 ?월 ?일|氏 ?名|名 ?前|住 ?所|生 ?年 ?月 ?日|姓 ?名|地 ?址|住 ?址|出 ?生 ?年 ?月 ?日|出 ?生 ?日 ?期)(?:\s*[(（][^()（）\n]{1,12}[)）])?(?:\s*[:：]\s*|[ \t　]+|\s*[|｜]\s*|(?=〒))(?=\S)|(?<![\p{L}])(?<label>full name|name|home address|address|date of birth|birth date|birthday|dob)(?:\s*\([^()\n]{1,12}\))?(?:\s*[:：]\s*|\t[ \t]*)(?=\S)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LabelPattern();

    // Besides ISO and numeric forms: two-digit Korean years (68년 4월 23일), Japanese eras (昭和46年, S46.11.5), the Minguo
    // calendar (民國72年), and English dates with abbreviated months or ordinals (23 Apr 1968, April 23rd, 1968).
    [GeneratedRegex(@"^(?:\d{4}\s*[-./년年]\s*\d{1,2}\s*[-./월月]\s*\d{1,2}\s*[일日]?|(?:明治|大正|昭和|平成|令和|民國|民国)?\s*(?:\d{1,3}|元)\s*[년年]\s*\d{1,2}\s*[월月]\s*\d{1,2}\s*[일日]|[MTSHR]\s?\d{1,2}[./]\d{1,2}[./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{6,8}|(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?,?\s+\d{4})", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
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
            var label = Labels[LabelKey(m.Groups["label"].Value)];
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

        foreach (var f in TableColumns(text))
        {
            yield return f;
        }
    }

    /// <summary>A register laid out as a table (extraction writes a row per line, cells tab-separated): a header row of
    /// labels (연번 | 성명 | 주소 | 생년월일), then a row per person whose cells sit under the labels, not beside them.</summary>
    private static IEnumerable<PiiFinding> TableColumns(NormalizedText text)
    {
        var t = text.Value;
        if (!t.Contains('\t', StringComparison.Ordinal))
        {
            yield break;
        }

        Dictionary<int, (Label Label, string Name)>? columns = null;
        for (var pos = 0; pos < t.Length;)
        {
            var end = t.IndexOf('\n', pos);
            end = end < 0 ? t.Length : end;
            var cells = new List<(int Start, int Length)>();
            for (int c = pos, next; c <= end; c = next + 1)
            {
                next = t.IndexOf('\t', c, end - c);
                next = next < 0 ? end : next;
                var (s, e) = (c, next);
                while (s < e && char.IsWhiteSpace(t[s]))
                {
                    s++;
                }

                while (e > s && char.IsWhiteSpace(t[e - 1]))
                {
                    e--;
                }

                cells.Add((s, e - s));
            }

            if (cells.Count < 2)
            {
                columns = null; // the table ended
            }
            else if (Header(t, cells) is { } header)
            {
                columns = header;
            }
            else if (columns is not null)
            {
                foreach (var (i, (label, name)) in columns)
                {
                    if (i >= cells.Count || cells[i].Length < 2)
                    {
                        continue;
                    }

                    var (s, l) = cells[i];
                    var v = label.Type switch
                    {
                        PiiType.BirthDate => DateValue(t, s, s + l),
                        PiiType.PersonName => t.Substring(s, l) is var n && !n.Any(char.IsDigit) ? n : null,
                        _ => t.Substring(s, l),
                    };
                    if (v is { Length: >= 2 })
                    {
                        var (os, ol) = text.ToOriginal(s, v.Length);
                        yield return new PiiFinding(label.Type, os, ol, 0.85, true, $"value under the column '{name}'", label.Mask);
                    }
                }
            }

            pos = end + 1;
        }
    }

    /// <summary>Label columns of a header row: two labels side by side, or a lone label with nothing beside it. A row of
    /// "성명 | 홍길동 | 주소 | …" pairs labels with values, which the label pattern already handles.</summary>
    private static Dictionary<int, (Label, string)>? Header(string t, List<(int Start, int Length)> cells)
    {
        var found = new Dictionary<int, (Label, string)>();
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = t.Substring(cells[i].Start, cells[i].Length);
            if (Labels.TryGetValue(LabelKey(cell), out var label))
            {
                found[i] = (label, cell);
            }
        }

        var adjacent = found.Keys.Any(i => found.ContainsKey(i + 1));
        var alone = found.Count == 1 && found.Keys.Single() is var k && (k + 1 >= cells.Count || cells[k + 1].Length == 0);
        return adjacent || alone ? found : null;
    }

    private static string LabelKey(string label) => label.Replace(" ", string.Empty, StringComparison.Ordinal) is var k && Labels.ContainsKey(k) ? k : label;

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
