using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Data.Catalog;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Madang.Participation.Consultations;
using Madang.Participation.Domain;
using Madang.Participation.Processes;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.OpenData;

/// <summary>
/// Publishes participation as open data in the catalogue: proposals with their supports and status, official answers
/// with their deadlines, and consultation results. Anonymous by construction: no author, supporter or respondent appears,
/// only public (masked) text and counts. A run that finds the same rows adds no version, so the sweep can run it daily.
/// </summary>
public sealed class ParticipationOpenData(MadangDbContext db, CatalogService catalog, ConsultationService consultations, TimeProvider clock)
{
    public const string Proposals = "participation-proposals";
    public const string Answers = "participation-answers";
    public const string Results = "participation-consultation-results";

    private static readonly Actor Publisher = new(null, "participation open data");

    /// <summary>Publishes the three datasets under <paramref name="organisationId"/>; returns how many got a new version.</summary>
    public async Task<int> PublishAsync(Guid organisationId, CancellationToken ct = default)
    {
        var added = 0;
        added += await PublishAsync(Proposals, organisationId, LocalizedText.Of("시민제안 목록", "市民提案一覧", "Citizen proposals", "市民建议列表", "市民提案列表"), await ProposalsCsvAsync(ct), ct) ? 1 : 0;
        added += await PublishAsync(Answers, organisationId, LocalizedText.Of("제안에 대한 공식 답변", "提案への公式回答", "Official answers to proposals", "对建议的正式答复", "提案的正式回覆"), await AnswersCsvAsync(ct), ct) ? 1 : 0;
        added += await PublishAsync(Results, organisationId, LocalizedText.Of("시가 묻습니다 결과", "市からの問いかけの結果", "Consultation results", "市政府问您结果", "市府想問您結果"), await ResultsCsvAsync(ct), ct) ? 1 : 0;
        return added;
    }

    private async Task<bool> PublishAsync(string name, Guid organisationId, LocalizedText title, byte[] csv, CancellationToken ct)
    {
        var d = await catalog.FindAsync(name, ct: ct) ?? await catalog.SaveAsync(new DatasetInput
        {
            Name = name, OrganisationId = organisationId, Title = title, Description = title, LicenseId = "CC-BY-4.0", Frequency = "DAILY",
            Tags = ["participation"],
        }, Publisher, ct: ct);
        var r = d.Resources.OrderBy(x => x.Position).FirstOrDefault()
            ?? await catalog.AddResourceAsync(d, new DataResource { Name = title, Kind = ResourceKind.Upload, Format = "CSV" }, Publisher, ct);
        var sha = Convert.ToHexStringLower(SHA256.HashData(csv));
        if ((await catalog.LatestVersionAsync(r.Id, ct))?.Sha256 == sha)
        {
            return false;
        }

        await catalog.AddVersionAsync(d, r, new MemoryStream(csv), name + ".csv",
            "participation export " + clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Publisher, ct);
        return true;
    }

    internal async Task<byte[]> ProposalsCsvAsync(CancellationToken ct)
    {
        var processes = await db.Set<Process>().AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Slug, ct);
        var orgs = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        var rows = await db.Set<Proposal>().AsNoTracking()
            .Where(p => p.Status == ProposalStatus.Open || p.Status == ProposalStatus.Concluded || p.Status == ProposalStatus.Expired)
            .OrderBy(p => p.Id)
            .Select(p => new { p, Supports = db.Set<Support>().Count(s => s.ProposalId == p.Id) }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var owed = (await db.Set<Obligation>().AsNoTracking().ToListAsync(ct)).ToLookup(o => o.ProposalId);
        var latest = (await db.Set<Answer>().AsNoTracking().ToListAsync(ct)).GroupBy(a => a.ProposalId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.At)!);
        return Csv(["id", "process", "title", "category", "district", "status", "steps_reached", "supports", "published", "department", "answer_status", "overdue"],
            rows.Select(x => new object?[]
            {
                x.p.Id, processes.GetValueOrDefault(x.p.ProcessId), x.p.PublicTitle, x.p.Category, x.p.District, x.p.Status.ToString().ToLowerInvariant(), x.p.Stage,
                x.Supports, Date(x.p.PublishedAt), x.p.DepartmentId is { } d ? orgs.GetValueOrDefault(d) : null,
                latest.TryGetValue(x.p.Id, out var a) ? a.Status.ToString().ToLowerInvariant() : null, owed[x.p.Id].Any(o => o.IsOverdue(now)),
            }));
    }

    internal async Task<byte[]> AnswersCsvAsync(CancellationToken ct)
    {
        var orgs = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        var rows = await (from o in db.Set<Obligation>().AsNoTracking()
                          join p in db.Set<Proposal>() on o.ProposalId equals p.Id
                          where p.Status == ProposalStatus.Open || p.Status == ProposalStatus.Concluded || p.Status == ProposalStatus.Expired
                          orderby o.ProposalId, o.Step
                          select new { o, Answer = db.Set<Answer>().FirstOrDefault(a => a.Id == o.AnswerId) }).ToListAsync(ct);
        return Csv(["proposal_id", "step", "owed_by", "kind", "due", "answered", "on_time", "answer_status", "answer"],
            rows.Select(x => new object?[]
            {
                x.o.ProposalId, x.o.Step, x.o.OrganisationId is { } g ? orgs.GetValueOrDefault(g) : null, x.o.Kind.ToString().ToLowerInvariant(),
                Date(x.o.DueAt), Date(x.o.AnsweredAt), x.o.AnsweredAt is null ? null : x.o.AnsweredAt <= x.o.DueAt,
                x.Answer?.Status.ToString().ToLowerInvariant(), x.Answer?.Text,
            }));
    }

    internal async Task<byte[]> ResultsCsvAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = new List<object?[]>();
        // Results are published as the pages publish them: once a consultation has closed, or all along when live.
        foreach (var c in await db.Set<Consultation>().AsNoTracking().Where(c => c.Kind == ConsultationKind.Vote && (c.ClosesAt <= now || c.ResultsLive)).OrderBy(c => c.Id).ToListAsync(ct))
        {
            var r = await consultations.ResultsAsync(c, ct);
            var options = c.OptionList;
            void Add(string kind, string? group, IReadOnlyList<int> counts)
            {
                var total = counts.Sum();
                for (var i = 0; i < options.Count; i++)
                {
                    rows.Add([c.Id, c.Title, kind, group, options[i], counts[i], kind == "all" ? Math.Round(r.Share(i), 1) : null, kind == "all" ? r.Respondents : total]);
                }
            }

            Add("all", null, r.Counts);
            foreach (var (d, counts) in r.ByDistrict)
            {
                Add("district", d, counts);
            }

            foreach (var (a, counts) in r.ByAgeBand)
            {
                Add("age_band", a, counts);
            }
        }

        return Csv(["consultation_id", "title", "breakdown", "group", "option", "count", "percent", "base"], rows);
    }

    private static string? Date(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static byte[] Csv(IReadOnlyList<string> header, IEnumerable<object?[]> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', header.Select(h => DatastoreService.Cell(h))).Append("\r\n");
        foreach (var row in rows)
        {
            sb.AppendJoin(',', row.Select(v => DatastoreService.Cell(v switch
            {
                null => string.Empty,
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => v.ToString() ?? string.Empty,
            }))).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}

/// <summary>Publishes participation's open data once a day, under the organisation named by
/// <c>Madang:Participation:OpenDataOrganisation</c>, and queues the next day's run.</summary>
public sealed class OpenDataJob(ParticipationOpenData openData, Core.Jobs.JobQueue jobs, Microsoft.Extensions.Options.IOptions<Proposals.ParticipationOptions> options, TimeProvider clock)
    : Core.Jobs.IJobHandler
{
    public const string Type = "participation.open-data";

    public async Task ExecuteAsync(Core.Jobs.JobContext context)
    {
        var code = options.Value.OpenDataOrganisation;
        if (string.IsNullOrWhiteSpace(code))
        {
            return;
        }

        var org = await context.Db.Organisations.AsNoTracking().Where(o => o.Code == code).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(context.CancellationToken)
            ?? throw new Core.Jobs.JobFailedException($"Madang:Participation:OpenDataOrganisation names no organisation ({code}).");
        await openData.PublishAsync(org, context.CancellationToken);
        await jobs.EnqueueUnlessQueuedAsync(Type, clock.GetUtcNow().AddDays(1), context.Job.Id, context.CancellationToken);
        await context.Db.SaveChangesAsync(context.CancellationToken);
    }
}
