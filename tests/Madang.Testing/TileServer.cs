using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Madang.Testing;

/// <summary>
/// A map tile server on a loopback port, standing where a city's own tile server would: every tile is a plain
/// 256-pixel PNG with a grid, and every request is counted, so a test can see the map really asked for tiles.
/// </summary>
public sealed class TileServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int served;

    private TileServer(WebApplication app, string url)
    {
        this.app = app;
        Template = url + "/tiles/{z}/{x}/{y}.png";
    }

    /// <summary>The URL template to configure as <c>Madang:Map:TileUrl</c>.</summary>
    public string Template { get; }

    public int Served => Volatile.Read(ref served);

    public static async Task<TileServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var tile = Tile();
        TileServer? server = null;
        app.MapGet("/tiles/{z:int}/{x:int}/{y:int}.png", () =>
        {
            Interlocked.Increment(ref server!.served);
            return Results.Bytes(tile, "image/png");
        });
        await app.StartAsync();
        server = new TileServer(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    private static byte[] Tile()
    {
        using var bitmap = new SKBitmap(256, 256);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0xF2, 0xEF, 0xE9));
            using var line = new SKPaint { Color = new SKColor(0xC8, 0xC4, 0xBC), StrokeWidth = 2 };
            for (var i = 0; i <= 256; i += 64)
            {
                canvas.DrawLine(i, 0, i, 256, line);
                canvas.DrawLine(0, i, 256, i, line);
            }
        }

        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
