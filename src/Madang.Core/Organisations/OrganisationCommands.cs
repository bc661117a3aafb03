using System.Text.RegularExpressions;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Core.Search;
using Microsoft.EntityFrameworkCore;

namespace Madang.Core.Organisations;

/// <summary>The outcome of a command: done, or a list of problems keyed by field.</summary>
public sealed record CommandResult<T>(T? Value, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>Builds <see cref="CommandResult{T}"/> values.</summary>
public static class CommandResult
{
    public static CommandResult<T> Ok<T>(T value) => new(value, new Dictionary<string, string>());

    public static CommandResult<T> Fail<T>(string field, string errorKey) => new(default, new Dictionary<string, string> { [field] = errorKey });
}

/// <summary>What an organisation is given when created or edited.</summary>
public sealed record OrganisationInput(string Code, LocalizedText Name, string? ParentCode, OrganisationKind Kind, int SortOrder = 0, bool IsActive = true);

/// <summary>Creates and edits organisations: validation, audit and search index in one transaction.</summary>
public sealed partial class OrganisationCommands(MadangDbContext db, AuditLog audit, ISearchIndex search, TimeProvider clock)
{
    public const string SearchType = "organisation";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")]
    private static partial Regex CodePattern();

    public async Task<CommandResult<Organisation>> CreateAsync(OrganisationInput input, Actor actor, CancellationToken ct = default)
    {
        var check = await ValidateAsync(input, null, ct);
        if (check.Errors.Count > 0)
        {
            return new CommandResult<Organisation>(null, check.Errors);
        }

        var org = new Organisation
        {
            Id = Guid.NewGuid(),
            Code = input.Code.Trim(),
            Name = Clean(input.Name),
            ParentId = check.ParentId,
            Kind = input.Kind,
            SortOrder = input.SortOrder,
            IsActive = input.IsActive,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Organisations.Add(org);
        audit.Record(actor, "core.organisation.created", "organisation", org.Code, new { org.Code, ParentCode = input.ParentCode, Kind = org.Kind.ToString() }, org.Id);
        await IndexAsync(org, null, ct);
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok(org);
    }

    public async Task<CommandResult<Organisation>> UpdateAsync(Guid id, OrganisationInput input, Actor actor, CancellationToken ct = default)
    {
        var org = await db.Organisations.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (org is null)
        {
            return CommandResult.Fail<Organisation>(string.Empty, "error.notfound");
        }

        var check = await ValidateAsync(input, org, ct);
        if (check.Errors.Count > 0)
        {
            return new CommandResult<Organisation>(null, check.Errors);
        }

        var previousCode = org.Code;
        org.Code = input.Code.Trim();
        org.Name = Clean(input.Name);
        org.ParentId = check.ParentId;
        org.Kind = input.Kind;
        org.SortOrder = input.SortOrder;
        org.IsActive = input.IsActive;
        audit.Record(actor, "core.organisation.updated", "organisation", org.Code, new { org.Code, ParentCode = input.ParentCode, Kind = org.Kind.ToString(), org.IsActive }, org.Id);
        await IndexAsync(org, previousCode, ct);
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok(org);
    }

    private async Task IndexAsync(Organisation org, string? previousCode, CancellationToken ct)
    {
        if (previousCode is not null && previousCode != org.Code)
        {
            // The code is the entry's key: a renamed code would otherwise leave the old entry behind as drift.
            await search.RemoveAsync(SearchType, previousCode, ct);
        }

        if (OrganisationSearch.Build(org) is not { } doc)
        {
            await search.RemoveAsync(SearchType, org.Code, ct);
            return;
        }

        await search.UpsertAsync(doc, ct);
    }

    private static LocalizedText Clean(LocalizedText t) => new()
    {
        Ko = Trim(t.Ko), Ja = Trim(t.Ja), En = Trim(t.En), ZhHans = Trim(t.ZhHans), ZhHant = Trim(t.ZhHant),
    };

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private async Task<(Guid? ParentId, Dictionary<string, string> Errors)> ValidateAsync(OrganisationInput input, Organisation? existing, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var code = input.Code?.Trim() ?? string.Empty;
        if (!CodePattern().IsMatch(code))
        {
            errors["Code"] = "org.error.code";
        }
        else if (await db.Organisations.AnyAsync(o => o.Code == code && (existing == null || o.Id != existing.Id), ct))
        {
            errors["Code"] = "org.error.duplicate";
        }

        if (!input.Name.All().Any())
        {
            errors["Name"] = "org.error.name";
        }

        Guid? parentId = null;
        if (!string.IsNullOrWhiteSpace(input.ParentCode))
        {
            var parent = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Code == input.ParentCode.Trim(), ct);
            if (parent is null)
            {
                errors["ParentCode"] = "org.error.parent";
            }
            else if (existing is not null && (await OrganisationTree.AncestorsAndSelfAsync(db, parent.Id, ct)).Contains(existing.Id))
            {
                errors["ParentCode"] = "org.error.cycle";
            }
            else
            {
                parentId = parent.Id;
            }
        }

        return (parentId, errors);
    }
}
