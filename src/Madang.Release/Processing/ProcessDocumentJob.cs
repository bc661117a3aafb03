using Madang.Core.Files;
using Madang.Core.Jobs;
using Madang.Core.Privacy;
using Madang.Release.Domain;
using Madang.Release.Intake;
using Madang.Release.Policy;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Processing;

/// <summary>Extraction → screening → release policy → publication, as one job whose effects commit together.</summary>
public sealed class ProcessDocumentJob(IFileStore files, PiiScreener screener, Publisher publisher, ReleasePolicyStore policies) : IBatchJobHandler
{
    /// <summary>Documents per unit of work: a commit (and on SQLite, the single writer's turn) serves this many.</summary>
    public int BatchSize => 50;

    public async Task ExecuteAsync(JobContext context)
    {
        var id = context.Payload<ProcessPayload>().DocumentId;
        var docs = await LoadAsync(context.Db, [id], context.CancellationToken);
        await ProcessAsync(docs.GetValueOrDefault(id), context);
    }

    public async Task ExecuteBatchAsync(IReadOnlyList<JobContext> jobs)
    {
        // One query for the batch's documents instead of one per job; the runner commits them together.
        var ids = jobs.Select(j => j.Payload<ProcessPayload>().DocumentId).ToList();
        var docs = await LoadAsync(jobs[0].Db, ids, jobs[0].CancellationToken);
        await publisher.PrepareAsync(ids, jobs[0].CancellationToken);
        for (var i = 0; i < jobs.Count; i++)
        {
            await ProcessAsync(docs.GetValueOrDefault(ids[i]), jobs[i]);
        }
    }

    private static Task<Dictionary<Guid, ReleaseDocument>> LoadAsync(Core.Data.MadangDbContext db, List<Guid> ids, CancellationToken ct) =>
        db.Set<ReleaseDocument>().Include(d => d.Files).Include(d => d.Findings).AsSplitQuery()
            .Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);

    private async Task ProcessAsync(ReleaseDocument? doc, JobContext context)
    {
        if (doc is null || doc.State != DocumentState.Received)
        {
            return; // already processed (a retry after a crash) or removed
        }

        var limits = new ExtractionLimits();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(limits.TimeLimit);
        var texts = new List<string>();
        var scanned = false;
        foreach (var file in doc.Files)
        {
            // Refused by its stored length before a byte is read: a huge file never enters memory.
            var result = file.Length > limits.MaxFileBytes ? Extraction.Fail($"The file is larger than the limit of {limits.MaxFileBytes / 1048576} MB.")
                : file.Length == 0 ? Extraction.Fail("The file is empty.")
                : TextExtractor.Extract(file.FileName, await ReadAsync(file, context.CancellationToken), limits, timeout.Token);
            if (result.Failure is not null)
            {
                doc.State = DocumentState.Failed;
                doc.StateReason = StateReason.Join([new StateReason("extraction", $"{file.FileName}: {result.Failure}")]);
                return;
            }

            scanned |= result.Scanned;
            file.Unscreened = result.Scanned || result.Unscreened || HidesSomeone(doc, result);
            texts.Add(result.Text ?? string.Empty);
        }

        doc.ExtractedText = string.Join("\n\n", texts).Trim();
        Attachments.Locate(doc.Files, texts, doc.ExtractedText);
        var options = new ScreeningOptions { AllowList = new[] { doc.Author, doc.Approver }.OfType<string>().ToList() };
        var title = screener.Screen(doc.Title, options);
        var text = screener.Screen(doc.ExtractedText, options);
        var fileNames = doc.Files.Select(f => (f, screener.Screen(f.FileName, options))).ToList();
        doc.Findings.Clear();
        void Keep(string field, ScreeningResult r)
        {
            foreach (var f in r.Findings)
            {
                doc.Findings.Add(new ReleaseFinding
                {
                    DocumentId = doc.Id, Type = f.Type, Field = field, Start = f.Start, Length = f.Length, Score = f.Score, Certain = f.Certain,
                    Reason = f.Reason, Mask = f.Mask, Decision = f.Certain ? FindingDecision.MaskedAutomatically : FindingDecision.Pending,
                });
            }
        }

        Keep("title", title);
        Keep("text", text);
        fileNames.ForEach(x => Keep("file", x.Item2));
        fileNames.ForEach(x => x.f.PublicName = x.Item2.MaskedText); // a file is listed publicly under its masked name
        doc.MaskedTitle = title.MaskedText;
        doc.MaskedText = text.MaskedText;

        // Keywords are shown on public pages too: a keyword carrying personal data is masked like the text.
        var keywords = doc.Keywords.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(k => screener.Screen(k, options)).ToList();
        keywords.Where(k => k.Findings.Count > 0).ToList().ForEach(k => Keep("keyword", k));
        doc.Keywords = string.Join(',', keywords.Select(k => k.MaskedText));

        // Release policy: what screening found and the rules decide whether a person must look before release.
        var (version, policy) = await policies.CurrentAsync(context.CancellationToken);
        doc.PolicyVersion = version;
        foreach (var f in doc.Findings.Where(f => !f.Certain && f.Score < policy.UncertainThreshold))
        {
            f.Decision = FindingDecision.MaskedAutomatically; // below the threshold: masked without asking anyone
        }

        doc.Sensitivity = ReleasePolicy.Sensitivity(doc.Findings);
        var reasons = policy.ReviewReasons(doc.Findings, scanned, doc.Disclosure).ToList();
        var (action, rule) = policy.Decide(doc, await policies.DepartmentCodesAsync(doc.OrganisationId, context.CancellationToken));
        if (action == RuleAction.Review)
        {
            reasons.Insert(0, new StateReason("rule", rule.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (reasons.Count > 0)
        {
            doc.State = DocumentState.InReview;
            doc.StateReason = StateReason.Join(reasons);
            return;
        }

        await publisher.ReleaseOrWaitAsync(doc, context.CancellationToken);
    }

    private async Task<byte[]> ReadAsync(ReleaseFile file, CancellationToken ct)
    {
        await using var stream = await files.OpenReadAsync(file.Sha256, ct) ?? throw new JobFailedException("A stored file is missing.");
        var bytes = new byte[file.Length];
        await stream.ReadExactlyAsync(bytes, ct);
        return bytes;
    }

    /// <summary>Whether a file's properties (never shown, but inside the original) name someone other than the document's
    /// officials, or carry personal data: then only its masked text may go out.</summary>
    private bool HidesSomeone(ReleaseDocument doc, Extraction result)
    {
        if (!string.IsNullOrWhiteSpace(result.Author)
            && !new[] { doc.Author, doc.Approver }.Any(a => a is not null && string.Equals(a.Trim(), result.Author.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return !string.IsNullOrWhiteSpace(result.Properties) && screener.Screen(result.Properties).Findings.Count > 0;
    }
}
