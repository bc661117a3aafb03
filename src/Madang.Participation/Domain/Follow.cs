namespace Madang.Participation.Domain;

/// <summary>A person following a proposal, debate, consultation or commitment: told when it changes.</summary>
public sealed class Follow
{
    public Guid UserId { get; set; }

    /// <summary><c>proposal</c>, <c>debate</c>, <c>consultation</c> or <c>commitment</c>.</summary>
    public required string TargetType { get; set; }

    public long TargetId { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>A comment in a thread under a proposal, debate, consultation or commitment.</summary>
public sealed class Comment
{
    public long Id { get; set; }

    public required string TargetType { get; set; }

    public long TargetId { get; set; }

    /// <summary>The comment this one answers.</summary>
    public long? ParentId { get; set; }

    public Guid AuthorId { get; set; }

    public required string Text { get; set; }

    /// <summary>The screened text readers see.</summary>
    public string PublicText { get; set; } = string.Empty;

    public bool Hidden { get; set; }

    /// <summary>Votes up and down as last counted.</summary>
    public int Up { get; set; }

    public int Down { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>One person's vote on a comment (+1 or −1); voting again replaces it.</summary>
public sealed class CommentVote
{
    public long CommentId { get; set; }

    public Guid UserId { get; set; }

    public int Value { get; set; }
}
