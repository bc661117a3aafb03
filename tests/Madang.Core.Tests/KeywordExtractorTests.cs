using Madang.Core.Search;

namespace Madang.Core.Tests;

public sealed class KeywordExtractorTests
{
    [Fact]
    public void Korean_ParticlesStripped_RepeatedNounsFirst_StopWordsAndNumbersLeftOut()
    {
        var keywords = KeywordExtractor.Extract(
            "2027년 버스 노선 개편 계획",
            "시내버스 노선을 개편합니다. 노선 개편은 2027년 3월부터 시행되며, 노선의 변경 내용은 정류장에 게시합니다.\n\n"
            + "개편에 따라 배차 간격이 줄어듭니다. 그리고 정류장 안내를 강화합니다.",
            language: "ko");

        Assert.Equal("노선", keywords[0]); // in the title and four times in the text, with its particles (을, 의) stripped
        Assert.Contains("개편", keywords);
        Assert.Contains("정류장", keywords);
        Assert.DoesNotContain("노선을", keywords);
        Assert.DoesNotContain("그리고", keywords);
        Assert.DoesNotContain("계획", keywords); // in nearly every administrative title: it would relate everything to everything
        Assert.DoesNotContain(keywords, k => k.Any(char.IsDigit));
        Assert.True(keywords.Count <= 8);
    }

    [Fact]
    public void Japanese_KanjiAndKatakanaRuns_HiraganaSeparates()
    {
        var keywords = KeywordExtractor.Extract(
            "防災訓練の実施について",
            "防災訓練を実施します。防災訓練には、地域のボランティアが参加します。ボランティアの皆様は受付で名前を記入してください。",
            language: "ja");

        Assert.Equal("防災訓練", keywords[0]);
        Assert.Contains("ボランティア", keywords);
        Assert.DoesNotContain(keywords, k => k.Any(c => c is >= '\u3040' and <= '\u309F')); // no hiragana (particles) in a keyword
        Assert.DoesNotContain("実施", keywords); // a stop word in administrative Japanese
    }

    [Fact]
    public void Chinese_LongerRepeatedNgramWins_OverlappingWindowsDropped()
    {
        var keywords = KeywordExtractor.Extract(
            "中小企业补助计划",
            "本市推出中小企业补助。中小企业可以申请补助，补助金额依规模而定。申请的中小企业需提交资料。",
            language: "zh-Hans");

        Assert.Equal("中小企业", keywords[0]);
        Assert.Contains("补助", keywords);
        Assert.DoesNotContain("小企业", keywords);   // a fragment of the chosen term
        Assert.DoesNotContain("企业补助", keywords); // a window overlapping it
        Assert.DoesNotContain(keywords, k => k.Contains('的'));
    }

    [Fact]
    public void English_StopWordsOut_TitleWordsCount_CaseFolded()
    {
        var keywords = KeywordExtractor.Extract(
            "Harbour Road resurfacing",
            "The resurfacing of Harbour Road starts in May. Buses will use Quay Street while Harbour Road is closed. The road reopens in June.");

        Assert.Equal(["road", "harbour", "resurfacing"], keywords.Take(3)); // road is in the title and three times in the text, any case
        Assert.DoesNotContain("the", keywords);
        Assert.DoesNotContain("will", keywords);
        Assert.DoesNotContain("may", keywords);
    }

    [Fact]
    public void EmptyOrMaskOnlyText_NoKeywords()
    {
        Assert.Empty(KeywordExtractor.Extract(null, null));
        Assert.Empty(KeywordExtractor.Extract("", "900101-1****** 010-****-5678 ■■■ ■■■"));
    }
}
