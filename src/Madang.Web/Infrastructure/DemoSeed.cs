using System.Security.Cryptography;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Localization;
using Madang.Core.Organisations;
using Madang.Core.Permissions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Infrastructure;

/// <summary>A demo city: a tree of bureaus, divisions and teams, and one account per role.</summary>
public sealed class DemoSeed(MadangDbContext db, OrganisationCommands orgs, UserManager<MadangUser> users, TimeProvider clock,
    IHostEnvironment env, ILogger<DemoSeed> logger, Madang.Core.Modules.ModuleCatalog catalog, IServiceProvider services)
{
    private static readonly (string Code, string? Parent, OrganisationKind Kind, string Ko, string Ja, string En, string Hans, string Hant)[] Tree =
    [
        ("CITY", null, OrganisationKind.City, "마당시", "マダン市", "Madang City", "马当市", "馬當市"),
        ("PLAN", "CITY", OrganisationKind.Bureau, "기획조정실", "企画調整室", "Planning and Coordination Office", "规划协调室", "規劃協調室"),
        ("PLAN-BUD", "PLAN", OrganisationKind.Division, "예산담당관", "予算担当官", "Budget Division", "预算科", "預算科"),
        ("PLAN-BUD-T1", "PLAN-BUD", OrganisationKind.Team, "예산총괄팀", "予算総括チーム", "Budget Coordination Team", "预算统筹组", "預算統籌組"),
        ("PLAN-ORG", "PLAN", OrganisationKind.Division, "조직담당관", "組織担当官", "Organisation Division", "组织科", "組織科"),
        ("WEL", "CITY", OrganisationKind.Bureau, "복지정책실", "福祉政策室", "Welfare Policy Office", "福利政策室", "福利政策室"),
        ("WEL-SEN", "WEL", OrganisationKind.Division, "어르신복지과", "高齢者福祉課", "Senior Welfare Division", "老年福利科", "老年福利科"),
        ("WEL-CHILD", "WEL", OrganisationKind.Division, "보육정책과", "保育政策課", "Childcare Policy Division", "托育政策科", "托育政策科"),
        ("TRN", "CITY", OrganisationKind.Bureau, "교통정책실", "交通政策室", "Transport Policy Office", "交通政策室", "交通政策室"),
        ("TRN-BUS", "TRN", OrganisationKind.Division, "버스정책과", "バス政策課", "Bus Policy Division", "公交政策科", "公車政策科"),
        ("TRN-BUS-ROUTE", "TRN-BUS", OrganisationKind.Team, "노선관리팀", "路線管理チーム", "Route Management Team", "线路管理组", "路線管理組"),
        ("ENV", "CITY", OrganisationKind.Bureau, "기후환경본부", "気候環境本部", "Climate and Environment Headquarters", "气候环境总部", "氣候環境總部"),
        ("ENV-AIR", "ENV", OrganisationKind.Division, "대기정책과", "大気政策課", "Air Quality Division", "大气政策科", "大氣政策科"),
        ("HEALTH", "CITY", OrganisationKind.Bureau, "시민건강국", "市民健康局", "Citizens' Health Bureau", "市民健康局", "市民健康局"),
        ("HEALTH-INF", "HEALTH", OrganisationKind.Division, "감염병관리과", "感染症対策課", "Infectious Disease Control Division", "传染病防控科", "傳染病防控科"),
        ("DIGI", "CITY", OrganisationKind.Bureau, "디지털정책관", "デジタル政策官", "Digital Policy Office", "数字政策办公室", "數位政策辦公室"),
        ("DIGI-OPEN", "DIGI", OrganisationKind.Division, "정보공개정책과", "情報公開政策課", "Open Government Division", "信息公开政策科", "資訊公開政策科"),
        ("DIGI-DATA", "DIGI", OrganisationKind.Division, "데이터전략과", "データ戦略課", "Data Strategy Division", "数据战略科", "資料戰略科"),
    ];

    private static readonly (string Email, string Name, string Role, string? Org)[] Accounts =
    [
        ("admin@madang.local", "관리자 Admin", Roles.Administrator, "DIGI"),
        ("staff@madang.local", "김공무 Staff", Roles.Staff, "DIGI-OPEN"),
        ("reviewer@madang.local", "이검토 Reviewer", Roles.Reviewer, "CITY"), // a central privacy office: reviews for every department
        ("head@madang.local", "박과장 Head", Roles.DepartmentHead, "WEL"),
        ("moderator@madang.local", "최중재 Moderator", Roles.Moderator, null),
        ("editor@madang.local", "정편집 Editor", Roles.Editor, null),
        ("citizen@madang.local", "시민 홍길동", Roles.Citizen, null),
    ];

    public async Task SeedAsync(bool printPasswords, CancellationToken ct)
    {
        foreach (var o in Tree)
        {
            if (await db.Organisations.AnyAsync(x => x.Code == o.Code, ct))
            {
                continue;
            }

            var r = await orgs.CreateAsync(new OrganisationInput(o.Code, LocalizedText.Of(o.Ko, o.Ja, o.En, o.Hans, o.Hant), o.Parent, o.Kind), Actor.System, ct);
            if (!r.Succeeded)
            {
                throw new InvalidOperationException($"Demo organisation {o.Code} could not be created: {string.Join(", ", r.Errors.Values)}");
            }
        }

        var printed = new List<(string, string, string)>();
        foreach (var a in Accounts)
        {
            if (await users.FindByEmailAsync(a.Email) is not null)
            {
                continue;
            }

            var password = NewPassword();
            var user = new MadangUser
            {
                UserName = a.Email,
                Email = a.Email,
                EmailConfirmed = true,
                DisplayName = a.Name,
                PreferredLanguage = "ko",
                CreatedAt = clock.GetUtcNow(),
            };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException("Demo account could not be created: " + string.Join(", ", created.Errors.Select(e => e.Code)));
            }

            await users.AddToRoleAsync(user, a.Role);
            if (a.Org is not null)
            {
                var org = await db.Organisations.SingleAsync(o => o.Code == a.Org, ct);
                db.Memberships.Add(new Membership { UserId = user.Id, OrganisationId = org.Id, CreatedAt = clock.GetUtcNow() });
                await db.SaveChangesAsync(ct);
            }

            printed.Add((a.Role, a.Email, password));
        }

        foreach (var module in catalog.Modules)
        {
            await module.SeedDemoAsync(services, ct);
        }

        logger.LogInformation("Seeded the demo city: {Organisations} organisations, {Accounts} accounts", Tree.Length, printed.Count);
        if (printPasswords && env.IsDevelopment() && printed.Count > 0)
        {
            // Printed once, to the console only (never to the log): these are the only copies.
            Console.WriteLine();
            Console.WriteLine("Demo accounts (shown once; staff roles must enrol TOTP at first sign-in):");
            foreach (var (role, email, password) in printed)
            {
                Console.WriteLine($"  {role,-16} {email,-26} {password}");
            }

            Console.WriteLine();
        }
    }

    public static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Concat(Enumerable.Range(0, 16).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]));
    }
}
