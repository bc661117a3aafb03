using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madang.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SearchTitleVectorDropped : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Broad queries are now ranked within a window of the newest rows, where BM25's title weight already puts
            // title matches first; the separate title vector and its GIN index only cost writes and space.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION core_search_entries_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW."SearchVector" := setweight(CAST(NEW."TitleTerms" AS tsvector), 'A') || CAST(NEW."BodyTerms" AS tsvector);
                    NEW."TitleTerms" := '';
                    NEW."BodyTerms" := '';
                    RETURN NEW;
                END $$;
                DROP INDEX IF EXISTS ix_core_search_entries_title_vector;
                ALTER TABLE core_search_entries DROP COLUMN IF EXISTS "TitleVector";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The title vector is rebuilt from the search vector's weight-A lexemes (titles were written with weight A).
            migrationBuilder.Sql("""
                ALTER TABLE core_search_entries ADD COLUMN "TitleVector" tsvector NOT NULL DEFAULT '';
                UPDATE core_search_entries SET "TitleVector" = ts_filter("SearchVector", '{a}');
                CREATE INDEX ix_core_search_entries_title_vector ON core_search_entries USING GIN ("TitleVector");
                CREATE OR REPLACE FUNCTION core_search_entries_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW."SearchVector" := setweight(CAST(NEW."TitleTerms" AS tsvector), 'A') || CAST(NEW."BodyTerms" AS tsvector);
                    NEW."TitleVector" := CAST(NEW."TitleTerms" AS tsvector);
                    NEW."TitleTerms" := '';
                    NEW."BodyTerms" := '';
                    RETURN NEW;
                END $$;
                """);
        }
    }
}
