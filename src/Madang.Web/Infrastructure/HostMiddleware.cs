using Madang.Core.Web;

namespace Madang.Web.Infrastructure;

/// <summary><c>/</c> sends a first visitor to the language their browser asks for (or their last choice).</summary>
public static class RootRedirect
{
    public static IResult Handle(HttpContext context)
    {
        context.Response.Headers.Vary = "Accept-Language, Cookie";
        return Results.Redirect("/" + CultureMiddleware.Preferred(context) + "/");
    }
}

/// <summary>Security headers on every response: a CSP without inline script, no sniffing, no framing.</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, Microsoft.Extensions.Options.IOptions<MapOptions> map)
{
    /// <summary>Images may come from here and, when maps are on, from the configured tile server only.</summary>
    private readonly string images = "img-src 'self' data:" + (TileOrigin(map.Value.TileUrl) is { } origin ? " " + origin : string.Empty);

    /// <summary>The origin of a tile URL template, as a CSP source: <c>https://{s}.tile.example.org/{z}/…</c> → <c>https://*.tile.example.org</c>.</summary>
    public static string? TileOrigin(string? template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return null;
        }

        var t = template.Replace("{s}", "sub", StringComparison.Ordinal);
        if (!Uri.TryCreate(t, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var host = template.Contains("{s}", StringComparison.Ordinal) ? "*" + uri.Host[3..] : uri.Host;
        return uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            var docs = context.Request.Path.StartsWithSegments("/api/docs", StringComparison.OrdinalIgnoreCase);
            // Swagger UI's bundled page needs inline styles; its scripts are still served from here only.
            h.ContentSecurityPolicy = docs
                ? "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'"
                : "default-src 'self'; " + images + "; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'";
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
