using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Madang.Migrations.Postgres.Migrations
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActorId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TargetType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    TargetId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Details = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_audit_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_data_protection_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_jobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    MaxAttempts = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RunAfter = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LeaseToken = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    LeasedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    Progress = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_jobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_organisations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ParentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Name_en = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Name_ja = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Name_ko = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Name_zh_Hans = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Name_zh_Hant = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_roles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_search_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Language = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    Date = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TitleTerms = table.Column<string>(type: "text", nullable: false),
                    BodyTerms = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_search_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_site_settings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    DefaultLanguage = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SiteName_en = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SiteName_ja = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SiteName_ko = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SiteName_zh_Hans = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SiteName_zh_Hant = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_site_settings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_users",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Handle = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    PreferredLanguage = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_api_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    LastUsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Url = table.Column<string>(type: "text", nullable: true),
                    ReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
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
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
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
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false)
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
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
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

            // The terms are stored as tsvector text and cast, never parsed by a text-search configuration, so CJK
            // bigrams survive whatever the server's locale. A generated column keeps the vector in the same row and
            // therefore in the same transaction as the content; GIN makes @@ fast.
            migrationBuilder.Sql("""
                ALTER TABLE core_search_entries ADD COLUMN "SearchVector" tsvector
                    GENERATED ALWAYS AS (setweight(CAST("TitleTerms" AS tsvector), 'A') || CAST("BodyTerms" AS tsvector)) STORED;
                """);
            migrationBuilder.Sql("""CREATE INDEX ix_core_search_entries_vector ON core_search_entries USING GIN ("SearchVector");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS ix_core_search_entries_vector;""");
            migrationBuilder.Sql("""ALTER TABLE core_search_entries DROP COLUMN IF EXISTS "SearchVector";""");

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
