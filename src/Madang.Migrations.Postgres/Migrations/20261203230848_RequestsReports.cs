using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Madang.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RequestsReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DiscloseAfter",
                table: "requests_rules",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Address",
                table: "requests_requests",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Attributes",
                table: "requests_requests",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ClientKeyId",
                table: "requests_requests",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClientMediaUrl",
                table: "requests_requests",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactEmail",
                table: "requests_requests",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactName",
                table: "requests_requests",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactPhone",
                table: "requests_requests",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DiscloseAfter",
                table: "requests_requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Latitude",
                table: "requests_requests",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Longitude",
                table: "requests_requests",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublicAddress",
                table: "requests_requests",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublicStatusNote",
                table: "requests_requests",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ServiceCode",
                table: "requests_requests",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Token",
                table: "requests_requests",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "UpdatedAt",
                table: "requests_requests",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Requests sent before reports had an update time were last updated when their latest step was taken.
            migrationBuilder.Sql("UPDATE requests_requests SET \"UpdatedAt\" = COALESCE((SELECT MAX(e.\"At\") FROM requests_events e WHERE e.\"RequestId\" = requests_requests.\"Id\"), \"ReceivedAt\")");

            migrationBuilder.CreateTable(
                name: "requests_attachments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_requests_attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_requests_attachments_requests_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "requests_requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "requests_photos",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false),
                    Width = table.Column<int>(type: "integer", nullable: false),
                    Height = table.Column<int>(type: "integer", nullable: false),
                    Alt = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    PublicAlt = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_requests_photos", x => x.Id);
                    table.ForeignKey(
                        name: "FK_requests_photos_requests_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "requests_requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_requests_requests_Kind_ServiceCode_ReceivedAt",
                table: "requests_requests",
                columns: new[] { "Kind", "ServiceCode", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_requests_requests_Token",
                table: "requests_requests",
                column: "Token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_requests_attachments_RequestId_Position",
                table: "requests_attachments",
                columns: new[] { "RequestId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_requests_photos_RequestId_Position",
                table: "requests_photos",
                columns: new[] { "RequestId", "Position" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "requests_attachments");

            migrationBuilder.DropTable(
                name: "requests_photos");

            migrationBuilder.DropIndex(
                name: "IX_requests_requests_Kind_ServiceCode_ReceivedAt",
                table: "requests_requests");

            migrationBuilder.DropIndex(
                name: "IX_requests_requests_Token",
                table: "requests_requests");

            migrationBuilder.DropColumn(
                name: "DiscloseAfter",
                table: "requests_rules");

            migrationBuilder.DropColumn(
                name: "Address",
                table: "requests_requests");

            migrationBuilder.DropColumn(
                name: "Attributes",
                table: "requests_requests");

            migrationBuilder.DropColumn(
                name: "ClientKeyId",
                table: "requests_requests");

            migrationBuilder.DropColumn(
                name: "ClientMediaUrl",
                table: "requests_requests");

            migrationBuilder.DropColumn(
                name: "ContactEmail",
                table: "requests_requests");

            migrationBuilder.DropColumn(
                name: "ContactName",
                table: "requests_requests");

            migrationBuilder.DropColumn(
                name: "ContactPhone",
                table: "requests_requests");

            migrationBuilder.DropColumn(
                name: "DiscloseAfter",
                table: "requests_requests");

            migrationBuilder.DropColumn(
                name: "Latitude",
                table: "requests_requests");

            migrationBuilder.DropColumn(
                name: "Longitude",
                table: "requests_requests");

            migrationBuilder.DropColumn(
                name: "PublicAddress",
                table: "requests_requests");

            migrationBuilder.DropColumn(
                name: "PublicStatusNote",
                table: "requests_requests");

            migrationBuilder.DropColumn(
                name: "ServiceCode",
                table: "requests_requests");

            migrationBuilder.DropColumn(
                name: "Token",
                table: "requests_requests");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "requests_requests");
        }
    }
}
