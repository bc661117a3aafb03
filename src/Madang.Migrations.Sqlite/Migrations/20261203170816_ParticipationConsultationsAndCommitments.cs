using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madang.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ParticipationConsultationsAndCommitments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "participation_comments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TargetType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TargetId = table.Column<long>(type: "INTEGER", nullable: false),
                    ParentId = table.Column<long>(type: "INTEGER", nullable: true),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    PublicText = table.Column<string>(type: "TEXT", nullable: false),
                    Hidden = table.Column<bool>(type: "INTEGER", nullable: false),
                    Up = table.Column<int>(type: "INTEGER", nullable: false),
                    Down = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_comments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_participation_comments_core_users_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_participation_comments_participation_comments_ParentId",
                        column: x => x.ParentId,
                        principalTable: "participation_comments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "participation_consultations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProcessId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Background = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Options = table.Column<string>(type: "TEXT", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    OpensAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosesAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ResultsLive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    AnnouncedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_consultations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_participation_consultations_core_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "core_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_participation_consultations_participation_processes_ProcessId",
                        column: x => x.ProcessId,
                        principalTable: "participation_processes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "participation_follows",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TargetType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TargetId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_follows", x => new { x.UserId, x.TargetType, x.TargetId });
                    table.ForeignKey(
                        name: "FK_participation_follows_core_users_UserId",
                        column: x => x.UserId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "participation_comment_votes",
                columns: table => new
                {
                    CommentId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Value = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_comment_votes", x => new { x.CommentId, x.UserId });
                    table.ForeignKey(
                        name: "FK_participation_comment_votes_core_users_UserId",
                        column: x => x.UserId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_participation_comment_votes_participation_comments_CommentId",
                        column: x => x.CommentId,
                        principalTable: "participation_comments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "participation_commitments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposalId = table.Column<long>(type: "INTEGER", nullable: true),
                    ConsultationId = table.Column<long>(type: "INTEGER", nullable: true),
                    Budget = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    Progress = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_commitments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_participation_commitments_core_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "core_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_participation_commitments_participation_consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "participation_consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_participation_commitments_participation_proposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "participation_proposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "participation_consultation_responses",
                columns: table => new
                {
                    ConsultationId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Choices = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AgeBand = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_consultation_responses", x => new { x.ConsultationId, x.UserId });
                    table.ForeignKey(
                        name: "FK_participation_consultation_responses_core_users_UserId",
                        column: x => x.UserId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_participation_consultation_responses_participation_consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "participation_consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "participation_commitment_milestones",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommitmentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DoneOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_commitment_milestones", x => x.Id);
                    table.ForeignKey(
                        name: "FK_participation_commitment_milestones_participation_commitments_CommitmentId",
                        column: x => x.CommitmentId,
                        principalTable: "participation_commitments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "participation_commitment_updates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommitmentId = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    EvidenceUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Progress = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_commitment_updates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_participation_commitment_updates_participation_commitments_CommitmentId",
                        column: x => x.CommitmentId,
                        principalTable: "participation_commitments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_participation_debates_ConsultationId",
                table: "participation_debates",
                column: "ConsultationId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_comment_votes_UserId",
                table: "participation_comment_votes",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_comments_AuthorId_At",
                table: "participation_comments",
                columns: new[] { "AuthorId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_participation_comments_ParentId",
                table: "participation_comments",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_comments_TargetType_TargetId_At",
                table: "participation_comments",
                columns: new[] { "TargetType", "TargetId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_participation_commitment_milestones_CommitmentId_DueOn",
                table: "participation_commitment_milestones",
                columns: new[] { "CommitmentId", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_participation_commitment_updates_CommitmentId_At",
                table: "participation_commitment_updates",
                columns: new[] { "CommitmentId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_participation_commitments_ConsultationId",
                table: "participation_commitments",
                column: "ConsultationId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_commitments_OrganisationId",
                table: "participation_commitments",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_commitments_ProposalId",
                table: "participation_commitments",
                column: "ProposalId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_commitments_Status_UpdatedAt",
                table: "participation_commitments",
                columns: new[] { "Status", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_participation_consultation_responses_UserId",
                table: "participation_consultation_responses",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_consultations_ClosesAt",
                table: "participation_consultations",
                column: "ClosesAt");

            migrationBuilder.CreateIndex(
                name: "IX_participation_consultations_OrganisationId",
                table: "participation_consultations",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_consultations_ProcessId",
                table: "participation_consultations",
                column: "ProcessId");

            migrationBuilder.CreateIndex(
                name: "IX_participation_follows_TargetType_TargetId",
                table: "participation_follows",
                columns: new[] { "TargetType", "TargetId" });

            migrationBuilder.AddForeignKey(
                name: "FK_participation_debates_participation_consultations_ConsultationId",
                table: "participation_debates",
                column: "ConsultationId",
                principalTable: "participation_consultations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_participation_debates_participation_consultations_ConsultationId",
                table: "participation_debates");

            migrationBuilder.DropTable(
                name: "participation_comment_votes");

            migrationBuilder.DropTable(
                name: "participation_commitment_milestones");

            migrationBuilder.DropTable(
                name: "participation_commitment_updates");

            migrationBuilder.DropTable(
                name: "participation_consultation_responses");

            migrationBuilder.DropTable(
                name: "participation_follows");

            migrationBuilder.DropTable(
                name: "participation_comments");

            migrationBuilder.DropTable(
                name: "participation_commitments");

            migrationBuilder.DropTable(
                name: "participation_consultations");

            migrationBuilder.DropIndex(
                name: "IX_participation_debates_ConsultationId",
                table: "participation_debates");
        }
    }
}
