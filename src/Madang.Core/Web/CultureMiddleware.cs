using System.Globalization;
using Madang.Core.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Diagnostics;

namespace Madang.Core.Web;

/// <summary>Sets the request's language from the URL, else the last choice (cookie), else the browser, else the site default.</summary>
public sealed class CultureMiddleware(RequestDelegate next)
{
    public const string CookieName = "madang.lang";
    private const string ItemKey = "madang.culture";

    public async Task InvokeAsync(HttpContext context)
    {
        var culture = FromPath(context.Request.Path)
            ?? FromPath(context.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath)
            ?? FromPath(context.Features.Get<IExceptionHandlerPathFeature>()?.Path)
            ?? Preferred(context);
        context.Items[ItemKey] = culture;
        var info = CultureInfo.GetCultureInfo(culture);
        CultureInfo.CurrentCulture = info;
        CultureInfo.CurrentUICulture = info;
        await next(context);
    }

    /// <summary>The language chosen for this request.</summary>
    public static string Current(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var c) && c is string s ? s : SiteCultures.Default;

    public static string Preferred(HttpContext context)
    {
        var cookie = context.Request.Cookies[CookieName];
        if (SiteCultures.IsSupported(cookie))
        {
            return cookie!;
        }

        return SiteCultures.FromAcceptLanguage(context.Request.Headers.AcceptLanguage.ToString())
            ?? context.RequestServices.GetRequiredService<SiteSettingsProvider>().Current.DefaultLanguage;
    }

    public static string? FromPath(PathString? path)
    {
        var value = path?.Value;
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var segment = value.TrimStart('/').Split('/', 2)[0];
        return SiteCultures.IsSupported(segment) ? segment : null;
    }

    /// <summary>The same page in another language: the first path segment swapped, the query kept.</summary>
    public static string SwitchTo(HttpContext context, string culture)
    {
        var path = context.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath ?? context.Request.Path.Value ?? "/";
        var query = context.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalQueryString ?? context.Request.QueryString.Value;
        var rest = FromPath(path) is null ? path.TrimStart('/') : (path.TrimStart('/').Split('/', 2) is [_, var tail] ? tail : string.Empty);
        return "/" + culture + "/" + rest + query;
    }
}

/// <summary>Matches the five URL languages.</summary>
public sealed class SiteCultureRouteConstraint : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var v) && SiteCultures.IsSupported(v as string);
}
