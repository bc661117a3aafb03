using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madang.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ParticipationProposalImages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "participation_proposal_images",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProposalId = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Length = table.Column<long>(type: "INTEGER", nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    Alt = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    PublicAlt = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_proposal_images", x => x.Id);
                    table.ForeignKey(
                        name: "FK_participation_proposal_images_participation_proposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "participation_proposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_participation_proposal_images_ProposalId_Position",
                table: "participation_proposal_images",
                columns: new[] { "ProposalId", "Position" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "participation_proposal_images");
        }
    }
}
