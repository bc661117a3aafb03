using System.Security.Claims;
using System.Text.Encodings.Web;
using Madang.Core.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Madang.Web.Infrastructure;

/// <summary>Authenticates machine clients by <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Policy = "apikey";
    public const string OrganisationClaim = "apikey:org";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.VerifyAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Invalid or revoked API key.");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim("apikey:id", key.Id.ToString()),
            new Claim("apikey:name", key.Name),
            new Claim(OrganisationClaim, key.OrganisationId.ToString()),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"madang\"";
        return Task.CompletedTask;
    }
}
