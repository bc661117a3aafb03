using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madang.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DataCatalogue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "data_datasets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LicenseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Frequency = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    TemporalStart = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    TemporalEnd = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Spatial = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ContactName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ContactEmail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ModifiedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HarvestSourceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    HarvestRemoteId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    HarvestRemoteUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    description_en = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    description_ja = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    description_ko = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    description_zh_Hans = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    description_zh_Hant = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    title_en = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    title_ja = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    title_ko = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    title_zh_Hans = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    title_zh_Hant = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_datasets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_data_datasets_core_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "core_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "data_harvest_sources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Interval = table.Column<TimeSpan>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationMapJson = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastRunAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_harvest_sources", x => x.Id);
                    table.ForeignKey(
                        name: "FK_data_harvest_sources_core_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "core_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "data_dataset_extras",
                columns: table => new
                {
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_dataset_extras", x => new { x.DatasetId, x.Key });
                    table.ForeignKey(
                        name: "FK_data_dataset_extras_data_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "data_datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "data_dataset_tags",
                columns: table => new
                {
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_dataset_tags", x => new { x.DatasetId, x.Name });
                    table.ForeignKey(
                        name: "FK_data_dataset_tags_data_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "data_datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "data_dataset_themes",
                columns: table => new
                {
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_dataset_themes", x => new { x.DatasetId, x.Code });
                    table.ForeignKey(
                        name: "FK_data_dataset_themes_data_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "data_datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "data_resources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    LinkUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Format = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    SchemaJson = table.Column<string>(type: "TEXT", nullable: true),
                    CurrentVersionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DatastoreState = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    DatastoreTable = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DatastoreVersionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DatastoreRows = table.Column<long>(type: "INTEGER", nullable: false),
                    DatastoreProgress = table.Column<long>(type: "INTEGER", nullable: false),
                    DatastoreError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ModifiedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    description_en = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    description_ja = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    description_ko = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    description_zh_Hans = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    description_zh_Hant = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    name_en = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    name_ja = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    name_ko = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    name_zh_Hans = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    name_zh_Hant = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_resources", x => x.Id);
                    table.ForeignKey(
                        name: "FK_data_resources_data_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "data_datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "data_harvest_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Created = table.Column<int>(type: "INTEGER", nullable: false),
                    Updated = table.Column<int>(type: "INTEGER", nullable: false),
                    Deleted = table.Column<int>(type: "INTEGER", nullable: false),
                    Failed = table.Column<int>(type: "INTEGER", nullable: false),
                    Errors = table.Column<string>(type: "TEXT", nullable: true),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_harvest_runs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_data_harvest_runs_data_harvest_sources_SourceId",
                        column: x => x.SourceId,
                        principalTable: "data_harvest_sources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "data_resource_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    MediaType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ByteSize = table.Column<long>(type: "INTEGER", nullable: false),
                    Changelog = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ReportJson = table.Column<string>(type: "TEXT", nullable: true),
                    RowCount = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_resource_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_data_resource_versions_data_resources_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "data_resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_data_dataset_tags_Name",
                table: "data_dataset_tags",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_data_dataset_themes_Code",
                table: "data_dataset_themes",
                column: "Code");

            migrationBuilder.CreateIndex(
                name: "IX_data_datasets_HarvestSourceId_HarvestRemoteId",
                table: "data_datasets",
                columns: new[] { "HarvestSourceId", "HarvestRemoteId" });

            migrationBuilder.CreateIndex(
                name: "IX_data_datasets_Name",
                table: "data_datasets",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_data_datasets_OrganisationId",
                table: "data_datasets",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_data_datasets_State_ModifiedAt",
                table: "data_datasets",
                columns: new[] { "State", "ModifiedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_data_harvest_runs_SourceId_StartedAt",
                table: "data_harvest_runs",
                columns: new[] { "SourceId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_data_harvest_sources_OrganisationId",
                table: "data_harvest_sources",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_data_resource_versions_ResourceId_Number",
                table: "data_resource_versions",
                columns: new[] { "ResourceId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_data_resources_DatasetId_Position",
                table: "data_resources",
                columns: new[] { "DatasetId", "Position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_dataset_extras");

            migrationBuilder.DropTable(
                name: "data_dataset_tags");

            migrationBuilder.DropTable(
                name: "data_dataset_themes");

            migrationBuilder.DropTable(
                name: "data_harvest_runs");

            migrationBuilder.DropTable(
                name: "data_resource_versions");

            migrationBuilder.DropTable(
                name: "data_harvest_sources");

            migrationBuilder.DropTable(
                name: "data_resources");

            migrationBuilder.DropTable(
                name: "data_datasets");
        }
    }
}
