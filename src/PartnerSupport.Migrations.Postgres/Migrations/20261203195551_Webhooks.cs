using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerSupport.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Webhooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_WebhookOutbox_Alerts_AlertId",
                table: "WebhookOutbox");

            migrationBuilder.DropIndex(
                name: "IX_WebhookOutbox_AlertId",
                table: "WebhookOutbox");

            migrationBuilder.DropColumn(
                name: "AlertId",
                table: "WebhookOutbox");

            migrationBuilder.AddColumn<int>(
                name: "LastStatusCode",
                table: "WebhookOutbox",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "OutboundEventId",
                table: "WebhookOutbox",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SubscriptionId",
                table: "WebhookOutbox",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WebhookSubscriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Events = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ProtectedSecret = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookSubscriptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WebhookSubscriptions_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookOutbox_SubscriptionId_CreatedAt",
                table: "WebhookOutbox",
                columns: new[] { "SubscriptionId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookSubscriptions_OrganizationId",
                table: "WebhookSubscriptions",
                column: "OrganizationId");

            migrationBuilder.AddForeignKey(
                name: "FK_WebhookOutbox_WebhookSubscriptions_SubscriptionId",
                table: "WebhookOutbox",
                column: "SubscriptionId",
                principalTable: "WebhookSubscriptions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_WebhookOutbox_WebhookSubscriptions_SubscriptionId",
                table: "WebhookOutbox");

            migrationBuilder.DropTable(
                name: "WebhookSubscriptions");

            migrationBuilder.DropIndex(
                name: "IX_WebhookOutbox_SubscriptionId_CreatedAt",
                table: "WebhookOutbox");

            migrationBuilder.DropColumn(
                name: "LastStatusCode",
                table: "WebhookOutbox");

            migrationBuilder.DropColumn(
                name: "OutboundEventId",
                table: "WebhookOutbox");

            migrationBuilder.DropColumn(
                name: "SubscriptionId",
                table: "WebhookOutbox");

            migrationBuilder.AddColumn<Guid>(
                name: "AlertId",
                table: "WebhookOutbox",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateIndex(
                name: "IX_WebhookOutbox_AlertId",
                table: "WebhookOutbox",
                column: "AlertId",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_WebhookOutbox_Alerts_AlertId",
                table: "WebhookOutbox",
                column: "AlertId",
                principalTable: "Alerts",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
