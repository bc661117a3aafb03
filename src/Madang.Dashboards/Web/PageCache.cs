using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Madang.Dashboards.Web;

/// <summary>
/// ETag and Cache-Control for public dashboard pages and downloads: the tag is a hash of what the response is made
/// from (the region's revision, its data versions, the language, the view), so a CDN or browser revalidates cheaply
/// and a new dataset version or an edit shows within the max-age.
/// </summary>
public static class PageCache
{
    public const int MaxAgeSeconds = 60;

    /// <summary>Sets the headers; true when the client's copy is current (the caller answers 304).</summary>
    public static bool NotModified(HttpContext http, params string[] parts)
    {
        var tag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))))[..32] + "\"";
        // Signed-in readers see their own header (name, staff links): only their browser may keep the page.
        var signedIn = http.User.Identity?.IsAuthenticated == true;
        http.Response.Headers.ETag = tag;
        http.Response.Headers.CacheControl = signedIn ? "private, no-cache" : $"public, max-age={MaxAgeSeconds}, stale-while-revalidate={MaxAgeSeconds}";
        http.Response.Headers.Vary = "Cookie";
        var sent = http.Request.Headers[HeaderNames.IfNoneMatch].ToString();
        return sent.Length > 0 && sent.Split(',').Any(t => t.Trim() == tag || t.Trim() == "*");
    }
}
