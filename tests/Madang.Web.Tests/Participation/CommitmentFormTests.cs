using System.Net;
using Madang.Core.Permissions;
using Madang.Testing;

namespace Madang.Web.Tests.Participation;

/// <summary>The staff forms accept what a person leaves empty: a commitment or a consultation with only the required fields.</summary>
public sealed class CommitmentFormTests : IClassFixture<AppFixture>
{
    private readonly MadangTestApp app;

    public CommitmentFormTests(AppFixture fixture) => app = fixture.App;

    [Fact]
    public async Task ACommitmentWithOnlyATitle_AndAConsultationWithoutBackground_AreStarted()
    {
        var dept = await People.OrganisationAsync(app);
        var (officer, secret) = await People.CreateAsync(app, Roles.Staff, totp: true, dept.Code);
        var staff = await People.SignInAsync(app, officer, secret);
        var res = await Forms.PostAsync(staff, "/en/admin/participation/commitments?handler=Create", new Dictionary<string, string>
        {
            ["proposal"] = "", ["consultation"] = "", ["Department"] = dept.Code, ["Title"] = "Launch", ["Description"] = "", ["Budget"] = "", ["StartsOn"] = "", ["DueOn"] = "",
        }, "/en/admin/participation/commitments");
        Assert.True(res.StatusCode == HttpStatusCode.Redirect, res.StatusCode + await res.Content.ReadAsStringAsync());
        Assert.Matches("/en/admin/participation/commitments/[0-9]+$", res.Headers.Location!.OriginalString);

        var slug = "form-" + Guid.NewGuid().ToString("N")[..8];
        await Citizens.ProcessAsync(app, LadderTests.Ladder2017(slug, dept.Code, dept.Code));
        res = await Forms.PostAsync(staff, "/en/admin/participation/consultations/new", new Dictionary<string, string>
        {
            ["Department"] = dept.Code, ["Process"] = slug, ["Title"] = "Yes or no?", ["Background"] = "", ["Kind"] = "Vote", ["Mode"] = "ForAgainst", ["Options"] = "",
            ["Opens"] = "2026-01-01", ["Closes"] = "2026-01-31",
        });
        Assert.True(res.StatusCode == HttpStatusCode.Redirect, res.StatusCode + await res.Content.ReadAsStringAsync());
        res = await Forms.PostAsync(staff, "/en/admin/participation/consultations/new", new Dictionary<string, string>
        {
            ["Department"] = dept.Code, ["Process"] = slug, ["Title"] = "Backwards", ["Kind"] = "Vote", ["Mode"] = "Single", ["Options"] = "A\nB",
            ["Opens"] = "2026-02-01", ["Closes"] = "2026-01-01",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode); // a period that ends before it starts
    }
}
