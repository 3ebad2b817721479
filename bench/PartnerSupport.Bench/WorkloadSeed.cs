using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using PartnerSupport.Accounts;
using PartnerSupport.Contracts;

namespace PartnerSupport.Bench;

/// <summary>
/// The two workloads of issue 19. "spread": 1,000 accounts of the bench organization, each linked to
/// a contract of its own; "hot": one contract all 1,000 accounts are linked to. The raw baselines get
/// their own contracts of the same two shapes (never a row the service writes), with ids the pgbench
/// script can compute from a number: raw spread contract n is b0000000-0000-7000-8000-{n:D12}, the raw
/// hot contract is number <see cref="Accounts"/>. Written through the EF model (the API caps balances,
/// and 1,000 sign-ins would each cost a password hash); each contract has its grant entry.
/// </summary>
public static class WorkloadSeed
{
    public const int Accounts = 1_000;
    public const int Incidents = 10_000_000;

    /// <summary>What the wrk scripts, pgbench and the raw driver read.</summary>
    public sealed record Workloads(
        IReadOnlyList<Guid> SpreadContracts,
        Guid HotContract,
        IReadOnlyList<Guid> RawSpreadContracts,
        Guid RawHotContract,
        IReadOnlyList<(Guid Id, string Email, string Stamp)> Users);

    public static Guid RawContractId(int n) => Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"b0000000-0000-7000-8000-{n:D12}"));

    public static async Task<Workloads> WriteAsync(Provider provider, string connectionString, BenchData data)
    {
        await using var db = Database.Context(provider, connectionString);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        SupportContract Contract(Guid id, string name) => new()
        {
            Id = id,
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
            OrganizationId = data.OrganizationId,
            CreatedAt = now,
        };
        var spread = Enumerable.Range(0, Accounts).Select(i => Contract(Guid.CreateVersion7(), $"Spread contract {i:D4}")).ToList();
        var hot = Contract(Guid.CreateVersion7(), "Hot contract");
        var rawSpread = Enumerable.Range(0, Accounts).Select(i => Contract(RawContractId(i), $"Raw spread contract {i:D4}")).ToList();
        var rawHot = Contract(RawContractId(Accounts), "Raw hot contract");
        var hash = new PasswordHasher<User>().HashPassword(new User(), SmallSeed.NewPassword());
        var users = Enumerable.Range(0, Accounts).Select(i =>
        {
            var email = string.Create(CultureInfo.InvariantCulture, $"account{i:D4}@bench.example");
            return new User
            {
                Id = Guid.CreateVersion7(),
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                PasswordHash = hash,
                SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true,
                DisplayName = string.Create(CultureInfo.InvariantCulture, $"Bench Account {i:D4}"),
                AccountType = AccountType.Work,
                OrganizationId = data.OrganizationId,
                Roles = Roles.None,
                CreatedAt = now,
            };
        }).ToList();
        foreach (var contract in spread.Append(hot).Concat(rawSpread).Append(rawHot))
        {
            db.SupportContracts.Add(contract);
            db.Ledger.Add(new LedgerEntry
            {
                SupportContractId = contract.Id,
                At = now,
                Delta = Incidents,
                BalanceAfter = Incidents,
                Kind = LedgerKind.Grant,
                Actor = "operator@bench.example",
                Note = "Benchmark grant",
            });
        }
        db.Users.AddRange(users);
        for (var i = 0; i < Accounts; i++)
        {
            db.ContractLinks.Add(new ContractLink { Id = Guid.CreateVersion7(), SupportContractId = spread[i].Id, UserId = users[i].Id, LinkedAt = now });
            db.ContractLinks.Add(new ContractLink { Id = Guid.CreateVersion7(), SupportContractId = hot.Id, UserId = users[i].Id, LinkedAt = now });
        }
        await db.SaveChangesAsync();
        return new Workloads([.. spread.Select(c => c.Id)], hot.Id, [.. rawSpread.Select(c => c.Id)], rawHot.Id,
            [.. users.Select(u => (u.Id, u.Email!, u.SecurityStamp!))]);
    }

    /// <summary>
    /// The request files the wrk script reads: one request per line (method, path, token, body,
    /// separated by tabs). Account i's token goes with account i's contract (spread) or the hot one.
    /// </summary>
    public static async Task<WorkloadFiles> WriteFilesAsync(string directory, string signingKey, Workloads w, BenchData data)
    {
        Directory.CreateDirectory(directory);
        var tokens = w.Users.Select(u => Jwt.Mint(signingKey, u.Id, u.Email, u.Stamp, TimeSpan.FromHours(6))).ToList();
        await File.WriteAllLinesAsync(Path.Combine(directory, "tokens.txt"), tokens.Select((t, i) => $"{t}\t{w.SpreadContracts[i]}"));
        string Create(Guid contract) => JsonSerializer.Serialize(new
        {
            title = Scenarios.Title,
            description = Scenarios.Description,
            severity = "moderate",
            productId = data.ProductId,
            supportContractId = contract,
        });
        string Line(string method, string path, string token, string body = "") => $"{method}\t{path}\t{token}\t{body}";
        async Task<string> Write(string name, IEnumerable<string> lines)
        {
            var path = Path.Combine(directory, name);
            await File.WriteAllLinesAsync(path, lines, new UTF8Encoding(false));
            return path;
        }
        var hello = await Write("hello.txt", [Line("GET", "/bench/hello", "")]);
        var read = await Write("read.txt", tokens.Select((t, i) => Line("GET", $"/v1/supportcontracts/{w.SpreadContracts[i]}", t)));
        var spread = await Write("create-spread.txt", tokens.Select((t, i) => Line("POST", "/v1/servicerequests/en-US", t, Create(w.SpreadContracts[i]))));
        var hot = await Write("create-hot.txt", tokens.Select(t => Line("POST", "/v1/servicerequests/en-US", t, Create(w.HotContract))));
        // Mixed: per account three reads of its contract and one create on it, in blocks of four lines.
        var mixed = await Write("mixed.txt", tokens.SelectMany((t, i) => new[]
        {
            Line("GET", $"/v1/supportcontracts/{w.SpreadContracts[i]}", t),
            Line("GET", $"/v1/supportcontracts/{w.SpreadContracts[i]}", t),
            Line("GET", $"/v1/supportcontracts/{w.SpreadContracts[i]}", t),
            Line("POST", "/v1/servicerequests/en-US", t, Create(w.SpreadContracts[i])),
        }));
        return new WorkloadFiles(hello, read, spread, hot, mixed);
    }

    public sealed record WorkloadFiles(string Hello, string Read, string CreateSpread, string CreateHot, string Mixed);
}
