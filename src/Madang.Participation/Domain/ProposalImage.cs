namespace Madang.Participation.Domain;

/// <summary>An image attached to a proposal: re-encoded on upload (no camera metadata survives), with its description
/// for readers who cannot see it.</summary>
public sealed class ProposalImage
{
    public long Id { get; set; }

    public long ProposalId { get; set; }

    /// <summary>1, 2, 3… in the order the author gave them; part of the image's address.</summary>
    public int Position { get; set; }

    /// <summary>The cleaned JPEG in the kernel's file store.</summary>
    public required string Sha256 { get; set; }

    public long Length { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    /// <summary>The description as written (author and moderators).</summary>
    public required string Alt { get; set; }

    /// <summary>The description screened and masked, as the public reads it.</summary>
    public required string PublicAlt { get; set; }
}
