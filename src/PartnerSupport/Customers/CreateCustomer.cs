using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Customers;

public sealed record CreateCustomerInput(string? Name, string? TenantId, string? CountryCode);

public sealed class CreateCustomer(AppDbContext db, TimeProvider time)
{
    public async Task<Result<Customer>> RunAsync(Caller caller, Guid organizationId, CreateCustomerInput input, CancellationToken ct = default)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        var org = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organizationId, ct);
        if (org is null)
            return Error.NotFound(ErrorCodes.OrganizationNotFound, "OrganizationNotFound");
        var v = new Validator().Require("name", input.Name).Require("tenantId", input.TenantId, 64).Require("countryCode", input.CountryCode, 2);
        v.Check(org.IsInCsp, "organizationId", "the organization is not in the csp program");
        v.Check(input.TenantId is null || input.TenantId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'), "tenantId", "must be a tenant ID or domain");
        if (!v.IsValid)
            return v.ToError();
        var tenantId = input.TenantId!.Trim().ToLowerInvariant();
        if (await db.Customers.AnyAsync(c => c.OrganizationId == organizationId && c.TenantId == tenantId, ct))
            return Error.Conflict(ErrorCodes.CustomerExists, "CustomerExists");
        var customer = new Customer
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            Name = input.Name!.Trim(),
            TenantId = tenantId,
            CountryCode = input.CountryCode!.ToUpperInvariant(),
            CreatedAt = time.GetUtcNow(),
        };
        db.Customers.Add(customer);
        db.Audit(caller, customer.CreatedAt, "customer.create", customer.Id, $"{customer.Name} ({customer.TenantId}) for {organizationId}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The same tenant added at the same moment: the unique index let one in.
            db.ChangeTracker.Clear();
            return Error.Conflict(ErrorCodes.CustomerExists, "CustomerExists");
        }
        return customer;
    }
}
