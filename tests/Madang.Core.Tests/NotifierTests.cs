using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Jobs;
using Madang.Core.Localization;
using Madang.Core.Notifications;
using Madang.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Core.Tests;

public sealed class NotifierTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Notify_WritesInboxAndQueuesMail_InTheRecipientsLanguage(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        Guid userId;
        await using (var scope = sp.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            var user = new MadangUser { Id = Guid.NewGuid(), UserName = "hanako@test.local", Email = "hanako@test.local", EmailConfirmed = true, DisplayName = "山田花子", PreferredLanguage = "ja" };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            userId = user.Id;
            await scope.ServiceProvider.GetRequiredService<Notifier>().NotifyAsync(userId, new Notification("twofactor.done", "twofactor.enabled", [], "account/manage"));
            await db.SaveChangesAsync();
        }

        var catalog = sp.GetRequiredService<TextCatalog>();
        await using var check = test.NewContext();
        var message = await check.InboxMessages.SingleAsync(m => m.UserId == userId);
        Assert.Equal(catalog.Get("ja", "twofactor.done"), message.Subject);
        var job = await check.Jobs.SingleAsync(j => j.Type == KernelJobs.Email);
        Assert.Contains("hanako@test.local", job.Payload, StringComparison.Ordinal);
        Assert.Contains("/ja/account/manage", job.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_FollowsEachPersonsChannels_EmailUnlessTurnedOff_SmsOnlyWhenAskedForAndAGatewayExists()
    {
        await using var test = await (await TestDatabase.CreateAsync("Sqlite")).MigrateAsync();
        var people = new Dictionary<string, Guid>();
        await using (var db = test.NewContext())
        {
            foreach (var (name, email, text) in new[] { ("default", true, false), ("quiet", false, false), ("sms", true, true) })
            {
                var user = new MadangUser
                {
                    Id = Guid.NewGuid(), UserName = name + "@test.local", Email = name + "@test.local", EmailConfirmed = true, DisplayName = name,
                    PreferredLanguage = "en", PhoneNumber = "+8210555" + people.Count, PhoneNumberConfirmed = true, NotifyByEmail = email, NotifyBySms = text,
                };
                db.Users.Add(user);
                people[name] = user.Id;
            }

            await db.SaveChangesAsync();
        }

        // The kernel's texts ship in the web project's resources; the catalog reads the Madang assemblies loaded.
        Assert.NotNull(typeof(Madang.Web.MadangModules).Assembly);
        async Task<List<Job>> NotifyAllAsync(Dictionary<string, string?>? settings)
        {
            await using var sp = KernelHost.Create(test, settings: settings);
            await using var scope = sp.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            await db.Jobs.ExecuteDeleteAsync();
            foreach (var id in people.Values)
            {
                await scope.ServiceProvider.GetRequiredService<Notifier>().NotifyAsync(id, new Notification("twofactor.done", "twofactor.enabled", [], "proposals/1") { Sms = true });
            }

            await db.SaveChangesAsync();
            return await db.Jobs.AsNoTracking().ToListAsync();
        }

        // No gateway: nobody gets SMS; e-mail for all but the one who turned it off, each with the way to change it.
        var jobs = await NotifyAllAsync(null);
        Assert.DoesNotContain(jobs, j => j.Type == KernelJobs.Sms);
        var mails = jobs.Where(j => j.Type == KernelJobs.Email).Select(j => j.Payload).ToList();
        Assert.Equal(2, mails.Count);
        Assert.DoesNotContain(mails, m => m.Contains("quiet@test.local", StringComparison.Ordinal));
        Assert.All(mails, m => Assert.True(m.Contains("/en/account/manage#notifications", StringComparison.Ordinal), m));

        // With a gateway: SMS only to the person who asked, with the link.
        jobs = await NotifyAllAsync(new Dictionary<string, string?> { ["Madang:Sms:Url"] = "http://127.0.0.1:9/send" });
        var sms = Assert.Single(jobs, j => j.Type == KernelJobs.Sms);
        var payload = System.Text.Json.JsonDocument.Parse(sms.Payload).RootElement;
        Assert.Equal("+82105552", payload.GetProperty("to").GetString());
        Assert.EndsWith("/en/proposals/1", payload.GetProperty("text").GetString(), StringComparison.Ordinal);
        await using var check = test.NewContext();
        Assert.Equal(6, await check.InboxMessages.CountAsync()); // the inbox always has them
    }

    [Fact]
    public async Task SmsJob_PostsTheTemplatedBodyToTheGateway()
    {
        // A real HTTP gateway on a free loopback port that records what it receives.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var gateway = builder.Build();
        var received = new List<(string? Auth, string Body)>();
        gateway.MapPost("/send", async (HttpContext ctx) =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            received.Add((ctx.Request.Headers.Authorization.ToString(), await reader.ReadToEndAsync()));
            return Results.Ok();
        });
        gateway.MapPost("/down", () => Results.StatusCode(503));
        await gateway.StartAsync();
        var url = gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var test = await (await TestDatabase.CreateAsync("Sqlite")).MigrateAsync();
        await using var sp = KernelHost.Create(test, settings: new Dictionary<string, string?>
        {
            ["Madang:Sms:Url"] = url + "/send",
            ["Madang:Sms:Authorization"] = "Bearer gateway-secret",
        });
        await using (var scope = sp.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<JobQueue>().Enqueue(KernelJobs.Sms, new SmsMessage("+82-10-1234-5678", "답변이 등록되었습니다"));
            await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
        }

        Assert.True(await sp.GetRequiredService<JobRunner>().RunOneAsync(CancellationToken.None));
        var (auth, body) = Assert.Single(received);
        Assert.Equal("Bearer gateway-secret", auth);
        Assert.Equal("""{"to":"+82-10-1234-5678","text":"답변이 등록되었습니다"}""", System.Text.RegularExpressions.Regex.Unescape(body));

        await using var failing = KernelHost.Create(test, settings: new Dictionary<string, string?> { ["Madang:Sms:Url"] = url + "/down" });
        await using (var scope = failing.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<JobQueue>().Enqueue(KernelJobs.Sms, new SmsMessage("+81-90-0000-0000", "x"));
            await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
        }

        await failing.GetRequiredService<JobRunner>().RunOneAsync(CancellationToken.None);
        await using var check = test.NewContext();
        var job = await check.Jobs.OrderByDescending(j => j.Id).FirstAsync();
        Assert.Equal(JobState.Pending, job.State);
        Assert.Equal("The SMS gateway answered 503.", job.LastError);
    }
}
