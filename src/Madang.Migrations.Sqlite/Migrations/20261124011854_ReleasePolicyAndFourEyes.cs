using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madang.Migrations.Sqlite.Migrations
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "ReviewedAt",
                table: "release_documents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Sensitivity",
                table: "release_documents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "release_policy_versions",
                columns: table => new
                {
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_release_policy_versions", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "release_review_proposals",
                columns: table => new
                {
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Approve = table.Column<bool>(type: "INTEGER", nullable: false),
                    Ground = table.Column<int>(type: "INTEGER", nullable: true),
                    Rejected = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ExtraMasks = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
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
