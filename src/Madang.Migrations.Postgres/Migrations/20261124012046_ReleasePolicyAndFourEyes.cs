using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madang.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ReleasePolicyAndFourEyes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PolicyVersion",
                table: "release_documents",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReviewedAt",
                table: "release_documents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Sensitivity",
                table: "release_documents",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "release_policy_versions",
                columns: table => new
                {
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_release_policy_versions", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "release_review_proposals",
                columns: table => new
                {
                    DocumentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProposedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    ProposedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Approve = table.Column<bool>(type: "boolean", nullable: false),
                    Ground = table.Column<int>(type: "integer", nullable: true),
                    Rejected = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ExtraMasks = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_release_review_proposals", x => x.DocumentId);
                    table.ForeignKey(
                        name: "FK_release_review_proposals_release_documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "release_documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_release_documents_State_Sensitivity_ReceivedAt",
                table: "release_documents",
                columns: new[] { "State", "Sensitivity", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "release_policy_versions");

            migrationBuilder.DropTable(
                name: "release_review_proposals");

            migrationBuilder.DropIndex(
                name: "IX_release_documents_State_Sensitivity_ReceivedAt",
                table: "release_documents");

            migrationBuilder.DropColumn(
                name: "PolicyVersion",
                table: "release_documents");

            migrationBuilder.DropColumn(
                name: "ReviewedAt",
                table: "release_documents");

            migrationBuilder.DropColumn(
                name: "Sensitivity",
                table: "release_documents");
        }
    }
}
