using Microsoft.EntityFrameworkCore.Migrations;

// The providers' history repositories are public but marked internal to EF (EF1001); deriving from
// them is the only way to keep everything they do but take their lock.
#pragma warning disable EF1001

namespace PartnerSupport.Storage;

/// <summary>
/// EF Core's own migration lock, left out because <see cref="MigrationLock"/> already serializes
/// every migration. On SQLite EF's lock is a row in a table of its own that a process killed while
/// migrating never deletes, so every later start would wait for it forever; on PostgreSQL it is a
/// table lock taken anew in each migration's transaction, released between two migrations.
/// </summary>
public sealed class SqliteHistoryWithoutLock(HistoryRepositoryDependencies dependencies)
    : Microsoft.EntityFrameworkCore.Sqlite.Migrations.Internal.SqliteHistoryRepository(dependencies)
{
    public override IMigrationsDatabaseLock AcquireDatabaseLock() => new HeldElsewhere(this);

    public override Task<IMigrationsDatabaseLock> AcquireDatabaseLockAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IMigrationsDatabaseLock>(new HeldElsewhere(this));
}

/// <inheritdoc cref="SqliteHistoryWithoutLock"/>
public sealed class PostgresHistoryWithoutLock(HistoryRepositoryDependencies dependencies)
    : Npgsql.EntityFrameworkCore.PostgreSQL.Migrations.Internal.NpgsqlHistoryRepository(dependencies)
{
    public override IMigrationsDatabaseLock AcquireDatabaseLock() => new HeldElsewhere(this);

    public override Task<IMigrationsDatabaseLock> AcquireDatabaseLockAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IMigrationsDatabaseLock>(new HeldElsewhere(this));
}

/// <summary>What EF is handed for its lock: the real one is <see cref="MigrationLock"/>, held around the whole run.</summary>
internal sealed class HeldElsewhere(IHistoryRepository repository) : IMigrationsDatabaseLock
{
    IHistoryRepository IMigrationsDatabaseLock.HistoryRepository => repository;

    public void Dispose()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
