using Madang.Core.Search;

namespace Madang.Core.Tests;

public sealed class AnalyzerTests
{
    [Theory]
    [InlineData("2024년 예산안", new[] { "2024", "년", "예산", "산안" })]
    [InlineData("東京都", new[] { "東京", "京都" })]
    [InlineData("口罩", new[] { "口罩" })]
    [InlineData("Budget REPORT", new[] { "budget", "report" })]
    [InlineData("ＡＢＣ１２３", new[] { "abc123" })]
    [InlineData("ｶﾀｶﾅ", new[] { "カタ", "タカ", "カナ" })]
    [InlineData("서울budget", new[] { "서울", "budget" })]
    public void Analyze_MixedScripts_WordsAndBigrams(string text, string[] expected) =>
        Assert.Equal(expected, TextAnalyzer.Analyze(text).Select(t => t.Text));

    [Fact]
    public void Analyze_Positions_AreConsecutive()
    {
        var tokens = TextAnalyzer.Analyze("예산 東京 budget");
        Assert.Equal(Enumerable.Range(0, tokens.Count), tokens.Select(t => t.Position));
    }

    [Fact]
    public void Analyze_Punctuation_IsNotAToken() =>
        Assert.Equal(["a", "b"], TextAnalyzer.Analyze("a, (b)! — 「」").Select(t => t.Text));

    [Fact]
    public void Parse_QuotesAndExclusions()
    {
        var clauses = SearchQueryParser.Parse("\"budget report\" 예산 -draft");
        Assert.Collection(clauses,
            c => { Assert.Equal(["budget", "report"], c.Tokens); Assert.False(c.Negated); },
            c => Assert.Equal(["예산"], c.Tokens),
            c => { Assert.Equal(["draft"], c.Tokens); Assert.True(c.Negated); });
    }

    [Fact]
    public void Parse_SingleHanCharacter_IsPrefix()
    {
        var c = Assert.Single(SearchQueryParser.Parse("口"));
        Assert.True(c.Prefix);
    }

    [Fact]
    public void Snippet_MarksMatches_AndEncodesHtml()
    {
        var html = Snippets.Make("<b>2024</b> 예산 보고서: 예산 집행", SearchQueryParser.Parse("예산"));
        Assert.Contains("&lt;b&gt;", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<mark>예산</mark>").Length - 1);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
    }
}
