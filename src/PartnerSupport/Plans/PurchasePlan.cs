using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Contracts;
using PartnerSupport.Entitlements;
using PartnerSupport.Storage;

namespace PartnerSupport.Plans;

/// <summary>
/// A partner admin buys a paid plan: it yields a contract like any other (Access ID, Contract ID,
/// dates, incidents in the ledger), linked at once to the buyer.
/// </summary>
public sealed class PurchasePlan(AppDbContext db, BenefitCatalog catalog, TimeProvider time)
{
    public async Task<Result<ContractView>> RunAsync(Caller caller, string planId, CancellationToken ct = default)
    {
        var plan = catalog.Plans.FirstOrDefault(p => p.Id == planId);
        if (plan is null)
            return Error.NotFound(ErrorCodes.PlanNotFound, "PlanNotFound");
        if (!caller.IsPartnerAdmin || caller.OrganizationId is not { } orgId)
            return Error.Forbidden();

        var now = time.GetUtcNow();
        var today = time.Today();
        var (contract, grant) = SupportContract.Issue(
            plan.Name, ContractSource.Purchase, plan.Scope, plan.Incidents, today, today.AddMonths(plan.TermMonths).AddDays(-1),
            orgId, null, caller.Actor, $"Purchase of {plan.Name} ({plan.Price.Amount} {plan.Price.Currency})", now);
        db.SupportContracts.Add(contract);
        db.Ledger.Add(grant);
        db.Audit(caller, now, "plan.purchase", contract.Id, $"{plan.Id} {plan.Price.Amount} {plan.Price.Currency}");
        db.ContractLinks.Add(new ContractLink { Id = Guid.CreateVersion7(), SupportContractId = contract.Id, UserId = caller.UserId, LinkedAt = now });
        await db.SaveChangesAsync(ct);
        return new ContractView(contract, contract.StatusOn(today), null);
    }
}
