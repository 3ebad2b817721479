using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PartnerSupport.Storage;

/// <summary>
/// synchronous and foreign_keys are per-connection settings in SQLite, so they are set on every
/// open. FULL makes a commit wait for the WAL to reach the disk: an acknowledged request survives
/// a power cut, not only a crash of the process.
/// </summary>
public sealed class SqliteDurabilityInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
