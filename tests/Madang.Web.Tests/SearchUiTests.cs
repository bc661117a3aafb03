using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Search;
using Madang.Testing;
using Microsoft.Extensions.DependencyInjection;

using SearchModelLimits = Madang.Web.Pages.SearchModel;

namespace Madang.Web.Tests;

/// <summary>The search page and <c>/api/v1/search</c> as a citizen or an API caller meets them: facets, the organisation
/// tree, chips, sort, paging, explanations of bad input and suggestions, on both databases.</summary>
public sealed partial class SearchUiTests(BothDatabasesFixture fixture) : IClassFixture<BothDatabasesFixture>
{
    /// <summary>Three documents sharing a made-up word no other test uses, across two organisations (parent and child),
    /// two types, two kinds, two years and two languages.</summary>
    private sealed record Corpus(MadangTestApp App, string Token, Organisation Parent, Organisation Child, string Notice, string Bridge, string Tunnel);

    private async Task<Corpus> CorpusAsync(string provider)
    {
        var app = await fixture.AppAsync(provider);
        var parent = await People.OrganisationAsync(app);
        var child = await People.OrganisationAsync(app, parent.Code);
        // Letters only, so that every provider's tokenizer keeps it one word.
        var token = "qz" + new string(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());
        string Key() => Guid.NewGuid().ToString();
        var (notice, bridge, tunnel) = (Key(), Key(), Key());
        await using var scope = app.Services.CreateAsyncScope();
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        await index.UpsertAsync(new SearchDocument("test.notice", notice, token + " harbour notice", "The harbour closes for repairs. " + token, "organisations/" + child.Code,
            new DateTimeOffset(2023, 5, 1, 0, 0, 0, TimeSpan.Zero), child.Id, "ko") { Kind = "공고", Keywords = [token + "kw"] });
        await index.UpsertAsync(new SearchDocument("release.document", bridge, token + " bridge report", "The bridge inspection found cracks. " + token, "organisations/" + parent.Code,
            new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), parent.Id, "en") { Kind = "report" });
        await index.UpsertAsync(new SearchDocument("release.document", tunnel, token + " tunnel report", "The tunnel lighting was replaced. " + token, "organisations/" + child.Code,
            new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero), child.Id, "en") { Kind = "report", Identifier = "DOC-" + token.ToUpperInvariant() });
        await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
        return new Corpus(app, token, parent, child, notice, bridge, tunnel);
    }

    private static async Task<JsonElement> JsonAsync(HttpClient client, string url)
    {
        var res = await client.GetAsync(url);
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"{url}: {(int)res.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<string> Keys(JsonElement json) =>
        json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("key").GetString()!).ToList();

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Api_FiltersFacetsSortAndPaging(string provider)
    {
        var c = await CorpusAsync(provider);
        var client = c.App.Client();
        var all = await JsonAsync(client, $"/api/v1/search?q={c.Token}&facets=true");
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        int Count(string facet, string value) =>
            all.GetProperty("facets").GetProperty(facet).EnumerateArray().Single(f => f.GetProperty("value").GetString() == value).GetProperty("count").GetInt32();
        Assert.Equal(2, Count("type", "release.document"));
        Assert.Equal(1, Count("type", "test.notice"));
        Assert.Equal(2, Count("kind", "report"));
        Assert.Equal(1, Count("year", "2023"));
        Assert.Equal(2, Count("language", "en"));

        // The organisation tree: the parent counts its own document and its child's two.
        var orgs = all.GetProperty("organisations").EnumerateArray().ToDictionary(o => o.GetProperty("code").GetString()!);
        Assert.Equal(3, orgs[c.Parent.Code].GetProperty("count").GetInt32());
        Assert.Equal(1, orgs[c.Parent.Code].GetProperty("ownCount").GetInt32());
        Assert.Equal(2, orgs[c.Child.Code].GetProperty("count").GetInt32());
        Assert.Equal(c.Parent.Code, orgs[c.Child.Code].GetProperty("parentCode").GetString());

        Assert.Equal([c.Bridge, c.Tunnel], Keys(await JsonAsync(client, $"/api/v1/search?q={c.Token}&kind=report&sort=oldest")));
        Assert.Equal([c.Notice], Keys(await JsonAsync(client, $"/api/v1/search?q={c.Token}&year=2023")));
        Assert.Equal([c.Notice, c.Tunnel], Keys(await JsonAsync(client, $"/api/v1/search?q={c.Token}&kind=공고,report&language=ko,en&org={c.Child.Code}&sort=oldest")));
        Assert.Equal([c.Tunnel, c.Bridge, c.Notice], Keys(await JsonAsync(client, $"/api/v1/search?q={c.Token}&sort=newest")));
        Assert.Equal([c.Notice, c.Bridge, c.Tunnel], Keys(await JsonAsync(client, $"/api/v1/search?q={c.Token}&sort=oldest")));
        var browse = await JsonAsync(client, $"/api/v1/search?type=test.notice&org={c.Parent.Code}"); // no words: listed by date
        Assert.Equal([c.Notice], Keys(browse));

        // Paging: the next offset until the last page; no facets unless asked for.
        var first = await JsonAsync(client, $"/api/v1/search?q={c.Token}&sort=newest&limit=2");
        Assert.Equal(2, first.GetProperty("nextOffset").GetInt32());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("facets").ValueKind);
        var last = await JsonAsync(client, $"/api/v1/search?q={c.Token}&sort=newest&limit=2&offset=2");
        Assert.Equal([c.Notice], Keys(last));
        Assert.Equal(JsonValueKind.Null, last.GetProperty("nextOffset").ValueKind);

        // A document number typed exactly comes first, marked as such.
        var exact = await JsonAsync(client, "/api/v1/search?q=DOC-" + c.Token.ToUpperInvariant());
        var top = exact.GetProperty("results")[0];
        Assert.Equal(c.Tunnel, top.GetProperty("key").GetString());
        Assert.True(top.GetProperty("exactIdentifier").GetBoolean());
        Assert.Equal("report", top.GetProperty("kind").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Api_EchoesTheParsedQuery_WithFiltersItCouldNotRead(string provider)
    {
        var c = await CorpusAsync(provider);
        var json = await JsonAsync(c.App.Client(), $"/api/v1/search?q={c.Token}%20dept:{c.Child.Code}%20from:soon%20to:2024");
        var parsed = json.GetProperty("parsed");
        Assert.Equal([c.Child.Code], parsed.GetProperty("departments").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(["from:soon"], parsed.GetProperty("invalid").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("2024-12-31", parsed.GetProperty("to").GetString());
        Assert.Equal(new[] { c.Notice, c.Tunnel }.Order(), Keys(json).Order());
        Assert.Equal(2, json.GetProperty("total").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Api_BadInput_IsAProblemThatSaysWhatToFix(string provider)
    {
        var app = await fixture.AppAsync(provider);
        var client = app.Client();
        foreach (var (query, mentions) in new[]
        {
            ("", "q="), ("q=x&limit=0", "limit"), ("q=x&limit=101", "limit"), ("q=x&offset=-1", "offset"), ("q=x&offset=10001", "offset"),
            ("q=x&sort=sideways", "sort"), ("q=x&org=NO-SUCH-ORG", "NO-SUCH-ORG"), ("q=x&year=20x4", "year"),
            ("q=x&from=2024-02-01&to=2024-01-01", "from"),
        })
        {
            var res = await client.GetAsync("/api/v1/search?" + query);
            var body = await res.Content.ReadAsStringAsync();
            Assert.True(res.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)res.StatusCode} {body}");
            Assert.Equal("application/problem+json", res.Content.Headers.ContentType!.MediaType);
            Assert.Contains(mentions, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/search/suggest")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/search/suggest?q=ab&limit=50")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Suggest_OffersTitlesLinkingToTheirItem_AndKeywords(string provider)
    {
        var c = await CorpusAsync(provider);
        var res = await c.App.Client().GetAsync($"/api/v1/search/suggest?q={c.Token[..8]}&lang=ja&limit=10");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var list = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        var title = list.Single(s => s.GetProperty("text").GetString() == c.Token + " bridge report");
        Assert.Equal("title", title.GetProperty("source").GetString());
        Assert.Equal("/ja/organisations/" + c.Parent.Code, title.GetProperty("url").GetString());
        Assert.Equal("文書", title.GetProperty("typeLabel").GetString());
        Assert.Contains(list, s => s.GetProperty("source").GetString() == "keyword" && s.GetProperty("text").GetString() == c.Token + "kw");
        Assert.Empty(JsonDocument.Parse(await c.App.Client().GetStringAsync("/api/v1/search/suggest?q=zzqqxxnothing")).RootElement.EnumerateArray());
    }

    private static string Href(string html, string linkText)
    {
        var m = Regex.Match(html, "<a href=\"([^\"]+)\"[^>]*>(?:<span aria-hidden=\"true\">✓ </span>)?" + Regex.Escape(WebUtility.HtmlEncode(linkText)) + " <span class=\"count\">");
        Assert.True(m.Success, $"no facet link '{linkText}'");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Page_FacetLinksNarrow_ChipsRemove_AndTheOrgTreeRollsUp(string provider)
    {
        var c = await CorpusAsync(provider);
        var client = c.App.Client();
        var html = await client.GetStringAsync($"/en/search?q={c.Token}");
        Assert.Contains("3 results", html, StringComparison.Ordinal);
        Assert.Contains(c.Token + " harbour notice", html, StringComparison.Ordinal);
        Assert.Contains("test.notice", html, StringComparison.Ordinal); // a type with no label shows as it is
        Assert.Contains(">Document <span class=\"count\">(2)</span>", html, StringComparison.Ordinal);
        Assert.Contains(">Korean <span class=\"count\">(1)</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal); // nothing here needs a script to work

        // The parent's count is its own document plus its child's two; the child sits indented under it.
        var parentLink = Regex.Match(html, "<a href=\"([^\"]*org=" + c.Parent.Code + ")\"[^>]*>Test Budget Division <span class=\"count\">\\((\\d+)\\)</span></a>");
        var childLink = Regex.Match(html, "<a href=\"([^\"]*org=" + c.Child.Code + ")\"[^>]*>Test Budget Division <span class=\"count\">\\((\\d+)\\)</span></a>");
        Assert.Equal("3", parentLink.Groups[2].Value);
        Assert.Equal("2", childLink.Groups[2].Value);
        Assert.Equal("</a><ul><li>", Regex.Replace(html[(parentLink.Index + parentLink.Length - 4)..childLink.Index], "\\s+", "")); // the child in a list inside its parent's item

        // Choosing the kind narrows the results; its chip takes the filter away again.
        var kindHref = Href(html, "report");
        var narrowed = await client.GetStringAsync("/en/search" + kindHref);
        Assert.Contains("2 results", narrowed, StringComparison.Ordinal);
        Assert.DoesNotContain(c.Token + " harbour notice", narrowed, StringComparison.Ordinal);
        var chip = Regex.Match(narrowed, "<a class=\"tag chip\" href=\"([^\"]+)\"><span class=\"visually-hidden\">Kind: </span>report");
        Assert.True(chip.Success);
        var back = await client.GetStringAsync("/en/search" + WebUtility.HtmlDecode(chip.Groups[1].Value));
        Assert.Contains("3 results", back, StringComparison.Ordinal);

        // Choosing the parent keeps its whole subtree; choosing the child only the child's.
        var parentHref = WebUtility.HtmlDecode(parentLink.Groups[1].Value);
        Assert.Contains("3 results", await client.GetStringAsync("/en/search" + parentHref), StringComparison.Ordinal);
        var childHref = WebUtility.HtmlDecode(childLink.Groups[1].Value);
        var childOnly = await client.GetStringAsync("/en/search" + childHref);
        Assert.Contains("2 results", childOnly, StringComparison.Ordinal);
        Assert.DoesNotContain(c.Token + " bridge report", childOnly, StringComparison.Ordinal);

        // Sort links reorder; the newest first.
        var newest = await client.GetStringAsync($"/en/search?q={c.Token}&sort=newest");
        Assert.True(newest.IndexOf(c.Token + " tunnel report", StringComparison.Ordinal) < newest.IndexOf(c.Token + " harbour notice", StringComparison.Ordinal));
        Assert.Contains("aria-current=\"true\">Newest</a>", newest, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Page_ExplainsFilters_ExactMatches_EmptyResults_AndTheDepthLimit(string provider)
    {
        var c = await CorpusAsync(provider);
        var client = c.App.Client();
        var odd = await client.GetStringAsync($"/en/search?q={c.Token}+from:soon");
        Assert.Contains("These filters could not be read and were left out: from:soon", odd, StringComparison.Ordinal);
        Assert.Contains("3 results", odd, StringComparison.Ordinal);

        var nowhere = await client.GetStringAsync($"/ko/search?q={c.Token}+dept:NOWHERE");
        Assert.Contains("dept:NOWHERE", nowhere, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode("검색 결과 0건"), nowhere, StringComparison.Ordinal);
        Assert.Contains("/ko/documents", nowhere, StringComparison.Ordinal); // the empty state offers somewhere to go
        Assert.Matches("<a class=\"tag chip\" href=\"\\?q=" + c.Token + "\">", nowhere); // the chip removes dept: from the words

        var noType = await client.GetStringAsync($"/en/search?q={c.Token}+type:nosuchtype");
        Assert.Contains("type:nosuchtype names nothing on this site", noType, StringComparison.Ordinal);
        var typed = await client.GetStringAsync($"/en/search?q={c.Token}+type:test.notice");
        Assert.Contains(">1 result<", typed, StringComparison.Ordinal);
        Assert.DoesNotContain("names nothing", typed, StringComparison.Ordinal);

        var exact = await client.GetStringAsync("/ja/search?q=DOC-" + c.Token.ToUpperInvariant());
        Assert.Contains("完全一致", exact, StringComparison.Ordinal);

        var deep = await client.GetStringAsync($"/en/search?q={c.Token}&offset=20000");
        Assert.Contains("Only the first 10,000 results can be paged through", deep, StringComparison.Ordinal);

        var start = await client.GetStringAsync("/zh-Hant/search");
        Assert.Contains("dept:FIN", start, StringComparison.Ordinal); // with nothing asked yet, the syntax help is open
        Assert.Contains("<details class=\"search-syntax\" open=\"open\">", start, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Page_ALargeOrganisationTree_FoldsAwayAllButThePathChosen(string provider)
    {
        var app = await fixture.AppAsync(provider);
        var parent = await People.OrganisationAsync(app);
        var children = new List<Organisation>();
        for (var i = 0; i < SearchModelLimits.OrgTreeShownMax; i++)
        {
            children.Add(await People.OrganisationAsync(app, parent.Code));
        }

        var grandchild = await People.OrganisationAsync(app, children[0].Code);
        var token = "qz" + new string(Guid.NewGuid().ToString("N")[..10].Select(ch => (char)('a' + Convert.ToInt32(ch.ToString(), 16))).ToArray());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
            foreach (var o in children.Append(grandchild))
            {
                await index.UpsertAsync(new SearchDocument("test.notice", Guid.NewGuid().ToString(), token + " notice", token, "organisations/" + o.Code, DateTimeOffset.UtcNow, o.Id, "ko"));
            }

            await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
        }

        static string Unfolded(string html) => html.IndexOf("<details class=\"facet-more\">", StringComparison.Ordinal) is var i and >= 0 ? html[..i] : html;
        var client = app.Client();
        var html = await client.GetStringAsync($"/en/search?q={token}");
        Assert.Contains($"org={parent.Code}\"", Unfolded(html), StringComparison.Ordinal);
        Assert.Contains($"org={children[^1].Code}\"", Unfolded(html), StringComparison.Ordinal);
        Assert.DoesNotContain($"org={grandchild.Code}\"", Unfolded(html), StringComparison.Ordinal);
        Assert.Contains($"org={grandchild.Code}\"", html, StringComparison.Ordinal); // still reachable, folded away
        Assert.Contains($"All organisations ({SearchModelLimits.OrgTreeShownMax + 2})", html, StringComparison.Ordinal);

        var chosen = await client.GetStringAsync($"/en/search?q={token}&org={children[0].Code}");
        Assert.Contains($"org={grandchild.Code}\"", Unfolded(chosen), StringComparison.Ordinal);
        Assert.Contains("2 results", chosen, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task OpenApi_DescribesSearchAndSuggest_WithTheirParameters(string provider)
    {
        var app = await fixture.AppAsync(provider);
        using var doc = JsonDocument.Parse(await app.Client().GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        var search = paths.GetProperty("/api/v1/search").GetProperty("get");
        Assert.Equal("Search", search.GetProperty("operationId").GetString());
        var parameters = search.GetProperty("parameters").EnumerateArray().ToDictionary(x => x.GetProperty("name").GetString()!);
        foreach (var name in new[] { "q", "type", "org", "kind", "year", "language", "sort", "facets", "offset", "limit" })
        {
            Assert.True(parameters.ContainsKey(name), $"no parameter {name}");
            Assert.False(string.IsNullOrWhiteSpace(parameters[name].GetProperty("description").GetString()), $"{name} has no description");
        }

        Assert.Contains("dept:", search.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(search.GetProperty("responses").TryGetProperty("400", out _));
        var suggest = paths.GetProperty("/api/v1/search/suggest").GetProperty("get");
        Assert.Equal("SearchSuggest", suggest.GetProperty("operationId").GetString());
    }
}
