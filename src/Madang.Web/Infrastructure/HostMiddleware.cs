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
    /// <summary>Images may come from here and, when maps are on, from the configured tile server; a page may add more.</summary>
    private readonly string? tiles = PageSecurity.Origin(map.Value.TileUrl);

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            var docs = context.Request.Path.StartsWithSegments("/api/docs", StringComparison.OrdinalIgnoreCase);
            // Swagger UI's bundled page needs inline styles; its scripts are still served from here only.
            h.ContentSecurityPolicy = docs
                ? "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'"
                : "default-src 'self'; " + string.Join(' ', new[] { "img-src 'self' data:", tiles }.Concat(PageSecurity.ImageSources(context)).OfType<string>().Distinct())
                    + "; " + string.Join(' ', new[] { "style-src 'self'", PageSecurity.StyleSource(context) }.OfType<string>())
                    + "; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'";
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
