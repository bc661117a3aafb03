using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madang.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ReleaseAttachmentsAndKeywords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MaskedText",
                table: "release_files",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "OriginalCleared",
                table: "release_files",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PublicName",
                table: "release_files",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TextLength",
                table: "release_files",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "TextStart",
                table: "release_files",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "Unscreened",
                table: "release_files",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "release_document_keywords",
                columns: table => new
                {
                    DocumentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Text = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_release_document_keywords", x => new { x.DocumentId, x.Key });
                    table.ForeignKey(
                        name: "FK_release_document_keywords_release_documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "release_documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_release_document_keywords_Key",
                table: "release_document_keywords",
                column: "Key");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "release_document_keywords");

            migrationBuilder.DropColumn(
                name: "MaskedText",
                table: "release_files");

            migrationBuilder.DropColumn(
                name: "OriginalCleared",
                table: "release_files");

            migrationBuilder.DropColumn(
                name: "PublicName",
                table: "release_files");

            migrationBuilder.DropColumn(
                name: "TextLength",
                table: "release_files");

            migrationBuilder.DropColumn(
                name: "TextStart",
                table: "release_files");

            migrationBuilder.DropColumn(
                name: "Unscreened",
                table: "release_files");
        }
    }
}
