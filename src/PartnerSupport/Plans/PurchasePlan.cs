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
            return Error.NotFound("plan-not-found", "PlanNotFound");
        if (!caller.IsPartnerAdmin || caller.OrganizationId is not { } orgId)
            return Error.Forbidden();

        var now = time.GetUtcNow();
        var today = time.Today();
        var contract = new SupportContract
        {
            Id = Guid.CreateVersion7(),
            AccessId = ContractIdentifiers.NewAccessId(),
            ContractId = ContractIdentifiers.NewContractId(),
            Name = plan.Name,
            Source = ContractSource.Purchase,
            Scope = plan.Scope,
            TotalIncidents = plan.Incidents,
            RemainingIncidents = plan.Incidents,
            StartDate = today,
            EndDate = today.AddMonths(plan.TermMonths).AddDays(-1),
            DecrementOn = DecrementOn.Creation,
            OrganizationId = orgId,
            CreatedAt = now,
        };
        db.SupportContracts.Add(contract);
        db.Audit(caller, now, "plan.purchase", contract.Id, $"{plan.Id} {plan.Price.Amount} {plan.Price.Currency}");
        db.Ledger.Add(new LedgerEntry
        {
            SupportContractId = contract.Id,
            At = now,
            Delta = plan.Incidents ?? 0,
            BalanceAfter = plan.Incidents,
            Kind = LedgerKind.Grant,
            Actor = caller.Actor,
            Note = $"Purchase of {plan.Name} ({plan.Price.Amount} {plan.Price.Currency})",
        });
        db.ContractLinks.Add(new ContractLink { Id = Guid.CreateVersion7(), SupportContractId = contract.Id, UserId = caller.UserId, LinkedAt = now });
        await db.SaveChangesAsync(ct);
        return new ContractView(contract, contract.StatusOn(today), null);
    }
}
