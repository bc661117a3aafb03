using System.Net;
using Madang.Core.Permissions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests;

/// <summary>Walks every page and endpoint: anonymous visitors and the wrong roles are refused where they must be.</summary>
public sealed class PermissionTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly string[] AdminPages =
        ["admin", "admin/organisations", "admin/organisations/CITY", "admin/people", "admin/settings", "admin/api-keys", "admin/audit", "admin/jobs"];

    private static readonly string[] AdministratorOnly =
        ["admin/organisations", "admin/people", "admin/settings", "admin/api-keys", "admin/audit", "admin/jobs"];

    /// <summary>Every route the app serves, with sample values for its parameters.</summary>
    private IEnumerable<(string Path, bool RequiresAuth)> AllGetRoutes()
    {
        var sources = fixture.App.Services.GetServices<EndpointDataSource>();
        foreach (var e in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().DistinctBy(e => e.RoutePattern.RawText))
        {
            var raw = e.RoutePattern.RawText ?? string.Empty;
            if (raw.Contains("{**", StringComparison.Ordinal) || raw.StartsWith("/openapi", StringComparison.Ordinal) || raw.Contains("metrics", StringComparison.Ordinal))
            {
                continue;
            }

            var methods = e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods;
            if (methods is not null && !methods.Contains("GET"))
            {
                continue;
            }

            var path = "/" + System.Text.RegularExpressions.Regex.Replace(raw.TrimStart('/'), @"\{([a-z]+)[^}]*\}", m => m.Groups[1].Value switch
            {
                "culture" => "en",
                "code" => raw.Contains("error", StringComparison.Ordinal) ? "404" : "CITY",
                "id" => m.Value.Contains(":long", StringComparison.Ordinal) ? "987654321" : Guid.NewGuid().ToString(),
                _ => string.Empty,
            }, System.Text.RegularExpressions.RegexOptions.IgnoreCase).TrimEnd('/');
            var requiresAuth = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0 && e.Metadata.GetMetadata<IAllowAnonymous>() is null;
            yield return (path == string.Empty ? "/" : path, requiresAuth);
        }
    }

    [Fact]
    public async Task EveryRoute_AnonymousIsRefusedExactlyWhereAuthorizationIsDeclared()
    {
        var client = fixture.App.Client();
        var routes = AllGetRoutes().ToList();
        Assert.Contains(routes, r => r.Path == "/en/admin/jobs" && r.RequiresAuth);
        // The refusal page itself answers 403 to everyone: it is where refusals are explained.
        foreach (var (path, requiresAuth) in routes.Where(r => !r.Path.EndsWith("/account/access-denied", StringComparison.Ordinal)))
        {
            var res = await client.GetAsync(path);
            var refused = res.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                || (res.StatusCode == HttpStatusCode.Redirect && res.Headers.Location!.OriginalString.Contains("/account/signin?returnUrl=", StringComparison.Ordinal));
            Assert.True(requiresAuth == refused, $"{path}: requires auth = {requiresAuth}, but anonymous got {(int)res.StatusCode} {res.Headers.Location}");
        }
    }

    [Fact]
    public void StaffAndAccountAreas_DeclareAuthorization()
    {
        var routes = AllGetRoutes().ToList();
        foreach (var (path, requiresAuth) in routes.Where(r => r.Path.Contains("/admin", StringComparison.Ordinal) || r.Path.Contains("/account/manage", StringComparison.Ordinal) || r.Path.Contains("/account/inbox", StringComparison.Ordinal)))
        {
            Assert.True(requiresAuth, $"{path} must require sign-in");
        }
    }

    [Fact]
    public async Task Citizen_IsRefusedStaffPages()
    {
        var (user, _) = await People.CreateAsync(fixture.App, Roles.Citizen, totp: false);
        var client = await People.SignInAsync(fixture.App, user, null);
        foreach (var page in AdminPages)
        {
            var res = await client.GetAsync("/en/" + page);
            Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
            Assert.Contains("/account/access-denied", res.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Administrator_WithoutTotp_IsRefusedAndSentToEnrol()
    {
        var (user, _) = await People.CreateAsync(fixture.App, Roles.Administrator, totp: false);
        var client = await People.SignInAsync(fixture.App, user, null);
        var res = await client.GetAsync("/en/admin");
        Assert.Contains("/account/access-denied", res.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var denied = await client.GetAsync(res.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("/en/account/manage/two-factor", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Administrator_WithTotp_ReachesEveryAdminPage()
    {
        var org = await People.OrganisationAsync(fixture.App);
        var (user, secret) = await People.CreateAsync(fixture.App, Roles.Administrator, totp: true);
        var client = await People.SignInAsync(fixture.App, user, secret);
        foreach (var page in AdminPages)
        {
            var res = await client.GetAsync("/en/" + page.Replace("CITY", org.Code, StringComparison.Ordinal));
            Assert.True(res.StatusCode == HttpStatusCode.OK, $"{page}: {(int)res.StatusCode}");
        }
    }

    [Fact]
    public async Task Reviewer_WithTotp_ReachesStaffHomeButNotAdministration()
    {
        var (user, secret) = await People.CreateAsync(fixture.App, Roles.Reviewer, totp: true);
        var client = await People.SignInAsync(fixture.App, user, secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/en/admin")).StatusCode);
        foreach (var page in AdministratorOnly)
        {
            var res = await client.GetAsync("/en/" + page);
            Assert.Contains("/account/access-denied", res.Headers.Location?.OriginalString ?? "(no redirect)", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DepartmentScope_MemberOfAncestorAllowed_OtherDepartmentRefused()
    {
        var bureau = await People.OrganisationAsync(fixture.App);
        var division = await People.OrganisationAsync(fixture.App, bureau.Code);
        var other = await People.OrganisationAsync(fixture.App);
        var (user, _) = await People.CreateAsync(fixture.App, Roles.DepartmentHead, totp: true, orgCode: bureau.Code);

        await using var scope = fixture.App.Services.CreateAsyncScope();
        var auth = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, user.Id.ToString()),
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, Roles.DepartmentHead),
            new System.Security.Claims.Claim(MadangClaims.AuthenticationMethod, MadangClaims.MultiFactor),
        ], "test"));
        var policy = KernelPermissions.ActForDepartment.Policy;
        Assert.True((await auth.AuthorizeAsync(principal, new OrganisationScope(division.Id), policy)).Succeeded);
        Assert.True((await auth.AuthorizeAsync(principal, new OrganisationScope(bureau.Id), policy)).Succeeded);
        Assert.False((await auth.AuthorizeAsync(principal, new OrganisationScope(other.Id), policy)).Succeeded);

        var withoutMfa = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(principal.Claims.Where(c => c.Type != MadangClaims.AuthenticationMethod), "test"));
        Assert.False((await auth.AuthorizeAsync(withoutMfa, new OrganisationScope(division.Id), policy)).Succeeded);
    }
}
