using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerSupport.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CaseworkData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A migration of its own, after Casework's schema (on SQLite, its table rebuilds) is done.
            // The answers recorded so far are the first public staff messages of their requests.
            migrationBuilder.Sql("""
                INSERT INTO "Messages" ("Id", "ServiceRequestId", "At", "AuthorUserId", "AuthorName", "Side", "Visibility", "Text", "SearchText")
                SELECT r."Id", r."ServiceRequestId", r."At", r."AuthorUserId",
                       COALESCE((SELECT u."DisplayName" FROM "AspNetUsers" u WHERE u."Id" = r."AuthorUserId"), r."Author"),
                       'Staff', 'Public', r."Message", lower(r."Message")
                FROM "ServiceRequestResponses" r;
                """);
            migrationBuilder.Sql("""
                UPDATE "ServiceRequests" SET
                    "LastMessageAt" = (SELECT MAX(m."At") FROM "Messages" m WHERE m."ServiceRequestId" = "ServiceRequests"."Id"),
                    "SearchText" = lower("Title" || char(10) || "Description");
                """);

            migrationBuilder.DropTable(
                name: "ServiceRequestResponses");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The answers go back where they were kept before casework; other messages had no place there.
            migrationBuilder.CreateTable(
                name: "ServiceRequestResponses",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    ServiceRequestId = table.Column<Guid>(nullable: false),
                    At = table.Column<DateTimeOffset>(nullable: false),
                    AuthorUserId = table.Column<Guid>(nullable: true),
                    Author = table.Column<string>(maxLength: 256, nullable: false),
                    Message = table.Column<string>(maxLength: 10000, nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceRequestResponses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceRequestResponses_ServiceRequests_ServiceRequestId",
                        column: x => x.ServiceRequestId,
                        principalTable: "ServiceRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });
            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequestResponses_ServiceRequestId",
                table: "ServiceRequestResponses",
                column: "ServiceRequestId");
        }
    }
}
