using System.Security.Cryptography;
using PartnerSupport.Contracts;

namespace PartnerSupport.Bench;

/// <summary>What the measurements use: the bench user, its product and two large contracts.</summary>
public sealed record BenchData(
    Guid OrganizationId,
    Guid UserId,
    Credentials User,
    string DisplayName,
    Guid ProductId,
    Guid ContractId,
    Guid RawContractId,
    Credentials Staff,
    Guid StaffId);

/// <summary>
/// The small installation: an operator (bootstrapped by the server), one organization with one
/// user, one on-premises product, made through the API; and two contracts of 10,000,000 incidents
/// each, written through the EF model since the API caps balances at the catalog's numbers. Each
/// contract gets its grant entry, so the ledger explains the balance. The user is linked to the
/// first; the second belongs to the raw baseline, so the two never touch the same row.
/// </summary>
public static class SmallSeed
{
    public const int Incidents = 10_000_000;

    public static Credentials NewOperator() => new("operator@bench.example", NewPassword());

    public static async Task<BenchData> RunAsync(BenchOptions options, string connectionString, Uri baseAddress, Credentials operatorAccount)
    {
        using var http = Clients.Create(baseAddress, 2);
        var api = new Api(http);
        var operatorToken = await api.TokenAsync(operatorAccount);

        var org = await api.PostAsync("/v1/organizations", new { name = "Bench Partner", partnerId = "BENCH-0001", programs = new[] { "mpn" }, countryCode = "US" }, operatorToken);
        var organizationId = org.GetProperty("id").GetGuid();
        var user = new Credentials("engineer@bench.example", NewPassword());
        const string displayName = "Bench Engineer";
        var created = await api.PostAsync($"/v1/organizations/{organizationId}/users",
            new { email = user.Email, displayName, accountType = "work", roles = Array.Empty<string>(), password = user.Password }, operatorToken);
        var userId = created.GetProperty("id").GetGuid();
        // A support engineer, for the queue: it lists every organization's requests.
        var staff = new Credentials("staff@bench.example", NewPassword());
        var staffUser = await api.PostAsync("/v1/staff", new { email = staff.Email, displayName = "Bench Support Engineer", roles = new[] { "supportEngineer" }, password = staff.Password }, operatorToken);
        var product = await api.PostAsync("/v1/products", new { name = "SQL Server 2022", family = "SQL Server", version = "2022", kind = "onPremises" }, operatorToken);
        var productId = product.GetProperty("id").GetGuid();

        await using var db = Database.Context(options.Provider, connectionString);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var contracts = new[] { "Bench contract (HTTP)", "Bench contract (raw driver)" }.Select(name => new SupportContract
        {
            Id = Guid.CreateVersion7(),
            AccessId = ContractIdentifiers.NewAccessId(),
            ContractId = ContractIdentifiers.NewContractId(),
            Name = name,
            Source = ContractSource.Purchase,
            Scope = ContractScope.All,
            TotalIncidents = Incidents,
            RemainingIncidents = Incidents,
            StartDate = today.AddDays(-1),
            EndDate = today.AddYears(1),
            DecrementOn = DecrementOn.Creation,
            OrganizationId = organizationId,
            CreatedAt = now,
        }).ToList();
        foreach (var contract in contracts)
        {
            db.SupportContracts.Add(contract);
            db.Ledger.Add(new LedgerEntry
            {
                SupportContractId = contract.Id,
                At = now,
                Delta = Incidents,
                BalanceAfter = Incidents,
                Kind = LedgerKind.Grant,
                Actor = operatorAccount.Email,
                Note = "Benchmark grant",
            });
        }
        db.ContractLinks.Add(new ContractLink { Id = Guid.CreateVersion7(), SupportContractId = contracts[0].Id, UserId = userId, LinkedAt = now });
        await db.SaveChangesAsync();

        var data = new BenchData(organizationId, userId, user, displayName, productId, contracts[0].Id, contracts[1].Id, staff, staffUser.GetProperty("id").GetGuid());

        // One of each before measuring: the answers must be the expected ones.
        var token = await api.TokenAsync(user);
        var request = await api.PostAsync("/v1/servicerequests/en-US", Scenarios.CreateBody(data), token);
        if (request.GetProperty("remainingIncidents").GetInt32() != Incidents - 1 || !request.GetProperty("incidentConsumed").GetBoolean())
            throw new InvalidOperationException($"unexpected service request: {request}");
        var read = await api.GetAsync($"/v1/supportcontracts/{data.ContractId}", token);
        if (read.GetProperty("remainingIncidents").GetInt32() != Incidents - 1)
            throw new InvalidOperationException($"unexpected contract: {read}");
        return data;
    }

    public static string NewPassword() => "Bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
}
