using SkiaSharp;

namespace Madang.Core.Files;

/// <summary>An uploaded image after cleaning: a JPEG in the file store, and its size in pixels.</summary>
public sealed record CleanImage(string Sha256, long Length, int Width, int Height);

/// <summary>
/// Takes citizens' photos in and gives out only what the city means to publish. Every image is decoded and drawn
/// again as a new JPEG: camera metadata (the GPS position of someone's home, the phone's serial number), comments and
/// anything hidden after the image data do not survive; the camera's rotation is applied to the pixels; the longest
/// side is at most <see cref="LongestSide"/>. A file that does not decode as an image is refused, whatever its name.
/// Every module that takes photos (proposals, reports on a map) goes through here.
/// </summary>
public sealed class ImageCleaner(IFileStore files)
{
    public const long MaxUploadBytes = 10 * 1024 * 1024;

    /// <summary>Pixels in the encoded image at most: a small file claiming 100,000 × 100,000 would need 40 GB to decode.</summary>
    public const long MaxPixels = 50_000_000;

    public const int LongestSide = 1600;

    /// <summary>Characters in an image's description (its alternative text) at most.</summary>
    public const int AltMax = 300;

    /// <summary>Cleans one upload and stores the result.</summary>
    /// <exception cref="ImageRejectedException">Too large, or not an image this site reads (JPEG, PNG, WebP, GIF, BMP).</exception>
    public async Task<CleanImage> StoreAsync(Stream upload, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await upload.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxUploadBytes)
            {
                throw new ImageRejectedException(ImageRejectedException.Size);
            }

            buffer.Write(chunk, 0, read);
        }

        var (jpeg, width, height) = Clean(buffer.ToArray());
        var stored = await files.PutAsync(new MemoryStream(jpeg), jpeg.Length, ct);
        return new CleanImage(stored.Sha256, stored.Length, width, height);
    }

    /// <summary>Decodes, orients, scales down and re-encodes: only pixels cross over.</summary>
    internal static (byte[] Jpeg, int Width, int Height) Clean(byte[] input)
    {
        using var data = SKData.CreateCopy(input);
        using var codec = SKCodec.Create(data) ?? throw new ImageRejectedException(ImageRejectedException.Format);
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > MaxPixels)
        {
            throw new ImageRejectedException(ImageRejectedException.Format);
        }

        // JPEG decodes at 1/2, 1/4 or 1/8 for nearly nothing: ask for the smallest size still above the target.
        var scale = Math.Min(1f, (float)LongestSide / Math.Max(info.Width, info.Height));
        var scaled = codec.GetScaledDimensions(scale);
        if (scaled.Width < info.Width * scale || scaled.Height < info.Height * scale)
        {
            scaled = info.Size;
        }

        using var decoded = new SKBitmap(new SKImageInfo(scaled.Width, scaled.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            throw new ImageRejectedException(ImageRejectedException.Format);
        }

        var fit = Math.Min(1f, (float)LongestSide / Math.Max(scaled.Width, scaled.Height));
        var w = Math.Max(1, (int)Math.Round(scaled.Width * fit));
        var h = Math.Max(1, (int)Math.Round(scaled.Height * fit));
        var turned = (int)codec.EncodedOrigin >= (int)SKEncodedOrigin.LeftTop;
        var (outW, outH) = turned ? (h, w) : (w, h);

        using var surface = SKSurface.Create(new SKImageInfo(outW, outH, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new ImageRejectedException(ImageRejectedException.Format);
        var canvas = surface.Canvas;
        // JPEG has no transparency: transparent parts of a PNG become white, not black.
        canvas.Clear(SKColors.White);
        canvas.SetMatrix(Orientation(codec.EncodedOrigin, w, h));
        using var image = SKImage.FromBitmap(decoded);
        canvas.DrawImage(image, new SKRect(0, 0, w, h), new SKSamplingOptions(SKCubicResampler.Mitchell));
        canvas.Flush();
        using var snapshot = surface.Snapshot();
        using var jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, 82)
            ?? throw new ImageRejectedException(ImageRejectedException.Format);
        return (jpeg.ToArray(), outW, outH);
    }

    /// <summary>The transform that shows pixels stored in <paramref name="origin"/> upright (EXIF orientations 1–8).</summary>
    private static SKMatrix Orientation(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}

/// <summary>An upload refused as an image: <see cref="Size"/> (over the limit) or <see cref="Format"/> (not an image read here).</summary>
public sealed class ImageRejectedException(string reason) : Exception(reason)
{
    public const string Size = "size";
    public const string Format = "format";

    public string Reason { get; } = reason;
}
