using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madang.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Requests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "requests_requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RequesterId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    PublicSubject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    PublicText = table.Column<string>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Form = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    AboutType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    AboutKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AboutTitle = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    AboutPath = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    IsPrivate = table.Column<bool>(type: "INTEGER", nullable: false),
                    ByEmail = table.Column<bool>(type: "INTEGER", nullable: false),
                    BySms = table.Column<bool>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AcknowledgeBy = table.Column<long>(type: "INTEGER", nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExtendedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReminderSentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EscalatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    Answer = table.Column<string>(type: "TEXT", nullable: true),
                    PublicAnswer = table.Column<string>(type: "TEXT", nullable: true),
                    Grounds = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ObjectionTo = table.Column<long>(type: "INTEGER", nullable: true),
                    Rating = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_requests_requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_requests_requests_core_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "core_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_requests_requests_core_users_RequesterId",
                        column: x => x.RequesterId,
                        principalTable: "core_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_requests_requests_requests_requests_ObjectionTo",
                        column: x => x.ObjectionTo,
                        principalTable: "requests_requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "requests_rules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Definition = table.Column<string>(type: "TEXT", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_requests_rules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "requests_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ActorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FromOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ToOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    PublicNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Until = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_requests_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_requests_events_requests_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "requests_requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_requests_events_RequestId_At",
                table: "requests_events",
                columns: new[] { "RequestId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_requests_requests_AboutType_AboutKey",
                table: "requests_requests",
                columns: new[] { "AboutType", "AboutKey" });

            migrationBuilder.CreateIndex(
                name: "IX_requests_requests_ObjectionTo",
                table: "requests_requests",
                column: "ObjectionTo");

            migrationBuilder.CreateIndex(
                name: "IX_requests_requests_OrganisationId_State_DueAt",
                table: "requests_requests",
                columns: new[] { "OrganisationId", "State", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_requests_requests_RequesterId",
                table: "requests_requests",
                column: "RequesterId");

            migrationBuilder.CreateIndex(
                name: "IX_requests_requests_State_DueAt",
                table: "requests_requests",
                columns: new[] { "State", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "requests_events");

            migrationBuilder.DropTable(
                name: "requests_rules");

            migrationBuilder.DropTable(
                name: "requests_requests");
        }
    }
}
