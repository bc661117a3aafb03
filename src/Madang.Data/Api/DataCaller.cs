using System.Security.Cryptography;
using System.Text;
using Madang.Core.ApiKeys;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Microsoft.AspNetCore.Http;

namespace Madang.Data.Api;

/// <summary>
/// Who calls the data APIs: anonymous, or a kernel API key acting for its organisation and those under it. CKAN clients send the
/// key bare in <c>Authorization</c> or in <c>X-CKAN-API-Key</c>; <c>Authorization: Bearer</c> works too, as for the Release intake.
/// </summary>
public sealed record DataCaller(ApiKey? Key, IReadOnlyCollection<Guid> Scope)
{
    public static readonly DataCaller Anonymous = new(null, []);

    public bool IsAnonymous => Key is null;

    public bool CanWrite(Guid organisationId) => Scope.Contains(organisationId);

    public Actor Actor => Key is null ? Actor.System : new Actor(null, "apikey:" + Key.Name);

    /// <summary>The key a request carries, unverified, or null.</summary>
    public static string? KeyOf(HttpRequest request)
    {
        var ckan = request.Headers["X-CKAN-API-Key"].ToString().Trim();
        if (ckan.Length > 0)
        {
            return ckan;
        }

        var auth = request.Headers.Authorization.ToString().Trim();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            auth = auth["Bearer ".Length..].Trim();
        }

        return auth.Length > 0 ? auth : null;
    }

    /// <summary>A short stable name for a key's rate-limit bucket; never the key itself.</summary>
    public static string Fingerprint(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];

    /// <summary>The caller; null when a key was sent but is unknown or revoked (the request must fail, not fall back to anonymous).</summary>
    public static async Task<DataCaller?> ResolveAsync(HttpContext http, ApiKeyService keys, MadangDbContext db, CancellationToken ct)
    {
        var secret = KeyOf(http.Request);
        if (secret is null)
        {
            return Anonymous;
        }

        var key = await keys.VerifyAsync(secret, ct);
        if (key is null)
        {
            return null;
        }

        var scope = await OrganisationTree.DescendantsAndSelfAsync(db, key.OrganisationId, ct);
        return new DataCaller(key, scope.ToHashSet());
    }
}
