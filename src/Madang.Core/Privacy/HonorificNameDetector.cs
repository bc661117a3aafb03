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

    [GeneratedRegex(@"(?<![가-힣])(?<name>[가-힣]{2,4})\s?(?:님|씨|귀하)(?![가-힣])", RegexOptions.CultureInvariant)]
    private static partial Regex KoreanPattern();

    [GeneratedRegex(@"(?<![\p{IsCJKUnifiedIdeographs}ぁ-んァ-ヶ])(?<name>[\p{IsCJKUnifiedIdeographs}]{2,3}[ 　]?[\p{IsCJKUnifiedIdeographs}ぁ-んァ-ヶ]{1,3})(?:様|さん|殿)", RegexOptions.CultureInvariant)]
    private static partial Regex JapanesePattern();

    public IEnumerable<PiiFinding> Detect(NormalizedText text)
    {
        foreach (Match m in KoreanPattern().Matches(text.Value))
        {
            var name = m.Groups["name"].Value;
            if (NotNames.Contains(name) || !KoreanSurnames.Contains(name[0], StringComparison.Ordinal))
            {
                continue;
            }

            var g = m.Groups["name"];
            var (start, length) = text.ToOriginal(g.Index, g.Length);
            var certain = name.Length == 3;
            yield return new PiiFinding(PiiType.PersonName, start, length, certain ? 0.85 : 0.5, certain, "a name followed by an honorific", "[이름]");
        }

        foreach (Match m in JapanesePattern().Matches(text.Value))
        {
            var g = m.Groups["name"];
            var (start, length) = text.ToOriginal(g.Index, g.Length);
            yield return new PiiFinding(PiiType.PersonName, start, length, 0.6, false, "a name followed by an honorific", "[氏名]");
        }
    }
}
