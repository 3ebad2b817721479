using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Contracts;
using PartnerSupport.Customers;
using PartnerSupport.Notifications;
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
    string? SupportTopicId,
    string? Workload = null);

/// <summary>
/// Opens a support request against a linked contract and consumes (or, for contracts that
/// decrement on resolution, holds) one incident. The balance changes by a single conditional
/// UPDATE in the same transaction as the request, its ledger entry and its idempotency record,
/// so concurrent requests never take the last incident twice, a retry with the same
/// Idempotency-Key never consumes twice, and a crash leaves all of them or none.
/// </summary>
public sealed class CreateServiceRequest(AppDbContext db, IdempotencyGuard idempotency, IOptions<ResponseTargetOptions> targets, TimeProvider time, PartnerSupportMetrics metrics)
{
    public const string CspPlan = "cloudSolutionProvider";

    public async Task<Result<ServiceRequestView>> RunAsync(
        Caller caller, string agentLocale, CreateServiceRequestInput input, string? idempotencyKey = null, CustomerContext? customer = null, CancellationToken ct = default)
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
        v.Check(input.SupportTopicId is null || SupportTopics.Find(input.SupportTopicId) is not null, "supportTopicId", "must be one of GET /v1/servicerequests/supporttopics");
        v.Check(customer is not null || input.Workload is null, "workload", "applies only to requests for a CSP customer");
        if (!v.IsValid)
            return v.ToError();

        var (product, covered) = await ProductCoverage.FindAsync(db, input.ProductId!.Value, ct);
        if (product is null)
            return Error.Unprocessable(ErrorCodes.ProductNotFound, "ProductNotFound");

        return await idempotency.RunAsync(caller, idempotencyKey, Fingerprint(agentLocale, input, customer),
            commit => CreateAsync(caller, agentLocale, input, product, covered, customer, commit, ct), ct);
    }

    private async Task<Result<ServiceRequestView>> CreateAsync(
        Caller caller, string agentLocale, CreateServiceRequestInput input, Product product, bool covered, CustomerContext? customer, IdempotentCommit commit, CancellationToken ct)
    {
        var eligible = await ContractToChargeAsync(caller, input, product, covered, customer, ct);
        if (!eligible.IsSuccess)
            return eligible.Error!;
        var (contract, organizationName) = eligible.Value;
        var now = time.GetUtcNow();
        var request = NewRequest(caller, agentLocale, input, product, customer, now);

        await using var tx = await db.BeginWriteTransactionAsync(ct);
        if (contract is not null)
        {
            var charge = ServiceRequest.ChargeFor(request.Status, null, contract.DecrementOn);
            var moved = await IncidentCharges.MoveAsync(db, contract, request.Id, IncidentCharge.None, charge, caller.Actor, request.Title, now, ct);
            if (!moved.IsSuccess)
                return moved.Error!;
            request.Charge = charge;
            request.RemainingIncidents = moved.Value;
        }
        db.ServiceRequests.Add(request);
        db.AnnounceRequest(EventTypes.ServiceRequestCreated, request, caller, now);
        db.Audit(caller, now, "servicerequest.create", request.Id, contract is null ? request.SupportPlan : $"contract {contract.Id}, {request.Charge}");
        if (await commit.CommitAsync(tx, request.Id, ct) is { } refused)
            return refused;
        metrics.ServiceRequestsCreated.Add(1);
        if (request.Charge == IncidentCharge.Consumed)
            metrics.IncidentsConsumed.Add(1);
        // The answer is built from what this request already read, instead of reading it again.
        return new ServiceRequestView(request, product.Name, organizationName, request.ResponseTargetBreached(now));
    }

    /// <summary>What the request is charged to, and the caller's organization name for the answer, read with it.</summary>
    private sealed record Charging(SupportContract? Contract, string? OrganizationName);

    /// <summary>The contract the request is charged to (none on the CSP plan), or why it may not be opened.</summary>
    private async Task<Result<Charging>> ContractToChargeAsync(
        Caller caller, CreateServiceRequestInput input, Product product, bool covered, CustomerContext? customer, CancellationToken ct)
    {
        if (customer is not null && (product.Kind != ProductKind.Cloud || product.Workload is { } w && w != customer.Workload.Name))
            return Error.Unprocessable(ErrorCodes.ProductNotCovered, "ProductNotInWorkload", product.Name, customer.Workload.Name);

        if (input.SupportPlan == CspPlan)
        {
            var cspOrganization = caller.OrganizationId is { } orgId
                ? await db.Organizations.Where(o => o.Id == orgId && o.Programs.HasFlag(Organizations.Programs.Csp)).Select(o => o.Name).SingleOrDefaultAsync(ct)
                : null;
            if (cspOrganization is null)
                return Error.Forbidden();
            // The plan is for Azure requests (the article); other workloads need a contract.
            if (product.Kind != ProductKind.Cloud || !Workloads.All.Any(w => w.CspPlanAllowed && w.Name == product.Workload))
                return Error.Unprocessable(ErrorCodes.ProductNotCovered, "CspPlanAzureOnly");
            return new Charging(null, cspOrganization);
        }

        // The caller's organization name rides along in the same query (a subquery) rather than
        // costing a command and a connection of its own after the commit.
        var callerOrganizationId = caller.OrganizationId;
        var linked = await db.ContractLinks.AsNoTracking()
            .Where(l => l.UserId == caller.UserId && l.SupportContractId == input.SupportContractId)
            .Select(l => new
            {
                Contract = l.SupportContract!,
                OrganizationName = db.Organizations.Where(o => o.Id == callerOrganizationId).Select(o => o.Name).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (linked is null)
            return Error.Forbidden();
        var contract = linked.Contract;
        if (ContractEligibility.Refusal(contract, time.Today(), ContractUse.NewRequest) is { } refused)
            return refused;
        if (!contract.Covers(product.Kind))
        {
            // The article's case: Action Pack includes no Signature Cloud Support at all.
            if (product.Kind == ProductKind.Cloud && await IsActionPackAsync(contract, ct))
                return new Error(ErrorKind.Forbidden, ErrorCodes.NotAuthorized, "ActionPackNoCloud");
            return Error.Unprocessable(ErrorCodes.ProductNotCovered, "ProductNotCoveredScope");
        }
        if (!covered)
            return Error.Unprocessable(ErrorCodes.ProductNotCovered, "ProductNotCoveredVersion", product.Name);
        return new Charging(contract, linked.OrganizationName);
    }

    private ServiceRequest NewRequest(Caller caller, string agentLocale, CreateServiceRequestInput input, Product product, CustomerContext? customer, DateTimeOffset now)
    {
        var severity = ParseSeverity(input.Severity)!.Value;
        return new ServiceRequest
        {
            Id = Guid.CreateVersion7(),
            Title = input.Title!.Trim(),
            Description = input.Description!,
            Severity = severity,
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
            CustomerTenantId = customer?.TenantId,
            Workload = customer?.Workload.Name,
            ResponseDueAt = now + targets.Value.For(severity),
            SearchText = ServiceRequest.Fold(input.Title!.Trim() + "\n" + input.Description),
        };
    }

    private async Task<bool> IsActionPackAsync(SupportContract contract, CancellationToken ct) =>
        contract.BenefitId is { } benefitId
        && await db.Benefits.AnyAsync(b => b.Id == benefitId && b.Membership!.Offer == Organizations.Offer.ActionPack, ct);

    /// <summary>What the request asks, so a retry with its Idempotency-Key is told from a reuse of the key.</summary>
    private static string Fingerprint(string agentLocale, CreateServiceRequestInput input, CustomerContext? customer) =>
        agentLocale + "\n" + customer?.TenantId + "\n" + JsonSerializer.Serialize(input);

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
