using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerSupport.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class FormIdempotency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<Guid>(
                name: "ServiceRequestId",
                table: "IdempotencyRecords",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<Guid>(
                name: "OutcomeId",
                table: "IdempotencyRecords",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OutcomeId",
                table: "IdempotencyRecords");

            migrationBuilder.AlterColumn<Guid>(
                name: "ServiceRequestId",
                table: "IdempotencyRecords",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
