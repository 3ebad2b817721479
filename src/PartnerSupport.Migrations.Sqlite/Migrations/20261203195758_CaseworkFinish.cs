using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerSupport.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CaseworkFinish : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The queue's search (QueueSearch): FTS5 trigram indexes over the folded text of the
            // requests and their messages, so a substring of three characters or more is found
            // without reading every row. External content: the text is stored once, in its table;
            // the triggers keep each index in step in the writing transaction. A table rebuild
            // (DROP TABLE) drops its triggers: a later migration that rebuilds ServiceRequests or
            // Messages must create them again and run 'rebuild'.
            migrationBuilder.Sql("""CREATE VIRTUAL TABLE "ServiceRequestsSearch" USING fts5("SearchText", content='ServiceRequests', content_rowid='rowid', tokenize='trigram');""");
            migrationBuilder.Sql("""CREATE VIRTUAL TABLE "MessagesSearch" USING fts5("SearchText", content='Messages', content_rowid='rowid', tokenize='trigram');""");
            foreach (var table in new[] { "ServiceRequests", "Messages" })
            {
                migrationBuilder.Sql($$"""
                    CREATE TRIGGER "{{table}}_SearchInsert" AFTER INSERT ON "{{table}}" BEGIN
                        INSERT INTO "{{table}}Search" (rowid, "SearchText") VALUES (new.rowid, new."SearchText");
                    END;
                    """);
                migrationBuilder.Sql($$"""
                    CREATE TRIGGER "{{table}}_SearchDelete" AFTER DELETE ON "{{table}}" BEGIN
                        INSERT INTO "{{table}}Search" ("{{table}}Search", rowid, "SearchText") VALUES ('delete', old.rowid, old."SearchText");
                    END;
                    """);
                migrationBuilder.Sql($$"""
                    CREATE TRIGGER "{{table}}_SearchUpdate" AFTER UPDATE OF "SearchText" ON "{{table}}" BEGIN
                        INSERT INTO "{{table}}Search" ("{{table}}Search", rowid, "SearchText") VALUES ('delete', old.rowid, old."SearchText");
                        INSERT INTO "{{table}}Search" (rowid, "SearchText") VALUES (new.rowid, new."SearchText");
                    END;
                    """);
                migrationBuilder.Sql($$"""INSERT INTO "{{table}}Search" ("{{table}}Search") VALUES ('rebuild');""");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "ServiceRequests", "Messages" })
            {
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_SearchInsert";""");
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_SearchDelete";""");
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_SearchUpdate";""");
                migrationBuilder.Sql($"""DROP TABLE "{table}Search";""");
            }
        }
    }
}
