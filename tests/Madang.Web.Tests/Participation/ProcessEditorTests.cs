using System.Net;
using Madang.Core.Permissions;
using Madang.Participation.Processes;
using Madang.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests.Participation;

/// <summary>An administrator writes a process file in the browser: problems listed where they are, nothing saved until
/// it is right, comments kept, and the process opened and closed by a button.</summary>
public sealed class ProcessEditorTests : IClassFixture<AppFixture>
{
    private readonly MadangTestApp app;

    public ProcessEditorTests(AppFixture fixture) => app = fixture.App;

    [Fact]
    public async Task AnAdministratorWritesAProcessFile_ProblemsAreListedUntilItIsRight_ThenItTakesProposals()
    {
        var dept = await People.OrganisationAsync(app);
        var (admin, secret) = await People.CreateAsync(app, Roles.Administrator, totp: true);
        var client = await People.SignInAsync(app, admin, secret);
        var start = WebUtility.HtmlDecode(await client.GetStringAsync("/en/admin/participation/processes"));
        Assert.Contains("slug: new-process", start, StringComparison.Ordinal); // a new file starts from Seoul's

        var slug = "edited-" + Guid.NewGuid().ToString("N")[..8];
        var broken = $"slug: {slug}\ntitle: {{ en: Edited }}\nsupport: retina\nladder:\n  - {{ supports: 0, then: answer }}\ncategories:\n  - {{ code: roads, department: NOPE, name: {{ en: Roads }} }}\n";
        var res = await Forms.PostAsync(client, "/en/admin/participation/processes", new Dictionary<string, string> { ["Definition"] = broken });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        var page = WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync());
        Assert.Contains("The file was not saved.", page, StringComparison.Ordinal);
        Assert.Contains("<li><code>support: must be one of none, email, phone, census.</code></li>", page, StringComparison.Ordinal);
        Assert.Contains("<li><code>ladder[0]: the count must be at least 1.</code></li>", page, StringComparison.Ordinal);
        Assert.Contains("support: retina", page, StringComparison.Ordinal); // what was written is kept to fix
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<ProcessStore>().FindAsync(slug));
        }

        var good = $"# Roads: answered by the roads office.\nslug: {slug}\ntitle: {{ en: Edited, ko: 편집 }}\nsupport: email\nladder:\n  - {{ supports: 10, within: 30, then: answer, answerWithin: 14 }}\ncategories:\n  - {{ code: roads, department: {dept.Code}, name: {{ en: Roads }} }}\n";
        res = await Forms.PostAsync(client, "/en/admin/participation/processes", new Dictionary<string, string> { ["Definition"] = good });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var editor = WebUtility.HtmlDecode(await client.GetStringAsync($"/en/admin/participation/processes/{slug}"));
        Assert.Contains("# Roads: answered by the roads office.", editor, StringComparison.Ordinal); // stored as written
        Assert.Contains("revision 1", editor, StringComparison.Ordinal);
        var download = await client.GetAsync($"/en/admin/participation/processes/{slug}?handler=Download");
        Assert.Equal(good, await download.Content.ReadAsStringAsync());

        // Closed to new proposals by the button, and open again.
        res = await Forms.PostAsync(client, $"/en/admin/participation/processes/{slug}?handler=Open", new Dictionary<string, string> { ["open"] = "false" }, $"/en/admin/participation/processes/{slug}");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.DoesNotContain($"value=\"{slug}\"", await client.GetStringAsync("/en/proposals/new"), StringComparison.Ordinal);
        res = await Forms.PostAsync(client, $"/en/admin/participation/processes/{slug}?handler=Open", new Dictionary<string, string> { ["open"] = "true" }, $"/en/admin/participation/processes/{slug}");
        Assert.Contains($"value=\"{slug}\"", await client.GetStringAsync("/en/proposals/new"), StringComparison.Ordinal);

        // Staff who may not manage participation cannot reach the editor.
        var (officer, officerSecret) = await People.CreateAsync(app, Roles.Staff, totp: true, dept.Code);
        var staff = await People.SignInAsync(app, officer, officerSecret);
        var denied = await staff.GetAsync($"/en/admin/participation/processes/{slug}");
        Assert.Contains("access-denied", denied.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);
    }
}
