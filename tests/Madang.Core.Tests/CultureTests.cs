using Madang.Core.Localization;

namespace Madang.Core.Tests;

public sealed class CultureTests
{
    [Theory]
    [InlineData("ja-JP,ja;q=0.9,en;q=0.8", "ja")]
    [InlineData("zh-TW,zh;q=0.9", "zh-Hant")]
    [InlineData("zh-HK", "zh-Hant")]
    [InlineData("zh-CN,zh;q=0.9", "zh-Hans")]
    [InlineData("fr-FR,fr;q=0.9,en;q=0.5,ko;q=0.7", "ko")]
    [InlineData("en-GB", "en")]
    [InlineData("de-DE", null)]
    [InlineData("", null)]
    public void FromAcceptLanguage_PicksBestSupported(string header, string? expected) =>
        Assert.Equal(expected, SiteCultures.FromAcceptLanguage(header));

    [Fact]
    public void LocalizedText_FallsBack_ChineseScriptsFirst()
    {
        var t = new LocalizedText { ZhHant = "預算科", En = "Budget" };
        Assert.Equal("預算科", t.Get("zh-Hans"));
        Assert.Equal("Budget", t.Get("ko"));
    }
}
