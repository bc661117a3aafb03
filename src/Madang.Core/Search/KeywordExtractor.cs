using System.Text;

namespace Madang.Core.Search;

/// <summary>Picks a handful of salient terms from a text in Korean, Japanese, Chinese or a space-separated language.</summary>
/// <remarks>
/// Deliberately simple and explainable: a candidate scores by how often it occurs, with a bonus for appearing in the
/// title and for length (a longer term that repeats says more than its parts). Candidates per script:
/// Korean words (space-separated) with their particle or verb ending stripped; Japanese runs of kanji or of katakana
/// (hiragana is mostly grammar); Chinese character n-grams (2–4) between function characters, where a longer n-gram
/// that occurs as often as its parts replaces them; other scripts' words of three or more letters. Stop words are cut
/// in each language and numbers never become keywords. The caller passes text that is safe to show: keywords are public.
/// </remarks>
public static class KeywordExtractor
{
    /// <summary>Up to <paramref name="max"/> keywords, best first, in their display form.</summary>
    public static IReadOnlyList<string> Extract(string? title, string? text, int max = 8, string? language = null)
    {
        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        var chinese = language?.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true;
        var japanese = language?.StartsWith("ja", StringComparison.OrdinalIgnoreCase) == true
            || (!chinese && (ContainsKana(title) || ContainsKana(text)));
        var order = 0;
        Collect(title, inTitle: true);
        Collect(text, inTitle: false);

        var scored = candidates.Values
            .Where(c => c.Count >= 2 || c.InTitle)
            .Select(c => (c, Score: (c.Count + (c.InTitle ? 3 : 0)) * LengthWeight(c.Text)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.c.First)
            .Select(x => x.c).ToList();

        // A Chinese n-gram and a longer one containing it as often: the longer is the term, the shorter a fragment of it.
        var result = new List<string>();
        foreach (var c in scored)
        {
            if (result.Count >= max)
            {
                break;
            }

            if (result.Any(r => r.Contains(c.Text, StringComparison.Ordinal) || c.Text.Contains(r, StringComparison.Ordinal) || Overlap(r, c.Text) || Overlap(c.Text, r)))
            {
                continue;
            }

            result.Add(c.Text);
        }

        return result;

        void Collect(string? value, bool inTitle)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return;
            }

            foreach (var (run, cjk) in TextAnalyzer.Runs(TextAnalyzer.Normalize(value)))
            {
                if (!cjk)
                {
                    if (run.Length >= 3 && run.Length <= 40 && run.Any(char.IsLetter) && !EnglishStop.Contains(run))
                    {
                        Add(run, inTitle);
                    }

                    continue;
                }

                if (run.Any(IsHangul))
                {
                    var stem = StripKorean(run);
                    if (stem.Length >= 2 && stem.Length <= 12 && !KoreanStop.Contains(stem))
                    {
                        Add(stem, inTitle);
                    }
                }
                else if (japanese)
                {
                    foreach (var chunk in JapaneseChunks(run))
                    {
                        if (chunk.Length >= 2 && chunk.Length <= 12 && !JapaneseStop.Contains(chunk))
                        {
                            Add(chunk, inTitle);
                        }
                    }
                }
                else if (chinese || !run.Any(IsKana))
                {
                    foreach (var phrase in run.Split(ChineseFunctionChars, StringSplitOptions.RemoveEmptyEntries))
                    {
                        for (var n = 2; n <= 4; n++)
                        {
                            for (var i = 0; i + n <= phrase.Length; i++)
                            {
                                var gram = phrase.Substring(i, n);
                                if (!ChineseStop.Contains(gram))
                                {
                                    Add(gram, inTitle);
                                }
                            }
                        }
                    }
                }
            }
        }

        void Add(string term, bool inTitle)
        {
            if (!candidates.TryGetValue(term, out var c))
            {
                candidates[term] = c = new Candidate(term, order++);
            }

            if (inTitle)
            {
                c.InTitle = true;
            }
            else
            {
                c.Count++;
            }
        }
    }

    /// <summary>Whether <paramref name="a"/> ends with two or more characters <paramref name="b"/> starts with: 中小企业 and 企业补助
    /// are windows on one phrase, so only the better-scored one is kept.</summary>
    private static bool Overlap(string a, string b)
    {
        if (!a.Any(c => TextAnalyzer.IsCjk(c)) || IsHangul(a[0]))
        {
            return false;
        }

        for (var n = Math.Min(a.Length, b.Length) - 1; n >= 2; n--)
        {
            if (string.CompareOrdinal(a, a.Length - n, b, 0, n) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Candidate(string text, int first)
    {
        public string Text { get; } = text;
        public int First { get; } = first;
        public int Count { get; set; }
        public bool InTitle { get; set; }
    }

    /// <summary>CJK terms grow more telling with length up to four characters; words of other scripts count as one.</summary>
    private static double LengthWeight(string term) =>
        term.Any(c => TextAnalyzer.IsCjk(c)) ? 1 + (Math.Min(term.Length, 4) - 2) * 0.25 : 1;

    private static bool IsHangul(char c) => c is >= '\uAC00' and <= '\uD7A3';

    private static bool IsKana(char c) => c is >= '\u3040' and <= '\u30FF';

    private static bool IsHiragana(char c) => c is >= '\u3040' and <= '\u309F';

    private static bool ContainsKana(string? s) => s is not null && s.Any(IsKana);

    /// <summary>Splits a Japanese run into runs of kanji and runs of katakana; hiragana (particles, endings) separates them.</summary>
    private static IEnumerable<string> JapaneseChunks(string run)
    {
        var sb = new StringBuilder();
        var katakana = false;
        foreach (var ch in run)
        {
            var isKatakana = ch is >= '\u30A0' and <= '\u30FF';
            if (IsHiragana(ch) || (sb.Length > 0 && isKatakana != katakana))
            {
                if (sb.Length > 0)
                {
                    yield return sb.ToString();
                    sb.Clear();
                }

                if (IsHiragana(ch))
                {
                    continue;
                }
            }

            katakana = isKatakana;
            sb.Append(ch);
        }

        if (sb.Length > 0)
        {
            yield return sb.ToString();
        }
    }

    /// <summary>Particles and copula/verb endings at a Korean word's end, longest first, so 예산안에서는 → 예산안.</summary>
    private static readonly string[] KoreanEndings =
    [
        "으로부터", "에서부터", "에서는", "에게서", "으로는", "으로서", "으로써", "이라는", "하였습니다", "하겠습니다", "했습니다", "됩니다", "합니다", "입니다",
        "하였다", "했다", "한다", "하는", "하고", "하여", "해야", "에서", "에게", "까지", "부터", "으로", "로서", "로써", "이나", "라는",
        "처럼", "보다", "께서", "와의", "과의", "에는", "에도", "하기", "된다", "되는", "되어", "한", "할", "함", "된",
        "은", "는", "이", "가", "을", "를", "에", "의", "와", "과", "로", "도", "만", "나", "고", "며",
    ];

    private static string StripKorean(string word)
    {
        // One pass: strip the longest ending that leaves a stem of two syllables or more.
        foreach (var ending in KoreanEndings)
        {
            if (word.Length - ending.Length >= 2 && word.EndsWith(ending, StringComparison.Ordinal))
            {
                return word[..^ending.Length];
            }
        }

        return word;
    }

    private static readonly char[] ChineseFunctionChars =
        "的了和是在及與与等之於于並并或也就都而被把這这那個个其此已為为對对將将從从以由向至及各該该本".ToCharArray();

    private static readonly HashSet<string> EnglishStop = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "are", "was", "were", "with", "that", "this", "from", "have", "has", "had", "not", "but", "all", "any",
        "can", "will", "shall", "would", "should", "may", "our", "your", "their", "its", "into", "onto", "upon", "about", "after",
        "before", "over", "under", "than", "then", "there", "these", "those", "which", "who", "whom", "whose", "what", "when",
        "where", "why", "how", "been", "being", "also", "such", "other", "each", "per", "via", "out", "off", "more", "most", "some",
        "only", "own", "same", "very", "you", "they", "them", "his", "her", "she", "him", "one", "two", "three", "yes", "non",
        "des", "les", "une", "und", "der", "die", "das",
    };

    private static readonly HashSet<string> KoreanStop = new(StringComparer.Ordinal)
    {
        "그리고", "그러나", "하지만", "또한", "따라서", "이에", "위한", "대한", "관한", "관련", "통해", "통한", "경우", "있는", "없는",
        "있습니다", "없습니다", "바랍니다", "드립니다", "아래", "다음", "해당", "각각", "모든", "이번", "우리", "여러", "그것", "이것",
        "위하여", "대하여", "관하여", "의하여", "따라", "있음", "없음", "같이", "바랍", "붙임", "내용", "사항", "기타", "등의",
        // Words nearly every administrative document carries: as keywords they would relate everything to everything.
        "추진", "보고", "계획", "결과", "회신", "검토", "시행", "처리", "안내", "요청", "협조", "알림", "관계", "다음과",
    };

    private static readonly HashSet<string> JapaneseStop = new(StringComparer.Ordinal)
    {
        "以下", "以上", "場合", "今回", "本件", "当該", "各種", "方法", "関係", "実施", "対応", "必要", "予定", "内容", "事項", "別紙",
        "報告", "計画", "結果", "今後", "目的", "検討", "通知", "依頼",
    };

    private static readonly HashSet<string> ChineseStop = new(StringComparer.Ordinal)
    {
        "我們", "我们", "他們", "他们", "以及", "因為", "因为", "所以", "可以", "進行", "进行", "相關", "相关", "有關", "有关", "如下",
        "辦理", "办理", "如果", "但是", "已經", "已经", "沒有", "没有", "應該", "应该", "需要", "內容", "内容", "事項", "事项", "附件",
        "報告", "报告", "計畫", "计划", "結果", "结果", "通知", "檢討", "检讨",
    };
}
