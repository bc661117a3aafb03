using Madang.Core.Search;
using Madang.Data.Datastore;

namespace Madang.Web.Tests.Data;

/// <summary>The datastore's fast term writer must index exactly what the kernel's analyzer would, or q would miss rows.</summary>
public sealed class DatastoreTermsTests
{
    [Theory]
    [InlineData("서울특별시 강남구 도로 보수")]
    [InlineData("東京都新宿区の感染者数（３月１７日）")]
    [InlineData("Budget REPORT for parks, 2020/03/17 10:00")]
    [InlineData("口 罩 𠮷野家 𠮷𠮷 ｶﾀｶﾅ")]
    [InlineData("a")]
    [InlineData("   ")]
    public void Field_SameTermsAsTheKernelAnalyzer(string text)
    {
        var expected = string.Join(' ', TextAnalyzer.Analyze(text).Select(t => t.Text));
        Assert.Equal(expected, DatastoreTerms.Field(text, quote: false));
        Assert.Equal(string.Join(' ', TextAnalyzer.Analyze(text).Select(t => "'" + t.Text + "'")), DatastoreTerms.Field(text, quote: true));
    }

    [Fact]
    public void Match_EveryTermRequired_LoneCjkCharacterIsPrefix()
    {
        Assert.Equal("\"東京\" AND \"京都\"", DatastoreTerms.SqliteMatch("東京都"));
        Assert.Equal("'서울' & '예산'", DatastoreTerms.PostgresMatch("서울 예산"));
        Assert.Equal("\"구\"*", DatastoreTerms.SqliteMatch("구"));
        Assert.Null(DatastoreTerms.SqliteMatch(" ,.; "));
    }
}
