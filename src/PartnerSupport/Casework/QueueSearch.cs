using Microsoft.EntityFrameworkCore;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Casework;

/// <summary>
/// The requests whose title, description or any message contains the searched text, folded as
/// <see cref="ServiceRequest.Fold"/> folds both sides: the same substring match on both providers,
/// read from trigram indexes (SQLite FTS5 with the trigram tokenizer, PostgreSQL pg_trgm; see the
/// CaseworkFinish migrations). Trigram indexes know nothing shorter than three characters: a
/// shorter text is looked for row by row, with the same result.
/// </summary>
internal static class QueueSearch
{
    private const int TrigramLength = 3;

    public static IQueryable<Guid> Matching(AppDbContext db, string text)
    {
        var folded = ServiceRequest.Fold(text);
        if (folded.Length >= TrigramLength && db.Database.IsSqlite())
        {
            // An FTS5 phrase of trigrams matches exactly where the text is a substring.
            var phrase = "\"" + folded.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            return db.Database.SqlQuery<Guid>($"""
                SELECT r."Id" AS "Value" FROM "ServiceRequests" r
                WHERE r.rowid IN (SELECT rowid FROM "ServiceRequestsSearch" WHERE "ServiceRequestsSearch" MATCH {phrase})
                UNION
                SELECT m."ServiceRequestId" FROM "Messages" m
                WHERE m.rowid IN (SELECT rowid FROM "MessagesSearch" WHERE "MessagesSearch" MATCH {phrase})
                """);
        }
        // LIKE with a pattern PostgreSQL's trigram index answers; the user's own % and _ are text.
        var pattern = "%" + folded.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return db.ServiceRequests.Where(r => EF.Functions.Like(r.SearchText, pattern, "\\")).Select(r => r.Id)
            .Union(db.Messages.Where(m => EF.Functions.Like(m.SearchText, pattern, "\\")).Select(m => m.ServiceRequestId));
    }
}
