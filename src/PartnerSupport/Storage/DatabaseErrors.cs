using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace PartnerSupport.Storage;

/// <summary>
/// What a database failure means, the same way on SQLite and PostgreSQL: a unique index that
/// refused a row (two requests created the same thing at once: the loser gets the answer a later
/// duplicate gets), or a database that cannot be reached (503, try again), as opposed to
/// every other failure, which is a bug.
/// </summary>
public static class DatabaseErrors
{
    // SQLite's primary result codes and the extended codes of its constraint failures.
    private const int SqliteBusy = 5;
    private const int SqliteIoError = 10;
    private const int SqliteCantOpen = 14;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    /// <summary>The save broke a unique index (or primary key): the row exists already.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception.InnerException switch
        {
            PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
            SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
            _ => false,
        };

    /// <summary>
    /// The database could not be reached or refused the session: connection refused or broken,
    /// timed out, shut down, not accepting connections, the file cannot be opened or stays
    /// locked. A refused statement (constraint, syntax, serialization) is not unavailability.
    /// </summary>
    public static bool IsUnavailable(this Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    // FATAL and PANIC end the session: the server refused or lost it (shutdown,
                    // database not accepting connections, authentication, too many clients).
                    return pg.InvariantSeverity is "FATAL" or "PANIC"
                        || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
                case NpgsqlException npgsql:
                    // Not a server's answer: the socket failed, or the connection or pool timed out.
                    return npgsql.IsTransient;
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode is SqliteCantOpen or SqliteIoError or SqliteBusy;
            }
        }
        return false;
    }
}
