using System.Net;
using System.Text;
using Madang.Core.Data;
using Madang.Core.Permissions;
using Madang.Participation.Domain;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Madang.Web.Tests.Participation;

/// <summary>Photos on proposals over HTTP: what a camera hides in a file never reaches the public, the picture stands the
/// right way up, its description is masked like the text, and files that are not images are refused clearly.</summary>
public sealed class ProposalImageTests : IClassFixture<AppFixture>
{
    private readonly MadangTestApp app;

    public ProposalImageTests(AppFixture fixture) => app = fixture.App;

    [Fact]
    public async Task ACitizensPhotoIsPublishedUpright_WithItsDescriptionMasked_AndNothingTheCameraHidInItSurvives()
    {
        var slug = await ProcessAsync("after");
        var client = await CitizenAsync();
        var photo = PhoneJpeg(40, 20, "SECRET-HOME 37.5665N 126.9780E");

        var res = await ProposeAsync(client, slug, ("Image1", "IMG_0001.JPG", photo), "The broken ramp in front of 010-2345-6789's door");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var id = long.Parse(res.Headers.Location!.ToString().Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

        var anonymous = app.Client();
        var page = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/en/proposals/{id}"));
        Assert.Contains($"src=\"/proposals/{id}/images/1\"", page, StringComparison.Ordinal);
        Assert.Contains("The broken ramp in front of", page, StringComparison.Ordinal);
        Assert.DoesNotContain("2345-6789", page, StringComparison.Ordinal);
        Assert.Contains("width=\"20\" height=\"40\"", page, StringComparison.Ordinal);

        var image = await anonymous.GetAsync($"/proposals/{id}/images/1");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        var bytes = await image.Content.ReadAsByteArrayAsync();
        var text = Encoding.Latin1.GetString(bytes);
        Assert.DoesNotContain("SECRET-HOME", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exif", text, StringComparison.Ordinal);
        Assert.DoesNotContain("37.5665", text, StringComparison.Ordinal);

        // The phone held the camera sideways (EXIF orientation 6): red was on the left of the stored pixels, and is on
        // top of the published picture.
        using var published = SKBitmap.Decode(bytes);
        Assert.Equal((20, 40), (published.Width, published.Height));
        AssertNear(SKColors.Red, published.GetPixel(10, 5));
        AssertNear(SKColors.Blue, published.GetPixel(10, 35));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/proposals/{id}/images/2")).StatusCode);
    }

    [Fact]
    public async Task AFileThatIsNotAnImage_AnImageTooLargeToDecode_OrAPhotoWithoutADescription_IsRefusedClearly_AndNoProposalIsMade()
    {
        var slug = await ProcessAsync("after");
        var client = await CitizenAsync();

        var res = await ProposeAsync(client, slug, ("Image1", "holiday.jpg", Encoding.UTF8.GetBytes("#!/bin/sh\nrm -rf /\n")), "A photo");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        Assert.Contains("This file is not an image we can read", await res.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // 67 bytes that claim 100,000 × 100,000 pixels: 40 GB to decode. Refused before any pixel is read.
        res = await ProposeAsync(client, slug, ("Image1", "bomb.png", PngHeader(100_000, 100_000)), "A big photo");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        Assert.Contains("This file is not an image we can read", await res.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        res = await ProposeAsync(client, slug, ("Image2", "ramp.jpg", PhoneJpeg(30, 30, "note")), alt: "", altField: "Alt2");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        var page = WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync());
        Assert.Contains("for people who cannot see it.", page, StringComparison.Ordinal);
        Assert.Contains("id=\"Alt2\" name=\"Alt2\" value=\"\" maxlength=\"300\" aria-invalid=\"true\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Ramps with photos\"", page, StringComparison.Ordinal); // what was typed is kept

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var process = await db.Set<Process>().SingleAsync(p => p.Slug == slug);
        Assert.False(await db.Set<Proposal>().AnyAsync(p => p.ProcessId == process.Id));
    }

    [Fact]
    public async Task APhotoOnAProposalWaitingForModerationIsSeenOnlyByItsAuthor()
    {
        var slug = await ProcessAsync("before");
        var client = await CitizenAsync();
        var res = await ProposeAsync(client, slug, ("Image1", "a.png", Png(16, 16)), "A drawing of the square");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var id = long.Parse(res.Headers.Location!.ToString().Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/proposals/{id}/images/1")).StatusCode);
        var anonymous = await app.Client().GetAsync($"/proposals/{id}/images/1");
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
    }

    private async Task<string> ProcessAsync(string moderation)
    {
        var dept = await People.OrganisationAsync(app);
        var slug = "images-" + Guid.NewGuid().ToString("N")[..8];
        await Citizens.ProcessAsync(app, LadderTests.Ladder2017(slug, dept.Code, dept.Code)
            .Replace("propose: email", "propose: email\nmoderation: " + moderation, StringComparison.Ordinal));
        return slug;
    }

    private async Task<HttpClient> CitizenAsync()
    {
        var (citizen, _) = await People.CreateAsync(app, Roles.Citizen, totp: false);
        return await People.SignInAsync(app, citizen, null);
    }

    private static Task<HttpResponseMessage> ProposeAsync(HttpClient client, string slug, (string Field, string Name, byte[] Content) file, string alt, string altField = "Alt1") =>
        Forms.PostMultipartAsync(client, $"/en/proposals/new?process={slug}", new Dictionary<string, string>
        {
            ["process"] = slug, ["Title"] = "Ramps with photos", ["Body"] = "The ramp is broken, see the photo.", ["Category"] = "welfare", [altField] = alt,
        }, [file]);

    private static void AssertNear(SKColor expected, SKColor actual)
    {
        Assert.True(Math.Abs(expected.Red - actual.Red) < 40 && Math.Abs(expected.Green - actual.Green) < 40 && Math.Abs(expected.Blue - actual.Blue) < 40,
            $"expected about {expected}, got {actual}");
    }

    /// <summary>A JPEG as a phone writes one held sideways: the pixels stored unrotated (red left, blue right), an EXIF
    /// block saying "turn 90° clockwise" with a description, and a comment.</summary>
    private static byte[] PhoneJpeg(int width, int height, string hidden)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            using var red = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, width / 2f, height, red);
        }

        using var encoded = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        var jpeg = encoded.ToArray();

        // TIFF, big-endian: IFD0 with Orientation = 6 and ImageDescription = hidden.
        var description = Encoding.ASCII.GetBytes(hidden + "\0");
        var tiff = new List<byte> { (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 2 };
        tiff.AddRange([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
        tiff.AddRange([0x01, 0x0E, 0, 2, .. BigEndian(description.Length), .. BigEndian(8 + 2 + 24 + 4)]);
        tiff.AddRange([0, 0, 0, 0]);
        tiff.AddRange(description);
        var exif = Segment(0xE1, [.. "Exif\0\0"u8.ToArray(), .. tiff]);
        var comment = Segment(0xFE, Encoding.ASCII.GetBytes(hidden));
        return [.. jpeg[..2], .. exif, .. comment, .. jpeg[2..]];
    }

    private static byte[] Segment(byte marker, byte[] body) =>
        [0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2), .. body];

    private static byte[] BigEndian(int v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.Green);
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    /// <summary>A PNG signature and a valid header chunk, and nothing else.</summary>
    private static byte[] PngHeader(int width, int height)
    {
        byte[] chunk = [.. "IHDR"u8.ToArray(), .. BigEndian(width), .. BigEndian(height), 8, 2, 0, 0, 0];
        return [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. BigEndian(13), .. chunk, .. BigEndian((int)Crc32(chunk))];
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
