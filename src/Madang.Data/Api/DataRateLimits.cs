using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;

namespace Madang.Data.Api;

/// <summary>
/// The data APIs' limits (<c>Madang:Data:RateLimits:*</c>): a fixed window per API key for heavy users, a smaller one per client
/// address for anonymous callers. Like the kernel's write limit, state is per node; a 429 carries Retry-After and CKAN's error body.
/// </summary>
public sealed class DataRateLimits(IConfiguration configuration) : IRateLimiterPolicy<string>
{
    public const string Policy = "data";

    private int KeyPermits => configuration.GetValue("Madang:Data:RateLimits:PerKeyPerMinute", 1200);

    private int AnonymousPermits => configuration.GetValue("Madang:Data:RateLimits:AnonymousPerMinute", 300);

    private TimeSpan Window => configuration.GetValue("Madang:Data:RateLimits:Window", TimeSpan.FromMinutes(1));

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, ct) =>
    {
        var http = context.HttpContext;
        var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var help = $"{http.Request.Scheme}://{http.Request.Host}/api/3/action/help_show";
        await CkanApi.WriteErrorAsync(http, help, new CkanException("Rate Limit Error", StatusCodes.Status429TooManyRequests,
            $"Too many requests: try again in {seconds} s"), ct);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        // An invalid key is refused before any work (the API answers 403), so a made-up key buys no extra reads.
        var key = DataCaller.KeyOf(httpContext.Request);
        var (name, permits) = key is null
            ? ("ip:" + (httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown"), AnonymousPermits)
            : ("key:" + DataCaller.Fingerprint(key), KeyPermits);
        return RateLimitPartition.GetFixedWindowLimiter(name, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = Window,
            QueueLimit = 0,
        });
    }
}
