using Microsoft.AspNetCore.Identity;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>Creates a back-office operator: from the command line or from Bootstrap:* settings.</summary>
public sealed class AddOperator(AppDbContext db, UserManager<User> users, TimeProvider time)
{
    public async Task<Result<User>> RunAsync(string? email, string? password, CancellationToken ct = default)
    {
        var v = new Validator().Require("email", email, 256).Require("password", password, 256);
        v.Check(email is null || CreateUser.IsEmail(email), "email", "must be an e-mail address");
        if (!v.IsValid)
            return v.ToError();
        // Saved by Identity together with the account, or not at all.
        db.Audit(new Caller(Guid.Empty, $"host:{Environment.UserName}", "Start-up or command line", null, Roles.Operator), time.GetUtcNow(), "operator.create", email!.Trim());
        return await CreateUser.CreateAsync(new User
        {
            Id = Guid.CreateVersion7(),
            UserName = email!.Trim(),
            Email = email!.Trim(),
            EmailConfirmed = true,
            DisplayName = "Operator",
            AccountType = AccountType.Work,
            Roles = Roles.Operator,
            CreatedAt = time.GetUtcNow(),
        }, password!, db, users);
    }

    /// <summary>Creates the operator only when no account has that e-mail yet.</summary>
    public async Task<Result<User>> EnsureAsync(string email, string password, CancellationToken ct = default)
    {
        if (await users.FindByEmailAsync(email.Trim()) is { } existing)
            return existing;
        var created = await RunAsync(email, password, ct);
        // Another process starting at the same moment created it first: that account is the one.
        if (created.Error?.Code == ErrorCodes.EmailTaken && await users.FindByEmailAsync(email.Trim()) is { } raced)
            return raced;
        return created;
    }
}
