using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.ServiceRequests;

/// <summary>
/// Wraps a request creation so that a client may send it again with the same Idempotency-Key: a
/// retry of the same request gets the request the first attempt created and consumes nothing
/// more; another request under a key still remembered is refused. The key is recorded in the
/// creation's own transaction, so a crash keeps both or neither, and of attempts racing with one
/// key exactly one commits while the others answer as a retry would.
/// </summary>
public sealed class IdempotencyGuard(AppDbContext db, IOptions<IdempotencyOptions> options, TimeProvider time)
{
    /// <param name="fingerprint">Everything the request asks, to tell a retry from a reuse of its key.</param>
    /// <param name="create">Creates the request and ends its transaction with <see cref="IdempotentCommit.CommitAsync"/>.</param>
    public async Task<Result<ServiceRequestView>> RunAsync(
        Caller caller, string? key, string fingerprint, Func<IdempotentCommit, Task<Result<ServiceRequestView>>> create, CancellationToken ct)
    {
        if (key is null)
            return await create(new IdempotentCommit(this, caller, null, ""));
        if (key.Length is 0 or > 200 || key.Any(char.IsControl))
            return Error.Validation("Idempotency-Key", "must be 1 to 200 printable characters");
        var requestHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)));
        if (await ReplayAsync(caller, key, requestHash, ct) is { } replay)
            return replay;

        var result = await create(new IdempotentCommit(this, caller, key, requestHash));
        // A concurrent attempt with the same key may have won while this one was refused:
        // the client gets that attempt's answer, as a retry would.
        if (!result.IsSuccess && await ReplayAsync(caller, key, requestHash, ct) is { } raced)
            return raced;
        return result;
    }

    /// <summary>
    /// Any other change under a key (a portal form's, minted with the form): the first attempt
    /// claims the key before it acts, so of attempts racing with one key only one acts; a later
    /// attempt gets what the first one produced (<paramref name="change"/> is not run again), or
    /// idempotency-key-in-use while the first is still running. A refused change frees its key.
    /// </summary>
    /// <param name="fingerprint">The action and everything it asks, to tell a retry from a reuse of the key.</param>
    /// <param name="change">Makes the change and answers the ID of what it produced or changed.</param>
    public async Task<Result<Guid>> OnceAsync(Caller caller, string? key, string fingerprint, Func<Task<Result<Guid>>> change, CancellationToken ct)
    {
        if (key is null)
            return await change();
        if (key.Length is 0 or > 200 || key.Any(char.IsControl))
            return Error.Validation("Idempotency-Key", "must be 1 to 200 printable characters");
        var requestHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)));
        var now = time.GetUtcNow();
        if (await OutcomeAsync(caller, key, requestHash, now, ct) is { } earlier)
            return earlier;

        await db.IdempotencyRecords.Where(r => r.UserId == caller.UserId && r.Key == key && r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        var claim = new IdempotencyRecord
        {
            UserId = caller.UserId,
            Key = key,
            RequestHash = requestHash,
            CreatedAt = now,
            ExpiresAt = now + options.Value.Retention,
        };
        db.IdempotencyRecords.Add(claim);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return await OutcomeAsync(caller, key, requestHash, now, ct) ?? Error.Conflict(ErrorCodes.IdempotencyKeyInUse, "IdempotencyKeyInUse");
        }
        db.Entry(claim).State = EntityState.Detached;

        Result<Guid> result;
        try
        {
            result = await change();
        }
        catch
        {
            await db.IdempotencyRecords.Where(r => r.Id == claim.Id).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
        if (result.IsSuccess)
        {
            Guid? outcome = result.Value;
            await db.IdempotencyRecords.Where(r => r.Id == claim.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.OutcomeId, outcome), ct);
        }
        else
            await db.IdempotencyRecords.Where(r => r.Id == claim.Id).ExecuteDeleteAsync(ct);
        return result;
    }

    /// <summary>What an earlier attempt under the key produced; null when the key is free.</summary>
    private async Task<Result<Guid>?> OutcomeAsync(Caller caller, string key, string requestHash, DateTimeOffset now, CancellationToken ct)
    {
        var record = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.UserId == caller.UserId && r.Key == key && r.ExpiresAt > now, ct);
        if (record is null)
            return null;
        if (record.RequestHash != requestHash || record.ServiceRequestId is not null)
            return Error.Unprocessable(ErrorCodes.IdempotencyKeyReused, "IdempotencyKeyReused");
        return record.OutcomeId is { } outcome ? outcome : Error.Conflict(ErrorCodes.IdempotencyKeyInUse, "IdempotencyKeyInUse");
    }

    internal async Task<Error?> CommitAsync(WriteTransaction tx, Caller caller, string? key, string requestHash, Guid serviceRequestId, CancellationToken ct)
    {
        if (key is null)
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        }
        var now = time.GetUtcNow();
        // An expired record of the same key is history: it no longer blocks the key.
        await db.IdempotencyRecords.Where(r => r.UserId == caller.UserId && r.Key == key && r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            UserId = caller.UserId,
            Key = key,
            RequestHash = requestHash,
            ServiceRequestId = serviceRequestId,
            CreatedAt = now,
            ExpiresAt = now + options.Value.Retention,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The same key committed first on another connection; rolling back undoes our charge.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Error.Conflict(ErrorCodes.IdempotencyKeyInUse, "IdempotencyKeyInUse");
        }
    }

    private async Task<Result<ServiceRequestView>?> ReplayAsync(Caller caller, string key, string requestHash, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var record = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.UserId == caller.UserId && r.Key == key && r.ExpiresAt > now, ct);
        if (record is null)
            return null;
        if (record.RequestHash != requestHash || record.ServiceRequestId is not { } requestId)
            return Error.Unprocessable(ErrorCodes.IdempotencyKeyReused, "IdempotencyKeyReused");
        var request = await db.ServiceRequests.AsNoTracking().SingleAsync(r => r.Id == requestId, ct);
        return await ServiceRequestViews.LoadAsync(db, request, time.GetUtcNow(), ct);
    }
}

/// <summary>How a guarded creation ends its transaction: saved and committed with its key's record, if any.</summary>
public sealed class IdempotentCommit
{
    private readonly IdempotencyGuard _guard;
    private readonly Caller _caller;
    private readonly string? _key;
    private readonly string _requestHash;

    internal IdempotentCommit(IdempotencyGuard guard, Caller caller, string? key, string requestHash)
    {
        _guard = guard;
        _caller = caller;
        _key = key;
        _requestHash = requestHash;
    }

    /// <summary>
    /// Saves the unit of work and commits; idempotency-key-in-use (with everything rolled back)
    /// when another attempt with the same key committed first.
    /// </summary>
    public Task<Error?> CommitAsync(WriteTransaction tx, Guid serviceRequestId, CancellationToken ct) =>
        _guard.CommitAsync(tx, _caller, _key, _requestHash, serviceRequestId, ct);
}
