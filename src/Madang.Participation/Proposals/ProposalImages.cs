using Madang.Core.Files;

namespace Madang.Participation.Proposals;

/// <summary>An image a citizen attaches to a new proposal, with its description.</summary>
public sealed record DraftImage(CleanImage Image, string Alt);

/// <summary>Proposal photos through the kernel's <see cref="ImageCleaner"/>, its refusals said in Participation's words.</summary>
public sealed class ProposalImages(ImageCleaner cleaner)
{
    public const long MaxUploadBytes = ImageCleaner.MaxUploadBytes;

    public const int AltMax = ImageCleaner.AltMax;

    /// <exception cref="ParticipationException">Too large, or not an image this site reads.</exception>
    public async Task<CleanImage> StoreAsync(Stream upload, CancellationToken ct = default)
    {
        try
        {
            return await cleaner.StoreAsync(upload, ct);
        }
        catch (ImageRejectedException e) when (e.Reason == ImageRejectedException.Size)
        {
            throw new ParticipationException("participation.error.image.size", MaxUploadBytes / (1024 * 1024));
        }
        catch (ImageRejectedException)
        {
            throw new ParticipationException("participation.error.image.format");
        }
    }
}
