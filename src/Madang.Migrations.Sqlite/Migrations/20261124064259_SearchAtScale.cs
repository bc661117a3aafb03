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
            // Rebuilt rather than altered: SQLite appends added columns after the long texts, and reading a facet column would
            // then walk every overflow page of the row. Short columns first, long texts last; row ids (the FTS keys) are kept.
            migrationBuilder.Sql("""
                CREATE TABLE "core_search_entries_new" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_core_search_entries" PRIMARY KEY AUTOINCREMENT,
                    "Type" TEXT NOT NULL,
                    "Key" TEXT NOT NULL,
                    "OrganisationId" TEXT NULL,
                    "Kind" TEXT NULL,
                    "Year" INTEGER NOT NULL DEFAULT 0,
                    "Language" TEXT NULL,
                    "Date" INTEGER NOT NULL,
                    "Identifier" TEXT NULL,
                    "ContentHash" TEXT NOT NULL DEFAULT '',
                    "Generation" INTEGER NOT NULL DEFAULT 0,
                    "UpdatedAt" INTEGER NOT NULL,
                    "Title" TEXT NOT NULL,
                    "Url" TEXT NOT NULL,
                    "Keywords" TEXT NOT NULL DEFAULT '',
                    "Body" TEXT NOT NULL,
                    "TitleTerms" TEXT NOT NULL,
                    "BodyTerms" TEXT NOT NULL);
                INSERT INTO "core_search_entries_new" ("Id", "Type", "Key", "OrganisationId", "Year", "Language", "Date", "UpdatedAt", "Title", "Url", "Body", "TitleTerms", "BodyTerms")
                    SELECT "Id", "Type", "Key", "OrganisationId", CAST(strftime('%Y', ("Date" - 621355968000000000) / 10000000, 'unixepoch') AS INTEGER),
                           "Language", "Date", "UpdatedAt", "Title", "Url", "Body", "TitleTerms", "BodyTerms"
                    FROM core_search_entries;
                DROP TABLE core_search_entries;
                ALTER TABLE "core_search_entries_new" RENAME TO "core_search_entries";
                CREATE INDEX "IX_core_search_entries_Date" ON "core_search_entries" ("Date");
                CREATE INDEX "IX_core_search_entries_OrganisationId" ON "core_search_entries" ("OrganisationId");
                CREATE UNIQUE INDEX "IX_core_search_entries_Type_Key" ON "core_search_entries" ("Type", "Key");
                -- Contentless FTS with row deletes: the index needs no copy of the terms, so the terms are cleared once
                -- indexed (to a single space, which no analysed text ever is) and the row keeps only what is shown.
                DROP TABLE core_search_fts;
                CREATE VIRTUAL TABLE core_search_fts USING fts5(
                    "TitleTerms", "BodyTerms", content='', contentless_delete=1, tokenize='ascii');
                INSERT INTO core_search_fts(rowid, "TitleTerms", "BodyTerms") SELECT "Id", "TitleTerms", "BodyTerms" FROM core_search_entries;
                UPDATE core_search_entries SET "TitleTerms" = ' ', "BodyTerms" = ' ';
                CREATE TRIGGER core_search_entries_ai AFTER INSERT ON core_search_entries BEGIN
                    INSERT INTO core_search_fts(rowid, "TitleTerms", "BodyTerms") VALUES (new."Id", new."TitleTerms", new."BodyTerms");
                    UPDATE core_search_entries SET "TitleTerms" = ' ', "BodyTerms" = ' ' WHERE "Id" = new."Id";
                END;
                CREATE TRIGGER core_search_entries_ad AFTER DELETE ON core_search_entries BEGIN
                    DELETE FROM core_search_fts WHERE rowid = old."Id";
                END;
                -- Only when new terms are written: a reindex stamping an unchanged entry, or the clearing above, re-indexes nothing.
                CREATE TRIGGER core_search_entries_au AFTER UPDATE OF "TitleTerms", "BodyTerms" ON core_search_entries
                WHEN new."TitleTerms" <> ' ' OR new."BodyTerms" <> ' ' BEGIN
                    DELETE FROM core_search_fts WHERE rowid = old."Id";
                    INSERT INTO core_search_fts(rowid, "TitleTerms", "BodyTerms") VALUES (new."Id", new."TitleTerms", new."BodyTerms");
                    UPDATE core_search_entries SET "TitleTerms" = ' ', "BodyTerms" = ' ' WHERE "Id" = new."Id";
                END;
                """);

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
