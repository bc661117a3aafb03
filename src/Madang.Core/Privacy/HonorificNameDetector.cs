using System.Text.RegularExpressions;

namespace Madang.Core.Privacy;

/// <summary>Korean names written with an honorific ("김민지 님", "이서연 씨", "박지훈 귀하") and Japanese ones with 様/さん.</summary>
/// <remarks>No dictionary of names: a family name from the common list, a given name of one or two syllables, and an
/// honorific right after. Three syllables with a common family name is certain; otherwise a reviewer decides.</remarks>
public sealed partial class HonorificNameDetector : IPiiDetector
{
    private const string KoreanSurnames = "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국은편용";

    // Roles and groups addressed with the same honorifics: never names.
    private static readonly HashSet<string> NotNames = new(StringComparer.Ordinal)
    {
        "선생", "고객", "시민", "주민", "회원", "담당자", "과장", "팀장", "국장", "시장", "구청장", "부장", "원장", "사장", "위원", "위원장",
        "여러분", "민원인", "신청인", "어르신", "학부모", "대표", "이사장", "관계자", "귀하", "기관장", "당사자", "본인", "조합장", "의원",
    };

    private static bool IsHangul(char c) => c is >= '\uAC00' and <= '\uD7A3';

    /// <summary>Each run of 2–4 Hangul syllables standing alone before 님, 씨 or 귀하 (with at most one space between).</summary>
    private static IEnumerable<(int Start, int Length)> KoreanNames(string t)
    {
        foreach (var h in new[] { "님", "씨", "귀하" })
        {
            for (var i = t.IndexOf(h, StringComparison.Ordinal); i >= 0; i = t.IndexOf(h, i + h.Length, StringComparison.Ordinal))
            {
                var after = i + h.Length;
                if (after < t.Length && IsHangul(t[after]))
                {
                    continue;
                }

                var end = i > 0 && t[i - 1] == ' ' ? i - 1 : i;
                var begin = end;
                while (begin > 0 && IsHangul(t[begin - 1]) && end - begin < 5)
                {
                    begin--;
                }

                if (end - begin is >= 2 and <= 4 && (begin == 0 || !IsHangul(t[begin - 1])))
                {
                    yield return (begin, end - begin);
                }
            }
        }
    }

    [GeneratedRegex(@"(?<![\p{IsCJKUnifiedIdeographs}ぁ-んァ-ヶ])(?<name>[\p{IsCJKUnifiedIdeographs}]{2,3}[ 　]?[\p{IsCJKUnifiedIdeographs}ぁ-んァ-ヶ]{1,3})(?:様|さん|殿)", RegexOptions.CultureInvariant)]
    private static partial Regex JapanesePattern();

    private static readonly string[] Honorifics = ["님", "씨", "귀하", "様", "さん", "殿"];

    public IEnumerable<PiiFinding> Detect(NormalizedText text)
    {
        // Honorifics are rare; names are not. Look for the honorific first and run the patterns only near one,
        // instead of trying the name pattern at every Hangul or Han character.
        var t = text.Value;
        if (!Honorifics.Any(h => t.Contains(h, StringComparison.Ordinal)))
        {
            yield break;
        }

        foreach (var (nameStart, nameLength) in KoreanNames(t))
        {
            var name = t.Substring(nameStart, nameLength);
            if (NotNames.Contains(name) || !KoreanSurnames.Contains(name[0], StringComparison.Ordinal))
            {
                continue;
            }

            var (start, length) = text.ToOriginal(nameStart, nameLength);
            var certain = name.Length == 3;
            yield return new PiiFinding(PiiType.PersonName, start, length, certain ? 0.85 : 0.5, certain, "a name followed by an honorific", "[이름]");
        }

        foreach (Match m in JapanesePattern().Matches(t))
        {
            var g = m.Groups["name"];
            var (start, length) = text.ToOriginal(g.Index, g.Length);
            yield return new PiiFinding(PiiType.PersonName, start, length, 0.6, false, "a name followed by an honorific", "[氏名]");
        }
    }
}
