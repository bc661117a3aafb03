using System.Security.Cryptography;
using System.Text;
using Madang.Core.Audit;
using Madang.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madang.Core.Identity;

/// <summary>How sure the site is that an account is one real resident; each action names the level it needs.</summary>
/// <remarks>Ordered as CONSUL's levels are: every level above <see cref="Email"/> also needs a confirmed e-mail.</remarks>
public enum VerificationLevel
{
    None = 0,

    /// <summary>The e-mail address is confirmed.</summary>
    Email = 1,

    /// <summary>A mobile number is confirmed by a code sent to it by SMS.</summary>
    Phone = 2,

    /// <summary>Matched against the census list the city uploaded: one resident, one account.</summary>
    Census = 3,
}

/// <summary>One resident on the census list, kept only as a keyed hash of identifier and birth date.</summary>
public sealed class CensusEntry
{
    public long Id { get; set; }

    /// <summary>HMAC-SHA256 of the normalised identifier and birth date (hex).</summary>
    public required string Hash { get; set; }

    /// <summary>The account this resident verified; a resident verifies one account only.</summary>
    public Guid? ClaimedBy { get; set; }

    public DateTimeOffset? ClaimedAt { get; set; }

    public DateTimeOffset ImportedAt { get; set; }
}

/// <summary>Census settings (<c>Madang:Census</c>).</summary>
public sealed class CensusOptions
{
    /// <summary>The HMAC key. Set it outside the database in production, so that a copy of the database alone cannot
    /// test guesses of identifiers against the hashes.</summary>
    public string? Secret { get; set; }
}

/// <summary>Reads and raises a person's verification level; matches residents against the hashed census list.</summary>
public sealed class VerificationService(MadangDbContext db, AuditLog audit, TimeProvider clock, IOptions<CensusOptions> options)
{
    /// <summary>The level an account has reached now.</summary>
    public static VerificationLevel LevelOf(MadangUser user) => !user.EmailConfirmed ? VerificationLevel.None
        : user.CensusVerifiedAt is not null ? VerificationLevel.Census
        : user.PhoneNumberConfirmed ? VerificationLevel.Phone
        : VerificationLevel.Email;

    public async Task<VerificationLevel> LevelOfAsync(Guid userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        return user is null ? VerificationLevel.None : LevelOf(user);
    }

    /// <summary>Identifiers are compared without spaces, hyphens or case, birth dates as yyyy-MM-dd.</summary>
    public static string Normalise(string identifier) =>
        new(identifier.Normalize(NormalizationForm.FormKC).Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    public string Hash(string identifier, DateOnly birthDate)
    {
        var key = Encoding.UTF8.GetBytes(options.Value.Secret is { Length: > 0 } s ? s : DevelopmentSecret);
        var text = Normalise(identifier) + "|" + birthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
    }

    // Used only when no secret is configured (the embedded demo); `census import` warns about it.
    internal const string DevelopmentSecret = "madang-development-census-key";

    public bool HasConfiguredSecret => options.Value.Secret is { Length: > 0 };

    /// <summary>Adds residents to the list; ones already on it are left as they are. Returns how many were added.</summary>
    public async Task<int> ImportAsync(IEnumerable<(string Identifier, DateOnly BirthDate)> residents, Actor actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var hashes = residents.Where(r => Normalise(r.Identifier).Length > 0).Select(r => Hash(r.Identifier, r.BirthDate)).Distinct().ToList();
        var added = 0;
        foreach (var chunk in hashes.Chunk(500))
        {
            var known = await db.CensusEntries.Where(c => chunk.Contains(c.Hash)).Select(c => c.Hash).ToListAsync(ct);
            foreach (var h in chunk.Except(known))
            {
                db.CensusEntries.Add(new CensusEntry { Hash = h, ImportedAt = now });
                added++;
            }

            await db.SaveChangesAsync(ct);
        }

        audit.Record(actor, "census.imported", "census", null, $"{added} added of {hashes.Count}");
        await db.SaveChangesAsync(ct);
        return added;
    }

    /// <summary>Matches a person against the list. The answer says why not, without saying whether the resident exists.</summary>
    public async Task<CensusMatch> MatchAsync(Guid userId, string identifier, DateOnly birthDate, CancellationToken ct = default)
    {
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        if (!user.EmailConfirmed)
        {
            return CensusMatch.EmailNotConfirmed;
        }

        if (user.CensusVerifiedAt is not null)
        {
            return CensusMatch.Verified;
        }

        var hash = Hash(identifier, birthDate);
        var now = clock.GetUtcNow();
        // One statement claims the entry, so two accounts racing for one resident cannot both win.
        var claimed = await db.CensusEntries.Where(c => c.Hash == hash && c.ClaimedBy == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimedBy, userId).SetProperty(c => c.ClaimedAt, now), ct);
        if (claimed == 0)
        {
            audit.Record(new Actor(userId, user.DisplayName), "census.match-failed", "user", userId.ToString());
            await db.SaveChangesAsync(ct);
            return CensusMatch.NotMatched;
        }

        user.CensusVerifiedAt = now;
        audit.Record(new Actor(userId, user.DisplayName), "census.matched", "user", userId.ToString());
        await db.SaveChangesAsync(ct);
        return CensusMatch.Verified;
    }
}

/// <summary>The outcome of a census match.</summary>
public enum CensusMatch
{
    Verified,
    NotMatched,
    EmailNotConfirmed,
}
