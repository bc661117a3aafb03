using System.Text;
using System.Text.Json;
using Madang.Core.Files;
using Madang.Core.Localization;
using Madang.Core.Modules;
using Madang.Core.Notifications;
using Madang.Testing;

namespace Madang.Core.Tests;

public sealed class ModuleGraphTests
{
    private static ModuleManifest M(string name, params string[] deps) => new() { Name = name, Dependencies = deps };

    [Fact]
    public void Order_PutsDependenciesFirst()
    {
        var order = ModuleGraph.Order([M("dashboards", "data"), M("data"), M("release")]).Select(m => m.Name).ToList();
        Assert.True(order.IndexOf("data") < order.IndexOf("dashboards"));
    }

    [Fact]
    public void Order_Cycle_IsRefusedWithThePath()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ModuleGraph.Order([M("a", "b"), M("b", "c"), M("c", "a")]));
        Assert.Contains("a -> b -> c -> a", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_UnknownDependency_IsRefused() =>
        Assert.Throws<InvalidOperationException>(() => ModuleGraph.Order([M("dashboards", "data")]));
}

public sealed class FileStoreTests : IDisposable
{
    private readonly string root = TestEnvironment.TempDir("madang-files");

    [Fact]
    public async Task Put_SameContentTwice_StoredOnceUnderItsHash()
    {
        var store = new LocalFileStore(root);
        var a = await store.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes("예산 보고서")), 1024);
        var b = await store.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes("예산 보고서")), 1024);
        Assert.Equal(a, b);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("예산 보고서"))), a.Sha256);
        await using var read = await store.OpenReadAsync(a.Sha256);
        Assert.Equal("예산 보고서", await new StreamReader(read!).ReadToEndAsync());
        Assert.Single(Directory.GetFiles(root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Put_OverLimit_RefusedAndNothingKept()
    {
        var store = new LocalFileStore(root);
        await Assert.ThrowsAsync<FileTooLargeException>(() => store.PutAsync(new MemoryStream(new byte[5000]), 4096));
        Assert.Empty(Directory.GetFiles(root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Open_HostilePath_Refused() =>
        await Assert.ThrowsAsync<ArgumentException>(() => new LocalFileStore(root).OpenReadAsync("../../etc/passwd"));

    public void Dispose() => Directory.Delete(root, true);
}

public sealed class NotificationTests
{
    [Fact]
    public void SmsBody_JsonTemplate_EscapesText()
    {
        var body = SmsJob.RenderBody(new SmsOptions(), new SmsMessage("+821012345678", "답변이 등록되었습니다 \"확인\""));
        var doc = JsonDocument.Parse(body);
        Assert.Equal("답변이 등록되었습니다 \"확인\"", doc.RootElement.GetProperty("text").GetString());
    }
}

public sealed class CatalogTests
{
    [Fact]
    public void EveryKey_IsTranslatedIntoEveryLanguage_WithTheSamePlaceholders()
    {
        var catalog = new TextCatalog(AppDomain.CurrentDomain.GetAssemblies()
            .Append(typeof(Madang.Web.MadangModules).Assembly).Append(typeof(TextCatalog).Assembly)
            .Concat(Madang.Web.MadangModules.All().Select(m => m.GetType().Assembly)));
        var en = catalog.Strings("en");
        Assert.True(en.Count > 100, "The English catalog should hold the UI strings.");
        foreach (var culture in SiteCultures.All)
        {
            var strings = catalog.Strings(culture);
            var missing = en.Keys.Where(k => !strings.ContainsKey(k) || string.IsNullOrWhiteSpace(strings[k])).ToList();
            Assert.True(missing.Count == 0, $"{culture} lacks: {string.Join(", ", missing)}");
            var extra = strings.Keys.Where(k => !en.ContainsKey(k)).ToList();
            Assert.True(extra.Count == 0, $"{culture} has keys English lacks: {string.Join(", ", extra)}");
            foreach (var (key, text) in en)
            {
                var wanted = System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).Order();
                var got = System.Text.RegularExpressions.Regex.Matches(strings[key], @"\{\d+\}").Select(m => m.Value).Order();
                Assert.True(wanted.SequenceEqual(got), $"{culture}:{key} placeholders differ");
            }
        }
    }

    [Fact]
    public void EveryKeyUsedInPages_Exists()
    {
        var catalog = new TextCatalog(new[] { typeof(Madang.Web.MadangModules).Assembly, typeof(TextCatalog).Assembly }
            .Concat(Madang.Web.MadangModules.All().Select(m => m.GetType().Assembly)));
        var en = catalog.Strings("en");
        var src = Path.Combine(RepoRoot.Path, "src");
        var used = Directory.GetFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), "L\\[\"([a-z0-9._-]+)\"").Select(m => m.Groups[1].Value))
            .Where(k => !k.EndsWith('.'))
            .Distinct().ToList();
        var missing = used.Where(k => !en.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Keys used but not in en.json: " + string.Join(", ", missing));
    }
}
