using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madang.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SearchInsertIndexesOnlyTerms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A bulk build writes the row without its terms and the terms straight into FTS5 (SearchIndex.BulkInsert): the
            // terms of a whole document no longer go through the row's overflow pages only to be cleared by this trigger.
            // A row that arrives with its terms already cleared (a single space, which no analysed text is) is left alone.
            migrationBuilder.Sql("""
                DROP TRIGGER core_search_entries_ai;
                CREATE TRIGGER core_search_entries_ai AFTER INSERT ON core_search_entries
                WHEN new."TitleTerms" <> ' ' OR new."BodyTerms" <> ' ' BEGIN
                    INSERT INTO core_search_fts(rowid, "TitleTerms", "BodyTerms") VALUES (new."Id", new."TitleTerms", new."BodyTerms");
                    UPDATE core_search_entries SET "TitleTerms" = ' ', "BodyTerms" = ' ' WHERE "Id" = new."Id";
                END;
                -- FTS5 wrote a segment whenever a megabyte of terms was pending, six or so for each thousand documents of a
                -- build, each to be merged again; a transaction's terms now make one segment (a live write's are tiny).
                INSERT INTO core_search_fts(core_search_fts, rank) VALUES('hashsize', 67108864);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                INSERT INTO core_search_fts(core_search_fts, rank) VALUES('hashsize', 1048576);
                DROP TRIGGER core_search_entries_ai;
                CREATE TRIGGER core_search_entries_ai AFTER INSERT ON core_search_entries BEGIN
                    INSERT INTO core_search_fts(rowid, "TitleTerms", "BodyTerms") VALUES (new."Id", new."TitleTerms", new."BodyTerms");
                    UPDATE core_search_entries SET "TitleTerms" = ' ', "BodyTerms" = ' ' WHERE "Id" = new."Id";
                END;
                """);
        }
    }
}
