using System.Security.Claims;
using System.Text.Json;
using Madang.Core.Data;

namespace Madang.Core.Audit;

/// <summary>Who is acting: a signed-in person, an API key or the system.</summary>
public sealed record Actor(Guid? UserId, string Name)
{
    public static readonly Actor System = new(null, "system");

    public static Actor From(ClaimsPrincipal user)
    {
        var id = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var g) ? g : (Guid?)null;
        var name = user.FindFirstValue("apikey:name") is { } key ? "apikey:" + key : user.Identity?.Name ?? "anonymous";
        return new Actor(id, name);
    }
}

/// <summary>Adds audit entries to the caller's unit of work, so they commit (or roll back) with the change itself.</summary>
public sealed class AuditLog(MadangDbContext db, TimeProvider clock)
{
    public AuditEntry Record(Actor actor, string action, string? targetType = null, string? targetId = null,
        object? details = null, Guid? organisationId = null)
    {
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorId = actor.UserId,
            ActorName = actor.Name,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            OrganisationId = organisationId,
            Details = details is null ? null : JsonSerializer.Serialize(details),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}
