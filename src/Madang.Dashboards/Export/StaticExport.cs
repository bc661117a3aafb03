using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Madang.Core.Localization;
using Madang.Dashboards.Domain;

namespace Madang.Dashboards.Export;

/// <summary>
/// Writes every region's pages, in every language, as files a static server or CDN serves with no app running: pages at
/// their own paths (<c>/{lang}/r/{region}/{dashboard}/index.html</c>), each card's data as an immutable content-hashed
/// JSON file (<c>/data/{hash}.json</c>), and a small <c>latest.json</c> pointing at them (Elect Live's pattern: the
/// pointer is cached for seconds, the data for a year). Links to pages the export does not hold (search, "Ask a
/// question", sign-in) are made absolute to <paramref name="site"/>, the live site, so they still work from a CDN.
/// </summary>
public sealed partial class StaticExport(HttpClient app, TimeProvider clock, string? site = null)
{
    /// <summary>Files written and bytes, for the command's summary.</summary>
    public sealed record Result(int Pages, int DataFiles, long Bytes);

    public async Task<Result> RunAsync(IReadOnlyList<StoredRegion> regions, string dir, IProgress<(int Done, int Total)>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(dir);
        var jobs = new List<(string Url, string Path, string? Pointer)>();
        foreach (var r in regions)
        {
            // A region published in some languages only is exported in those (its other pages only redirect).
            foreach (var lang in r.File.Region.Languages is { Count: > 0 } own ? own : SiteCultures.All)
            {
                var regionBase = $"/{lang}/r/{r.Row.Slug}";
                jobs.Add((regionBase, regionBase + "/index.html", null));
                foreach (var d in r.File.Dashboards)
                {
                    jobs.Add(($"{regionBase}/{d.Slug}", $"{regionBase}/{d.Slug}/index.html", null));
                    foreach (var c in d.Cards)
                    {
                        var card = $"{regionBase}/{d.Slug}/cards/{c.Slug}";
                        jobs.Add((card, card + "/index.html", null));
                        jobs.Add((card + "/og.png", card + "/og.png", null));
                        jobs.Add((card + "/data.csv", card + "/data.csv", null));
                        jobs.Add((card + "/data.json", card + "/data.json", $"{r.Row.Slug}/{d.Slug}/{c.Slug}/{lang}"));
                    }
                }
            }
        }

        foreach (var asset in new[] { "/css/site.css", "/css/dashboards.css", "/js/site.js", "/favicon.svg" })
        {
            jobs.Add((asset, asset, null));
        }

        var exported = jobs.Select(j => j.Url).ToHashSet(StringComparer.Ordinal);
        var pointers = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var (done, pages, data) = (0, 0, 0);
        long bytes = 0;
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (job, token) =>
        {
            using var response = await app.GetAsync(job.Url, token);
            if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && job.Path.Contains("/data.", StringComparison.Ordinal))
            {
                // A card whose data cannot be read yet: its page says so, and it has no data file until the next export.
                progress?.Report((Interlocked.Increment(ref done), jobs.Count));
                return;
            }

            // A region whose page redirects (one dashboard) gets a page that sends the reader on.
            var content = response.StatusCode is System.Net.HttpStatusCode.Redirect or System.Net.HttpStatusCode.Found && response.Headers.Location is { } to
                ? System.Text.Encoding.UTF8.GetBytes($"<!DOCTYPE html><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0; url={to}\"><link rel=\"canonical\" href=\"{to}\"><a href=\"{to}\">{to}</a>")
                : response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync(token)
                : throw new InvalidOperationException($"{job.Url}: {(int)response.StatusCode} {response.ReasonPhrase}");
            if (site is not null && job.Path.EndsWith(".html", StringComparison.Ordinal))
            {
                content = System.Text.Encoding.UTF8.GetBytes(ToLiveSite(System.Text.Encoding.UTF8.GetString(content), exported, site));
            }

            await WriteAsync(dir, job.Path, content, token);
            Interlocked.Add(ref bytes, content.Length);
            if (job.Pointer is not null)
            {
                var hashed = "/data/" + Convert.ToHexStringLower(SHA256.HashData(content))[..20] + ".json";
                await WriteAsync(dir, hashed, content, token);
                pointers[job.Pointer] = hashed;
                Interlocked.Increment(ref data);
            }
            else if (job.Path.EndsWith(".html", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref pages);
            }

            progress?.Report((Interlocked.Increment(ref done), jobs.Count));
        });

        var latest = new
        {
            generated = clock.GetUtcNow(),
            cards = pointers.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value),
        };
        await WriteAsync(dir, "/latest.json", JsonSerializer.SerializeToUtf8Bytes(latest, Madang.Dashboards.Definition.RegionFiles.Json), ct);
        await WriteAsync(dir, "/nginx.conf", System.Text.Encoding.UTF8.GetBytes(NginxConf), ct);
        return new Result(pages, data, bytes);
    }

    /// <summary>Points every site-relative link or form whose page is not in the export at the live site.</summary>
    internal static string ToLiveSite(string html, IReadOnlySet<string> exported, string site) =>
        LocalLink().Replace(html, m =>
        {
            var path = m.Groups["path"].Value;
            var bare = path.Split('?', '#')[0].TrimEnd('/');
            return exported.Contains(bare.Length == 0 ? "/" : bare) ? m.Value : $"{m.Groups["attr"].Value}=\"{site.TrimEnd('/')}{path}\"";
        });

    [System.Text.RegularExpressions.GeneratedRegex("(?<attr>href|action)=\"(?<path>/(?!/)[^\"]*)\"")]
    private static partial System.Text.RegularExpressions.Regex LocalLink();

    private static async Task WriteAsync(string dir, string path, byte[] content, CancellationToken ct)
    {
        var full = Path.Combine(dir, path.TrimStart('/').Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Written beside and moved into place: a server reading the export while it is rewritten never sees half a file.
        var temp = full + ".tmp" + Environment.CurrentManagedThreadId;
        await File.WriteAllBytesAsync(temp, content, ct);
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>A server block for the export: pages revalidated each minute, data files cached for good, the pointer for seconds.</summary>
    public const string NginxConf = """
        # Serve a Madang dashboards export: include this in a server block whose root is the export folder.
        location = /latest.json { add_header Cache-Control "public, max-age=30, stale-while-revalidate=30"; }
        location /data/ { add_header Cache-Control "public, max-age=31536000, immutable"; }
        location / {
            add_header Cache-Control "public, max-age=60, stale-while-revalidate=60";
            try_files $uri $uri/index.html =404;
        }
        types { text/html html; text/css css; application/javascript js; application/json json; text/csv csv; image/svg+xml svg; }
        charset utf-8;

        """;
}
