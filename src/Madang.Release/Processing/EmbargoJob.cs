using Madang.Core.Jobs;
using Madang.Release.Domain;
using Madang.Release.Intake;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Processing;

/// <summary>At an embargo's end, publishes the document (or leaves it waiting if the global hold is on).</summary>
public sealed class EmbargoJob(Publisher publisher) : IJobHandler
{
    public const string Type = "release.embargo-ended";

    public async Task ExecuteAsync(JobContext context)
    {
        var payload = context.Payload<ProcessPayload>();
        var doc = await context.Db.Set<ReleaseDocument>().SingleOrDefaultAsync(d => d.Id == payload.DocumentId, context.CancellationToken);
        if (doc is { State: DocumentState.Waiting })
        {
            await publisher.ReleaseOrWaitAsync(doc, context.CancellationToken);
        }
    }
}
