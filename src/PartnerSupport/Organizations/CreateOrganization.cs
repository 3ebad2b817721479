using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Organizations;

public sealed record CreateOrganizationInput(string? Name, string? PartnerId, IReadOnlyList<string>? Programs, string? CountryCode);

public sealed class CreateOrganization(AppDbContext db, TimeProvider time)
{
    public async Task<Result<Organization>> RunAsync(Caller caller, CreateOrganizationInput input, CancellationToken ct = default)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        var v = new Validator().Require("name", input.Name).Require("partnerId", input.PartnerId, 64).Require("countryCode", input.CountryCode, 2);
        v.Check(input.CountryCode is null || input.CountryCode.Length == 2 && input.CountryCode.All(char.IsAsciiLetter), "countryCode", "must be a two-letter ISO 3166 code");
        var programs = Programs.None;
        foreach (var p in input.Programs ?? [])
        {
            switch (p)
            {
                case "mpn": programs |= Programs.Mpn; break;
                case "csp": programs |= Programs.Csp; break;
                default: v.Add("programs", "must be mpn or csp"); break;
            }
        }
        if (!v.IsValid)
            return v.ToError();

        var partnerId = input.PartnerId!.Trim();
        if (await db.Organizations.AnyAsync(o => o.PartnerId == partnerId, ct))
            return Error.Conflict(ErrorCodes.PartnerIdTaken, "PartnerIdTaken", partnerId);
        var org = new Organization
        {
            Id = Guid.CreateVersion7(),
            Name = input.Name!.Trim(),
            PartnerId = partnerId,
            Programs = programs,
            CountryCode = input.CountryCode!.ToUpperInvariant(),
            CreatedAt = time.GetUtcNow(),
        };
        db.Organizations.Add(org);
        db.Audit(caller, org.CreatedAt, "organization.create", org.Id, $"{org.Name} ({org.PartnerId})");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Lost a race with another request for the same partner ID: the unique index decided,
            // and the loser gets the answer a later duplicate gets.
            db.ChangeTracker.Clear();
            return Error.Conflict(ErrorCodes.PartnerIdTaken, "PartnerIdTaken", partnerId);
        }
        return org;
    }
}
