namespace Madang.Core.Notifications;

/// <summary>A message in a person's web inbox, already rendered in their language.</summary>
public sealed class InboxMessage
{
    public long Id { get; set; }

    public Guid UserId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    public string? Url { get; set; }

    public DateTimeOffset? ReadAt { get; set; }
}
