using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madang.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "core_audit_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TargetType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    TargetId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Details = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_audit_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_data_protection_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_jobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RunAfter = table.Column<long>(type: "INTEGER", nullable: false),
                    LeaseToken = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LeasedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true),
                    Progress = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_jobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_organisations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ParentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Name_en = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Name_ja = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Name_ko = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Name_zh_Hans = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Name_zh_Hant = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_organisations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_core_organisations_core_organisations_ParentId",
                        column: x => x.ParentId,
                        principalTable: "core_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "core_roles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_roles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_search_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Date = table.Column<long>(type: "INTEGER", nullable: false),
                    TitleTerms = table.Column<string>(type: "TEXT", nullable: false),
                    BodyTerms = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_search_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_site_settings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    DefaultLanguage = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SiteName_en = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SiteName_ja = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SiteName_ko = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SiteName_zh_Hans = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SiteName_zh_Hant = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_site_settings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_users",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Handle = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    PreferredLanguage = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumber = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LockoutEnd = table.Column<long>(type: "INTEGER", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_api_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    LastUsedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_api_keys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_core_api_keys_core_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "core_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "core_role_claims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_role_claims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_core_role_claims_core_roles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "core_roles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "core_inbox_messages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Url = table.Column<string>(type: "TEXT", nullable: true),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_inbox_messages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_core_inbox_messages_core_users_UserId",
                        column: x => x.UserId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "core_memberships",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_memberships", x => new { x.UserId, x.OrganisationId });
                    table.ForeignKey(
                        name: "FK_core_memberships_core_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "core_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_core_memberships_core_users_UserId",
                        column: x => x.UserId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "core_user_claims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_user_claims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_core_user_claims_core_users_UserId",
                        column: x => x.UserId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "core_user_logins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderKey = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_user_logins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_core_user_logins_core_users_UserId",
                        column: x => x.UserId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "core_user_roles",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoleId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_user_roles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_core_user_roles_core_roles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "core_roles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_core_user_roles_core_users_UserId",
                        column: x => x.UserId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "core_user_tokens",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_user_tokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_core_user_tokens_core_users_UserId",
                        column: x => x.UserId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_core_api_keys_Hash",
                table: "core_api_keys",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_core_api_keys_OrganisationId",
                table: "core_api_keys",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_core_audit_entries_At",
                table: "core_audit_entries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_core_audit_entries_TargetType_TargetId",
                table: "core_audit_entries",
                columns: new[] { "TargetType", "TargetId" });

            migrationBuilder.CreateIndex(
                name: "IX_core_inbox_messages_UserId_At",
                table: "core_inbox_messages",
                columns: new[] { "UserId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_core_jobs_State_RunAfter",
                table: "core_jobs",
                columns: new[] { "State", "RunAfter" });

            migrationBuilder.CreateIndex(
                name: "IX_core_memberships_OrganisationId",
                table: "core_memberships",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_core_organisations_Code",
                table: "core_organisations",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_core_organisations_ParentId",
                table: "core_organisations",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_core_role_claims_RoleId",
                table: "core_role_claims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "core_roles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_core_search_entries_Date",
                table: "core_search_entries",
                column: "Date");

            migrationBuilder.CreateIndex(
                name: "IX_core_search_entries_OrganisationId",
                table: "core_search_entries",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_core_search_entries_Type_Key",
                table: "core_search_entries",
                columns: new[] { "Type", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_core_user_claims_UserId",
                table: "core_user_claims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_core_user_logins_UserId",
                table: "core_user_logins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_core_user_roles_RoleId",
                table: "core_user_roles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "core_users",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "IX_core_users_Handle",
                table: "core_users",
                column: "Handle",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "core_users",
                column: "NormalizedUserName",
                unique: true);

            // Full-text index over the analyzed terms (see TextAnalyzer). External content: the terms live once, in
            // core_search_entries; triggers keep the FTS5 index in step inside the same transaction as the content.
            // The 'ascii' tokenizer splits only at ASCII separators, so our CJK bigrams reach it intact.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE core_search_fts USING fts5(
                    "TitleTerms", "BodyTerms", content='core_search_entries', content_rowid='Id', tokenize='ascii');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER core_search_entries_ai AFTER INSERT ON core_search_entries BEGIN
                    INSERT INTO core_search_fts(rowid, "TitleTerms", "BodyTerms") VALUES (new."Id", new."TitleTerms", new."BodyTerms");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER core_search_entries_ad AFTER DELETE ON core_search_entries BEGIN
                    INSERT INTO core_search_fts(core_search_fts, rowid, "TitleTerms", "BodyTerms") VALUES ('delete', old."Id", old."TitleTerms", old."BodyTerms");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER core_search_entries_au AFTER UPDATE ON core_search_entries BEGIN
                    INSERT INTO core_search_fts(core_search_fts, rowid, "TitleTerms", "BodyTerms") VALUES ('delete', old."Id", old."TitleTerms", old."BodyTerms");
                    INSERT INTO core_search_fts(rowid, "TitleTerms", "BodyTerms") VALUES (new."Id", new."TitleTerms", new."BodyTerms");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS core_search_entries_au;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS core_search_entries_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS core_search_entries_ai;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS core_search_fts;");

            migrationBuilder.DropTable(
                name: "core_api_keys");

            migrationBuilder.DropTable(
                name: "core_audit_entries");

            migrationBuilder.DropTable(
                name: "core_data_protection_keys");

            migrationBuilder.DropTable(
                name: "core_inbox_messages");

            migrationBuilder.DropTable(
                name: "core_jobs");

            migrationBuilder.DropTable(
                name: "core_memberships");

            migrationBuilder.DropTable(
                name: "core_role_claims");

            migrationBuilder.DropTable(
                name: "core_search_entries");

            migrationBuilder.DropTable(
                name: "core_site_settings");

            migrationBuilder.DropTable(
                name: "core_user_claims");

            migrationBuilder.DropTable(
                name: "core_user_logins");

            migrationBuilder.DropTable(
                name: "core_user_roles");

            migrationBuilder.DropTable(
                name: "core_user_tokens");

            migrationBuilder.DropTable(
                name: "core_organisations");

            migrationBuilder.DropTable(
                name: "core_roles");

            migrationBuilder.DropTable(
                name: "core_users");
        }
    }
}
