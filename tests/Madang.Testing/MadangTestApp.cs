using System.Net;
using Madang.Core.Data;
using Madang.Web.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Testing;

/// <summary>The real application on Kestrel at a free loopback port, on a fresh database: tests talk to it over HTTP.</summary>
public sealed class MadangTestApp : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TestDatabase database;

    private MadangTestApp(WebApplication app, TestDatabase database, Uri baseAddress)
    {
        this.app = app;
        this.database = database;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => app.Services;

    public TestDatabase Database => database;

    /// <summary>Starts the app. <paramref name="smtp"/> sends mail to the test SMTP server instead of the pickup folder.</summary>
    public static async Task<MadangTestApp> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, bool smtp = false, bool seedDemo = false, params string[] extraArgs)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var args = new List<string>(db.AppArgs())
        {
            "--urls=http://127.0.0.1:0",
            "--environment=Development",
            "--Madang:SeedDemo=" + seedDemo,
            "--Madang:Jobs:PollInterval=00:00:00.200",
            "--Madang:RateLimit:WritesPerMinute=10000",
            "--Logging:LogLevel:Default=Warning",
        };
        if (smtp)
        {
            args.Add("--Madang:Smtp:Host=" + TestEnvironment.SmtpHost);
            args.Add("--Madang:Smtp:Port=" + TestEnvironment.SmtpPort);
            args.Add("--Madang:Smtp:Security=None");
        }

        args.AddRange(extraArgs);
        var app = MadangApp.Build(args.ToArray());
        await app.InitializeAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MadangTestApp(app, db, new Uri(address));
    }

    /// <summary>An HTTP client with its own cookies that does not follow redirects, so tests see them.</summary>
    public HttpClient Client(bool followRedirects = false, string? acceptLanguage = null)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = followRedirects, CookieContainer = new CookieContainer(), UseCookies = true };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress };
        if (acceptLanguage is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await database.DisposeAsync();
    }
}
