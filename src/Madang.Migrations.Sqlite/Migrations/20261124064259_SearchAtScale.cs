using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madang.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SearchAtScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ContentHash",
                table: "core_search_entries",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "Generation",
                table: "core_search_entries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Identifier",
                table: "core_search_entries",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Keywords",
                table: "core_search_entries",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "core_search_entries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Year",
                table: "core_search_entries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "core_search_reindex",
                columns: table => new
                {
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Generation = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Processed = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_search_reindex", x => x.Type);
                });

            migrationBuilder.CreateTable(
                name: "core_search_suggestions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Normalized = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IsTitle = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_search_suggestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_core_search_suggestions_core_search_entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "core_search_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_core_search_entries_Identifier",
                table: "core_search_entries",
                column: "Identifier");

            migrationBuilder.CreateIndex(
                name: "IX_core_search_suggestions_EntryId",
                table: "core_search_suggestions",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_core_search_suggestions_Normalized",
                table: "core_search_suggestions",
                column: "Normalized");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "core_search_reindex");

            migrationBuilder.DropTable(
                name: "core_search_suggestions");

            migrationBuilder.DropIndex(
                name: "IX_core_search_entries_Identifier",
                table: "core_search_entries");

            migrationBuilder.DropColumn(
                name: "ContentHash",
                table: "core_search_entries");

            migrationBuilder.DropColumn(
                name: "Generation",
                table: "core_search_entries");

            migrationBuilder.DropColumn(
                name: "Identifier",
                table: "core_search_entries");

            migrationBuilder.DropColumn(
                name: "Keywords",
                table: "core_search_entries");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "core_search_entries");

            migrationBuilder.DropColumn(
                name: "Year",
                table: "core_search_entries");
        }
    }
}
