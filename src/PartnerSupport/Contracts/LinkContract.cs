using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Contracts;

public sealed record LinkContractInput(string? AccessId, string? ContractId);

/// <summary>
/// Any account holding both IDs links the contract to itself. Every refusal says what is true
/// and what to do, instead of the seed portal's false "already associated" error.
/// </summary>
public sealed class LinkContract(AppDbContext db, LinkAttemptLimiter limiter, TimeProvider time)
{
    public async Task<Result<SupportContract>> RunAsync(Caller caller, LinkContractInput input, string? clientAddress, CancellationToken ct = default)
    {
        var v = new Validator().Require("accessId", input.AccessId, 64).Require("contractId", input.ContractId, 64);
        if (!v.IsValid)
            return v.ToError();

        var keys = LinkAttemptLimiter.Keys(caller.UserId, clientAddress);
        if (limiter.RetryAfter(keys) is { } wait)
            return new Error(ErrorKind.TooManyRequests, ErrorCodes.TooManyAttempts, "TooManyAttempts") { RetryAfter = wait };

        var accessId = ContractIdentifiers.Normalize(input.AccessId);
        var contractId = ContractIdentifiers.Normalize(input.ContractId);
        var contract = accessId is null ? null
            : await db.SupportContracts.AsNoTracking().SingleOrDefaultAsync(c => c.AccessId == accessId, ct);
        // The Access ID finds the row; the Contract ID is the secret half and is compared in
        // constant time so response timing does not reveal how much of it was right.
        if (contract is null || contractId is null || !FixedTimeEquals(contract.ContractId, contractId))
        {
            limiter.RecordFailure(keys);
            db.Audit(caller, time.GetUtcNow(), "contract.link-failed", accessId ?? "(malformed)");
            await db.SaveChangesAsync(ct);
            return Error.NotFound(ErrorCodes.ContractNotFound, "ContractNotFound");
        }

        if (await db.ContractLinks.AnyAsync(l => l.SupportContractId == contract.Id && l.UserId == caller.UserId, ct))
            return Error.Conflict(ErrorCodes.ContractAlreadyLinked, "ContractAlreadyLinked", contract.Name);
        if (ContractEligibility.Refusal(contract, time.Today(), ContractUse.Link) is { } refused)
            return refused;

        db.Audit(caller, time.GetUtcNow(), "contract.link", contract.Id);
        db.ContractLinks.Add(new ContractLink
        {
            Id = Guid.CreateVersion7(),
            SupportContractId = contract.Id,
            UserId = caller.UserId,
            LinkedAt = time.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The same account linking twice at the same moment: the unique index let one in.
            db.ChangeTracker.Clear();
            return Error.Conflict(ErrorCodes.ContractAlreadyLinked, "ContractAlreadyLinked", contract.Name);
        }
        return contract;
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
