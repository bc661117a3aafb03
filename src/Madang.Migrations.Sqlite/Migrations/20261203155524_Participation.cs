using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madang.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Participation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CensusVerifiedAt",
                table: "core_users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "core_census",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ClaimedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClaimedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_census", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "participation_processes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Definition = table.Column<string>(type: "TEXT", nullable: false),
                    IsOpen = table.Column<bool>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Title_en = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Title_ja = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Title_ko = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Title_zh_Hans = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Title_zh_Hant = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_processes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "participation_reports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TargetType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TargetId = table.Column<long>(type: "INTEGER", nullable: false),
                    ReporterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_reports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_participation_reports_core_users_ReporterId",
                        column: x => x.ReporterId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "participation_panels",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProcessId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Size = table.Column<int>(type: "INTEGER", nullable: false),
                    Seed = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DrawnAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_panels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_participation_panels_participation_processes_ProcessId",
                        column: x => x.ProcessId,
                        principalTable: "participation_processes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "participation_proposals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProcessId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    PublicTitle = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    PublicBody = table.Column<string>(type: "TEXT", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Latitude = table.Column<double>(type: "REAL", nullable: true),
                    Longitude = table.Column<double>(type: "REAL", nullable: true),
                    Language = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Stage = table.Column<int>(type: "INTEGER", nullable: false),
                    SupportCount = table.Column<int>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OpenReports = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ModerationNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_proposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_participation_proposals_core_organisations_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "core_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_participation_proposals_core_users_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_participation_proposals_participation_processes_ProcessId",
                        column: x => x.ProcessId,
                        principalTable: "participation_processes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "participation_panel_volunteers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PanelId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AgeBand = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Gender = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Selected = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_panel_volunteers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_participation_panel_volunteers_core_users_UserId",
                        column: x => x.UserId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_participation_panel_volunteers_participation_panels_PanelId",
                        column: x => x.PanelId,
                        principalTable: "participation_panels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "participation_answers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProposalId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_answers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_participation_answers_core_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "core_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_participation_answers_participation_proposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "participation_proposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "participation_debates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProcessId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposalId = table.Column<long>(type: "INTEGER", nullable: true),
                    ConsultationId = table.Column<long>(type: "INTEGER", nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    OpensAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosesAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ParticipantCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_debates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_participation_debates_participation_processes_ProcessId",
                        column: x => x.ProcessId,
                        principalTable: "participation_processes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_participation_debates_participation_proposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "participation_proposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "participation_milestones",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProposalId = table.Column<long>(type: "INTEGER", nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    ByPanel = table.Column<bool>(type: "INTEGER", nullable: false),
                    Missed = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_milestones", x => x.Id);
                    table.ForeignKey(
                        name: "FK_participation_milestones_participation_proposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "participation_proposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "participation_obligations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProposalId = table.Column<long>(type: "INTEGER", nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReminderSentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EscalatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnswerId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_obligations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_participation_obligations_core_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "core_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_participation_obligations_participation_proposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "participation_proposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "participation_supports",
                columns: table => new
                {
                    ProposalId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_supports", x => new { x.ProposalId, x.UserId });
                    table.ForeignKey(
                        name: "FK_participation_supports_core_users_UserId",
                        column: x => x.UserId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_participation_supports_participation_proposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "participation_proposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "participation_arguments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DebateId = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Side = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    PublicText = table.Column<string>(type: "TEXT", nullable: false),
                    Hidden = table.Column<bool>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_arguments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_participation_arguments_core_users_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_participation_arguments_participation_debates_DebateId",
                        column: x => x.DebateId,
                        principalTable: "participation_debates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "participation_debate_positions",
                columns: table => new
                {
                    DebateId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Side = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_debate_positions", x => new { x.DebateId, x.UserId });
                    table.ForeignKey(
                        name: "FK_participation_debate_positions_core_users_UserId",
                        column: x => x.UserId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_participation_debate_positions_participation_debates_DebateId",
                        column: x => x.DebateId,
                        principalTable: "participation_debates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_core_census_ClaimedBy",
                table: "core_census",
                column: "ClaimedBy");

            migrationBuilder.CreateIndex(
                name: "IX_core_census_Hash",
                table: "core_census",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_participation_answers_OrganisationId",
                table: "participation_answers",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_answers_ProposalId",
                table: "participation_answers",
                column: "ProposalId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_arguments_AuthorId",
                table: "participation_arguments",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_arguments_DebateId_At",
                table: "participation_arguments",
                columns: new[] { "DebateId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_participation_debate_positions_UserId",
                table: "participation_debate_positions",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_debates_ClosesAt",
                table: "participation_debates",
                column: "ClosesAt");

            migrationBuilder.CreateIndex(
                name: "IX_participation_debates_ProcessId",
                table: "participation_debates",
                column: "ProcessId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_debates_ProposalId",
                table: "participation_debates",
                column: "ProposalId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_milestones_ProposalId_Step",
                table: "participation_milestones",
                columns: new[] { "ProposalId", "Step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_participation_obligations_AnsweredAt_DueAt",
                table: "participation_obligations",
                columns: new[] { "AnsweredAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_participation_obligations_OrganisationId",
                table: "participation_obligations",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_obligations_ProposalId_Step",
                table: "participation_obligations",
                columns: new[] { "ProposalId", "Step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_participation_panel_volunteers_PanelId_Number",
                table: "participation_panel_volunteers",
                columns: new[] { "PanelId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_participation_panel_volunteers_PanelId_UserId",
                table: "participation_panel_volunteers",
                columns: new[] { "PanelId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_participation_panel_volunteers_UserId",
                table: "participation_panel_volunteers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_panels_ProcessId",
                table: "participation_panels",
                column: "ProcessId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_processes_Slug",
                table: "participation_processes",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_participation_proposals_AuthorId",
                table: "participation_proposals",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_proposals_DepartmentId",
                table: "participation_proposals",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_proposals_ProcessId_Status_PublishedAt",
                table: "participation_proposals",
                columns: new[] { "ProcessId", "Status", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_participation_proposals_Status_SupportCount",
                table: "participation_proposals",
                columns: new[] { "Status", "SupportCount" });

            migrationBuilder.CreateIndex(
                name: "IX_participation_reports_ReporterId",
                table: "participation_reports",
                column: "ReporterId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_reports_ResolvedAt",
                table: "participation_reports",
                column: "ResolvedAt");

            migrationBuilder.CreateIndex(
                name: "IX_participation_reports_TargetType_TargetId_ReporterId",
                table: "participation_reports",
                columns: new[] { "TargetType", "TargetId", "ReporterId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_participation_supports_UserId",
                table: "participation_supports",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "core_census");

            migrationBuilder.DropTable(
                name: "participation_answers");

            migrationBuilder.DropTable(
                name: "participation_arguments");

            migrationBuilder.DropTable(
                name: "participation_debate_positions");

            migrationBuilder.DropTable(
                name: "participation_milestones");

            migrationBuilder.DropTable(
                name: "participation_obligations");

            migrationBuilder.DropTable(
                name: "participation_panel_volunteers");

            migrationBuilder.DropTable(
                name: "participation_reports");

            migrationBuilder.DropTable(
                name: "participation_supports");

            migrationBuilder.DropTable(
                name: "participation_debates");

            migrationBuilder.DropTable(
                name: "participation_panels");

            migrationBuilder.DropTable(
                name: "participation_proposals");

            migrationBuilder.DropTable(
                name: "participation_processes");

            migrationBuilder.DropColumn(
                name: "CensusVerifiedAt",
                table: "core_users");
        }
    }
}
