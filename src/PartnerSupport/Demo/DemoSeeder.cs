using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerSupport.Accounts;
using PartnerSupport.Common;
using PartnerSupport.Customers;
using PartnerSupport.Entitlements;
using PartnerSupport.Organizations;
using PartnerSupport.Products;
using PartnerSupport.Storage;

namespace PartnerSupport.Demo;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Seed { get; set; }

    /// <summary>The demo accounts' password; when empty one is generated and kept in PasswordFile.</summary>
    public string? Password { get; set; }

    /// <summary>A relative path is taken from the data folder (<see cref="DatabaseOptions.ResolvePath"/>).</summary>
    public string PasswordFile { get; set; } = "demo-password.txt";

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(PasswordFile))
            yield return $"{Section}:{nameof(PasswordFile)} must name a file (got an empty value).";
    }

    public sealed class Validator : IValidateOptions<DemoOptions>
    {
        public ValidateOptionsResult Validate(string? name, DemoOptions options) => Settings.Result(options.Problems());
    }
}

public sealed record DemoAccount(string Email, string Description);

/// <summary>
/// Fills an empty database with a Gold partner and one account per role, so a first run shows
/// the whole flow. The password is generated per installation, never shipped in the repository.
/// </summary>
public sealed class DemoSeeder(
    AppDbContext db,
    IOptions<DemoOptions> options,
    IOptions<DatabaseOptions> database,
    AddOperator addOperator,
    CreateOrganization createOrganization,
    CreateUser createUser,
    AddMembership addMembership,
    CreateProduct createProduct,
    ActivateBenefit activateBenefit,
    CompleteActivation completeActivation,
    CreateCustomer createCustomer,
    TimeProvider time)
{
    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("operator@partnersupport.example", "back-office operator"),
        new("admin@contoso.example", "Contoso global admin"),
        new("partneradmin@contoso.example", "Contoso MPN partner admin"),
        new("agent@contoso.example", "Contoso admin agent (CSP)"),
        new("engineer@contoso.example", "Contoso engineer, no role"),
        new("alex@personal.example", "personal account, no organization"),
    ];

    /// <summary>Seeds when the database has no organization yet; returns the demo password.</summary>
    public async Task<string?> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        var password = ReadOrCreatePassword();
        if (await db.Organizations.AnyAsync(ct))
            return password;

        var op = Caller.From(Must(await addOperator.EnsureAsync(Accounts[0].Email, password, ct)));
        var created = await createOrganization.RunAsync(op, new CreateOrganizationInput("Contoso Ltd", "4010001", ["mpn", "csp"], "US"), ct);
        // Another node starting on the same empty database at the same moment is seeding it.
        if (created.Error?.Code == ErrorCodes.PartnerIdTaken)
            return password;
        var org = Must(created);
        User? admin = null;
        foreach (var (email, name, roles) in new[]
        {
            (Accounts[1].Email, "Avery Admin", new[] { "globalAdmin" }),
            (Accounts[2].Email, "Parker Partner", new[] { "mpnPartnerAdmin" }),
            (Accounts[3].Email, "Adrian Agent", new[] { "adminAgent" }),
            (Accounts[4].Email, "Eli Engineer", Array.Empty<string>()),
        })
        {
            var user = Must(await createUser.RunAsync(op, org.Id, new CreateUserInput(email, name, "work", roles, password), ct));
            admin ??= user;
        }
        Must(await createUser.RunAsync(op, null, new CreateUserInput(Accounts[5].Email, "Alex Personal", "personal", [], password), ct));

        foreach (var (family, versions) in new[]
        {
            ("Windows Server", new[] { "2016", "2019", "2022", "2025" }),
            ("SQL Server", new[] { "2017", "2019", "2022" }),
            ("Exchange Server", new[] { "2013", "2016", "2019" }),
            ("SharePoint Server", new[] { "2016", "2019" }),
        })
        {
            foreach (var version in versions)
                Must(await createProduct.RunAsync(op, new CreateProductInput($"{family} {version}", family, version, "onPremises", null), ct));
        }
        foreach (var (name, workload) in new[] { ("Azure Virtual Machines", "Azure"), ("Exchange Online", "Microsoft 365"), ("Dynamics 365 Sales", "Dynamics 365") })
            Must(await createProduct.RunAsync(op, new CreateProductInput(name, name, "current", "cloud", workload), ct));

        Must(await createCustomer.RunAsync(op, org.Id, new CreateCustomerInput("Northwind Traders", "northwind.example", "US"), ct));
        Must(await createCustomer.RunAsync(op, org.Id, new CreateCustomerInput("Tailspin Toys", "tailspin.example", "BR"), ct));

        var today = time.Today();
        var membership = Must(await addMembership.RunAsync(op, org.Id, new AddMembershipInput("gold", "Cloud Platform", today.AddDays(-30), today.AddYears(1)), ct));
        var productSupport = await db.Benefits.SingleAsync(b => b.MembershipId == membership.Id && b.Type == BenefitType.ProductSupport, ct);
        var activation = Must(await activateBenefit.RunAsync(Caller.From(admin!), productSupport.Id, ct));
        var completed = await completeActivation.RunAsync(op, activation.Id, ct);
        // With no processing delay, an activation worker (of this node or another) may be first.
        if (completed.Error?.Code != ErrorCodes.ActivationNotPending)
            Must(completed);
        return password;
    }

    /// <summary>Where the generated demo password is kept; the first run prints it.</summary>
    public string PasswordFile => database.Value.ResolvePath(options.Value.PasswordFile);

    private string ReadOrCreatePassword()
    {
        if (!string.IsNullOrEmpty(options.Value.Password))
            return options.Value.Password;
        var file = PasswordFile;
        if (File.Exists(file))
            return File.ReadAllText(file).Trim();
        // Upper, lower and digits from a CSPRNG: meets the password rules and reads easily.
        var password = "Demo-" + RandomNumberGenerator.GetString("ABCDEFGHJKMNPQRSTVWXYZabcdefghjkmnpqrstvwxyz23456789", 12) + "a1";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.WriteAllText(file, password + Environment.NewLine);
        return password;
    }

    private static T Must<T>(Result<T> result) =>
        result.IsSuccess ? result.Value : throw new InvalidOperationException($"Demo data could not be created: {result.Error!.Code}");
}
