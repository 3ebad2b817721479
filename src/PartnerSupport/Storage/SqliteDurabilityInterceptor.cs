using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PartnerSupport.Storage;

/// <summary>
/// synchronous and foreign_keys are per-connection settings in SQLite, so every physical
/// connection gets them before its first use. FULL makes a commit wait for the WAL to reach the
/// disk: an acknowledged request survives a power cut, not only a crash of the process.
/// </summary>
public sealed class SqliteDurabilityInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

    // EF Core opens and closes its connection around every query, and Microsoft.Data.Sqlite hands
    // back the same pooled handle each time: the pragmas are set once per handle, not per open
    // (a create opened the connection seven times, each paying a round of pragmas).
    private readonly ConditionalWeakTable<object, object> _configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!FirstOpen(connection))
            return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!FirstOpen(connection))
            return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _configured.TryAdd(handle, handle);
}
