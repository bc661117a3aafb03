using System.Security.Cryptography;
using System.Text;
using Madang.Core.Audit;
using Madang.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Madang.Core.ApiKeys;

/// <summary>Creates, verifies and revokes API keys. The secret is shown once and only its hash is kept.</summary>
public sealed class ApiKeyService(MadangDbContext db, AuditLog audit, TimeProvider clock)
{
    public const string KeyPrefix = "mdg_";

    /// <summary>Creates a key in the caller's unit of work; returns the entity and the secret to show once.</summary>
    public (ApiKey Key, string Secret) Create(Guid organisationId, string name, Actor actor)
    {
        // 32 random bytes: a hash without a salt or a slow KDF is enough, since nobody can guess the input.
        var secret = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            OrganisationId = organisationId,
            Name = name,
            Prefix = secret[..12],
            Hash = Hash(secret),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor.UserId,
        };
        db.ApiKeys.Add(key);
        audit.Record(actor, "core.apikey.created", "apikey", key.Id.ToString(), new { key.Name, key.Prefix }, organisationId);
        return (key, secret);
    }

    public async Task<ApiKey?> VerifyAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(KeyPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }

        var hash = Hash(secret);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Hash == hash, ct);
        if (key is null || key.RevokedAt is not null)
        {
            return null;
        }

        // Record use at most once a minute, so a busy client does not turn every read into a write.
        var now = clock.GetUtcNow();
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }

        return key;
    }

    public async Task<bool> RevokeAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null || key.RevokedAt is not null)
        {
            return false;
        }

        key.RevokedAt = clock.GetUtcNow();
        audit.Record(actor, "core.apikey.revoked", "apikey", key.Id.ToString(), new { key.Name, key.Prefix }, key.OrganisationId);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
