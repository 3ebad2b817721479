using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerSupport.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CaseworkFinish : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The queue's search (QueueSearch): trigram indexes over the folded text of the requests
            // and their messages, so LIKE '%...%' with three characters or more reads the index
            // instead of every row; updated by PostgreSQL in the writing transaction. pg_trgm is a
            // trusted extension: the database's owner may create it.
            migrationBuilder.Sql("""CREATE EXTENSION IF NOT EXISTS pg_trgm;""");
            migrationBuilder.Sql("""CREATE INDEX "IX_ServiceRequests_SearchText_Trigram" ON "ServiceRequests" USING gin ("SearchText" gin_trgm_ops);""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Messages_SearchText_Trigram" ON "Messages" USING gin ("SearchText" gin_trgm_ops);""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Messages_SearchText_Trigram";""");
            migrationBuilder.Sql("""DROP INDEX "IX_ServiceRequests_SearchText_Trigram";""");
        }
    }
}
