using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Madang.Migrations.Postgres.Migrations
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
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "Generation",
                table: "core_search_entries",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Identifier",
                table: "core_search_entries",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Keywords",
                table: "core_search_entries",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "core_search_entries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Year",
                table: "core_search_entries",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "core_search_reindex",
                columns: table => new
                {
                    Type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Generation = table.Column<long>(type: "bigint", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Processed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_search_reindex", x => x.Type);
                });

            migrationBuilder.CreateTable(
                name: "core_search_suggestions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EntryId = table.Column<long>(type: "bigint", nullable: false),
                    Normalized = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IsTitle = table.Column<bool>(type: "boolean", nullable: false)
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

            // Prefix lookups (LIKE 'x%') need pattern ops under a non-C collation.
            migrationBuilder.Sql("CREATE INDEX \"IX_core_search_suggestions_Normalized_pattern\" ON core_search_suggestions (\"Normalized\" text_pattern_ops);");
            migrationBuilder.Sql("UPDATE core_search_entries SET \"Year\" = EXTRACT(YEAR FROM \"Date\")::int;");

            // Titles, keywords and identifiers alone, with their own GIN index: a broad query ranks its title matches first
            // without reading every match's full vector (a weight-A restriction would be checked row by row).
            // The vectors are set by a trigger instead of generated: the terms text is then cleared, so each row keeps
            // its vectors and not a second copy of them as text. UPDATE OF: stamping an unchanged entry recomputes nothing.
            migrationBuilder.Sql("""
                ALTER TABLE core_search_entries ALTER COLUMN "SearchVector" DROP EXPRESSION;
                -- Ranking reads each lexeme's document frequency from these statistics: keep ten thousand of them, not one.
                ALTER TABLE core_search_entries ALTER COLUMN "SearchVector" SET STATISTICS 1000;
                ALTER TABLE core_search_entries ADD COLUMN "TitleVector" tsvector NOT NULL DEFAULT '';
                UPDATE core_search_entries SET "TitleVector" = CAST("TitleTerms" AS tsvector), "TitleTerms" = '', "BodyTerms" = '';
                CREATE INDEX ix_core_search_entries_title_vector ON core_search_entries USING GIN ("TitleVector");
                CREATE FUNCTION core_search_entries_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW."SearchVector" := setweight(CAST(NEW."TitleTerms" AS tsvector), 'A') || CAST(NEW."BodyTerms" AS tsvector);
                    NEW."TitleVector" := CAST(NEW."TitleTerms" AS tsvector);
                    NEW."TitleTerms" := '';
                    NEW."BodyTerms" := '';
                    RETURN NEW;
                END $$;
                CREATE TRIGGER core_search_entries_vectors BEFORE INSERT OR UPDATE OF "TitleTerms", "BodyTerms" ON core_search_entries
                    FOR EACH ROW EXECUTE FUNCTION core_search_entries_vectors();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_core_search_suggestions_Normalized_pattern\";");
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS core_search_entries_vectors ON core_search_entries;
                DROP FUNCTION IF EXISTS core_search_entries_vectors();
                ALTER TABLE core_search_entries DROP COLUMN IF EXISTS "TitleVector";
                """);
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
