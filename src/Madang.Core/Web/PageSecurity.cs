using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Madang.Core.Web;

/// <summary>
/// What one page adds to the site's Content Security Policy: image origins it shows (a region's or the city's tile
/// server) and a nonce for a style element it writes (a region's colour). Everything else stays 'self' only.
/// </summary>
public static class PageSecurity
{
    private const string ImagesKey = "Madang.Csp.Images";
    private const string NonceKey = "Madang.Csp.StyleNonce";

    /// <summary>Lets this response show images from the origin of <paramref name="urlOrTemplate"/> (a tile URL template is fine).</summary>
    public static void AllowImagesFrom(HttpContext context, string? urlOrTemplate)
    {
        if (Origin(urlOrTemplate) is not { } origin)
        {
            return;
        }

        if (context.Items[ImagesKey] is not HashSet<string> set)
        {
            context.Items[ImagesKey] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(origin);
    }

    /// <summary>The nonce a <c>&lt;style&gt;</c> element of this response carries; made on first use.</summary>
    public static string StyleNonce(HttpContext context)
    {
        if (context.Items[NonceKey] is not string nonce)
        {
            context.Items[NonceKey] = nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        }

        return nonce;
    }

    /// <summary>The image sources this response added, as CSP source expressions.</summary>
    public static IEnumerable<string> ImageSources(HttpContext context) =>
        context.Items[ImagesKey] is HashSet<string> set ? set.Order(StringComparer.Ordinal) : [];

    public static string? StyleSource(HttpContext context) => context.Items[NonceKey] is string nonce ? $"'nonce-{nonce}'" : null;

    /// <summary>The origin of a URL or tile template, as a CSP source: <c>https://{s}.tile.example.org/{z}/…</c> → <c>https://*.tile.example.org</c>.</summary>
    public static string? Origin(string? template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return null;
        }

        var subdomains = template.Contains("{s}", StringComparison.Ordinal);
        var t = template.Replace("{s}", "sub", StringComparison.Ordinal);
        if (!Uri.TryCreate(t, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var host = subdomains && uri.Host.StartsWith("sub.", StringComparison.Ordinal) ? "*" + uri.Host[3..] : uri.Host;
        return uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
    }
}
