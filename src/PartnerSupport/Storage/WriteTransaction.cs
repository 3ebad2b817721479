using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace PartnerSupport.Storage;

/// <summary>
/// A transaction that changes data. SQLite lets one connection write at a time and makes the
/// others sleep and retry in its busy handler, which wakes them late and in no order (creates
/// had a p99 of half a second at 16 clients). Writers of this process therefore queue in a
/// semaphore per database before BEGIN IMMEDIATE; other processes (the command line) still meet
/// SQLite's own lock and busy_timeout. PostgreSQL takes row locks and needs no queue.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SqliteWriters = new(StringComparer.Ordinal);

    private readonly AppDbContext _db;
    private readonly IDbContextTransaction _transaction;
    private SemaphoreSlim? _writer;

    private WriteTransaction(AppDbContext db, IDbContextTransaction transaction, SemaphoreSlim? writer)
    {
        _db = db;
        _transaction = transaction;
        _writer = writer;
    }

    public static async Task<WriteTransaction> BeginAsync(AppDbContext db, CancellationToken ct)
    {
        SemaphoreSlim? writer = null;
        if (db.Database.IsSqlite())
        {
            writer = SqliteWriters.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
            await writer.WaitAsync(ct);
        }
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(ct);
            // A write transaction is all or nothing: every use case ends it (rolled back) when a
            // SaveChanges fails, none carries on within it, so the savepoint EF Core otherwise puts
            // around each SaveChanges is two statements (two round trips on PostgreSQL, and held
            // under SQLite's one writer) that buy nothing.
            db.Database.AutoSavepointsEnabled = false;
            return new WriteTransaction(db, transaction, writer);
        }
        catch
        {
            writer?.Release();
            throw;
        }
    }

    public Task CommitAsync(CancellationToken ct) => _transaction.CommitAsync(ct);

    public Task RollbackAsync(CancellationToken ct) => _transaction.RollbackAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _transaction.DisposeAsync();
        }
        finally
        {
            // The context is pooled: the next request's transactions get EF Core's default back.
            _db.Database.AutoSavepointsEnabled = true;
            // Released once, after the transaction has ended (committed, rolled back or abandoned).
            Interlocked.Exchange(ref _writer, null)?.Release();
        }
    }
}

public static class WriteTransactionExtensions
{
    public static Task<WriteTransaction> BeginWriteTransactionAsync(this AppDbContext db, CancellationToken ct) =>
        WriteTransaction.BeginAsync(db, ct);
}
