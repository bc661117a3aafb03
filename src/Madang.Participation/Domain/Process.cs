using Madang.Core.Localization;

namespace Madang.Participation.Domain;

/// <summary>A participation process (e.g. "citizen proposals 2020"): its rules live in its definition file, kept whole.</summary>
public sealed class Process
{
    public Guid Id { get; set; }

    /// <summary>URL name, unique: <c>seoul-2020</c>.</summary>
    public required string Slug { get; set; }

    public LocalizedText Title { get; set; } = new();

    /// <summary>The definition as the operator wrote it (YAML or JSON), parsed by <see cref="Processes.ProcessFiles"/>.</summary>
    public string Definition { get; set; } = string.Empty;

    /// <summary>Open processes take new proposals; closed ones keep running the ladders of those they have.</summary>
    public bool IsOpen { get; set; } = true;

    public int Revision { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
