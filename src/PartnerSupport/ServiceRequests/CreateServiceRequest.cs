using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Contracts;
using PartnerSupport.Products;
using PartnerSupport.Storage;

namespace PartnerSupport.ServiceRequests;

public sealed record CreateServiceRequestInput(
    string? Title,
    string? Description,
    string? Severity,
    Guid? ProductId,
    Guid? SupportContractId,
    string? SupportPlan,
    string? SupportTopicId);

/// <summary>
/// Opens a support request against a linked contract and consumes one incident. The balance is
/// decremented by a single conditional UPDATE (... WHERE remaining > 0) in the same transaction
/// as the request and its ledger entry, so concurrent requests can never take the last incident
/// twice, and a crash leaves either all three or none.
/// </summary>
public sealed class CreateServiceRequest(AppDbContext db, TimeProvider time)
{
    public const string CspPlan = "cloudSolutionProvider";

    public async Task<Result<ServiceRequestView>> RunAsync(Caller caller, string agentLocale, CreateServiceRequestInput input, CancellationToken ct = default)
    {
        var v = new Validator()
            .Require("title", input.Title, 200)
            .Require("description", input.Description, 10000)
            .Optional("supportTopicId", input.SupportTopicId, 64);
        var severity = ParseSeverity(input.Severity);
        v.Check(severity is not null, "severity", "must be critical, moderate or minimal");
        v.Check(input.ProductId is not null, "productId", "is required");
        v.Check(input.SupportPlan is null or CspPlan, "supportPlan", $"must be {CspPlan} or absent");
        v.Check(input.SupportPlan is not null || input.SupportContractId is not null, "supportContractId", "is required unless supportPlan is " + CspPlan);
        v.Check(input.SupportPlan is null || input.SupportContractId is null, "supportContractId", "must be absent with supportPlan " + CspPlan);
        v.Check(IsLocale(agentLocale), "agentLocale", "must be a locale such as en-US");
        if (!v.IsValid)
            return v.ToError();

        var product = await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Id == input.ProductId, ct);
        if (product is null)
            return Error.Unprocessable("product-not-found", "ProductNotFound");

        var now = time.GetUtcNow();
        var request = new ServiceRequest
        {
            Id = Guid.CreateVersion7(),
            Title = input.Title!.Trim(),
            Description = input.Description!,
            Severity = severity!.Value,
            Status = ServiceRequestStatus.Open,
            SupportTopicId = input.SupportTopicId,
            ProductId = product.Id,
            OrganizationId = caller.OrganizationId,
            CreatedByUserId = caller.UserId,
            ContactFirstName = FirstName(caller.DisplayName),
            ContactLastName = LastName(caller.DisplayName),
            ContactEmail = caller.Email,
            AgentLocale = agentLocale,
            CreatedDate = now,
            LastModifiedDate = now,
            SupportContractId = input.SupportContractId,
            SupportPlan = input.SupportPlan,
        };

        if (input.SupportPlan == CspPlan)
        {
            var inCsp = caller.OrganizationId is { } orgId
                && await db.Organizations.AnyAsync(o => o.Id == orgId && o.Programs.HasFlag(Organizations.Programs.Csp), ct);
            if (!inCsp)
                return Error.Forbidden();
            if (product.Kind != ProductKind.Cloud)
                return Error.Unprocessable("product-not-covered", "ProductNotCoveredScope");
            db.ServiceRequests.Add(request);
            await db.SaveChangesAsync(ct);
            return await ServiceRequestViews.LoadAsync(db, request, ct);
        }

        var contract = await db.ContractLinks.AsNoTracking()
            .Where(l => l.UserId == caller.UserId && l.SupportContractId == input.SupportContractId)
            .Select(l => l.SupportContract!)
            .SingleOrDefaultAsync(ct);
        if (contract is null)
            return Error.Forbidden();
        switch (contract.StatusOn(time.Today()))
        {
            case ContractStatus.Expired or ContractStatus.Cancelled:
                return Error.Conflict("contract-expired", "ContractExpired", contract.EndDate.ToString("yyyy-MM-dd"));
            case ContractStatus.Waiting:
                return Error.Conflict("contract-not-started", "ContractNotStarted", contract.StartDate.ToString("yyyy-MM-dd"));
        }
        if (!contract.Covers(product.Kind))
            return Error.Unprocessable("product-not-covered", "ProductNotCoveredScope");
        if (!await ProductCoverage.IsCoveredAsync(db, product, ct))
            return Error.Unprocessable("product-not-covered", "ProductNotCoveredVersion", product.Name);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        int? balanceAfter = null;
        if (!contract.IsUnlimited)
        {
            var taken = await db.SupportContracts
                .Where(c => c.Id == contract.Id && c.RemainingIncidents > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.RemainingIncidents, c => c.RemainingIncidents - 1), ct);
            if (taken == 0)
                return Error.Conflict("no-incidents-remaining", "NoIncidentsRemaining");
            // Read inside the transaction: the row is ours until commit, so this is our result.
            balanceAfter = await db.SupportContracts.Where(c => c.Id == contract.Id).Select(c => c.RemainingIncidents).SingleAsync(ct);
        }
        request.IncidentConsumed = true;
        request.RemainingIncidents = balanceAfter;
        db.ServiceRequests.Add(request);
        db.Ledger.Add(new LedgerEntry
        {
            SupportContractId = contract.Id,
            At = now,
            Delta = -1,
            BalanceAfter = balanceAfter,
            Kind = LedgerKind.Consume,
            ServiceRequestId = request.Id,
            Actor = caller.Actor,
            Note = request.Title,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ServiceRequestViews.LoadAsync(db, request, ct);
    }

    public static Severity? ParseSeverity(string? value) => value switch
    {
        "critical" => Severity.Critical,
        "moderate" => Severity.Moderate,
        "minimal" => Severity.Minimal,
        _ => null,
    };

    private static bool IsLocale(string locale) =>
        locale.Length is >= 2 and <= 16 && locale.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static string FirstName(string displayName) =>
        displayName.Trim().Split(' ', 2)[0];

    private static string LastName(string displayName) =>
        displayName.Trim().Split(' ', 2) is [_, var last] ? last : "";
}
