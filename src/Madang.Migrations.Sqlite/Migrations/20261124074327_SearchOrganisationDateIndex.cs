using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madang.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SearchOrganisationDateIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_core_search_entries_OrganisationId",
                table: "core_search_entries");

            migrationBuilder.CreateIndex(
                name: "IX_core_search_entries_OrganisationId_Date",
                table: "core_search_entries",
                columns: new[] { "OrganisationId", "Date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_core_search_entries_OrganisationId_Date",
                table: "core_search_entries");

            migrationBuilder.CreateIndex(
                name: "IX_core_search_entries_OrganisationId",
                table: "core_search_entries",
                column: "OrganisationId");
        }
    }
}
