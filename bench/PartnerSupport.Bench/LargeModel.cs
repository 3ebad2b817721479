using Microsoft.AspNetCore.Identity;
using PartnerSupport.Accounts;
using PartnerSupport.Contracts;

namespace PartnerSupport.Bench;

/// <summary>Receives the rows of one table, column values in the order the table writer declared.</summary>
public interface IRowSink
{
    void Row(params object?[] values);
}

/// <summary>One table: its name, the columns written, and the rows for a range of organizations.</summary>
public sealed record LargeTable(string Name, string[] Columns, Action<LargeModel, int, int, IRowSink> Rows);

/// <summary>
/// A large installation, decided once in memory (every id, count and date) so that each table
/// written from it agrees with the others whatever the order of writing: per organization one
/// Gold, Silver or Action Pack membership, its activated Microsoft Product Support benefit and
/// contract, one engineer linked to the contract, and that organization's share of the service
/// requests, each consuming one incident with its ledger entry (after the contract's grant) and
/// its audit entry. Balances equal the ledger's sums. Every contract runs from 180 days ago to 185
/// days ahead, so the expiry worker has nothing to do during the measurement.
/// </summary>
public sealed class LargeModel
{
    private const string Password = "Large-installation-2026";
    private static readonly string[] Countries = ["US", "BR", "ES", "DE", "FR", "GB", "IN", "JP", "MX", "PT"];
    private static readonly string[] Severities = ["Critical", "Moderate", "Minimal"];
    private static readonly int[] DueHours = [1, 4, 8];

    private static readonly (string Family, string[] Versions)[] Families =
    [
        ("Exchange Server", ["2013", "2016", "2019"]),
        ("SharePoint Server", ["2013", "2016", "2019"]),
        ("Windows Server", ["2016", "2019", "2022"]),
        ("System Center", ["2016", "2019", "2022"]),
        ("BizTalk Server", ["2013", "2016", "2020"]),
        ("Dynamics GP", ["2016", "18.5", "18.7"]),
    ];

    public LargeModel(int organizations, int requests, DateTimeOffset now)
    {
        Organizations = organizations;
        Requests = requests;
        Now = now;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        Start = today.AddDays(-180);
        End = today.AddDays(185);
        var startAt = new DateTimeOffset(Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var random = new Random(20261121);

        Products = Families.SelectMany(f => f.Versions.Select(v => new ProductRow(Guid.CreateVersion7(startAt.AddDays(-400)), $"{f.Family} {v}", f.Family, v))).ToArray();
        // Requests name a covered product: the two newest versions of a family (the N-1 rule).
        CoveredProducts = Families.SelectMany((f, fi) => Enumerable.Range(0, f.Versions.Length)
            .Where(vi => vi >= f.Versions.Length - 2)
            .Select(vi => Families.Take(fi).Sum(x => x.Versions.Length) + vi)).ToArray();

        OrgIds = new Guid[organizations];
        MembershipIds = new Guid[organizations];
        ContractIds = new Guid[organizations];
        BenefitIds = new Guid[organizations];
        UserIds = new Guid[organizations];
        LinkIds = new Guid[organizations];
        AccessIds = new string[organizations];
        ContractCodes = new string[organizations];
        OrgCreated = new DateTimeOffset[organizations];
        FirstRequest = new int[organizations + 1];
        for (var i = 0; i < organizations; i++)
        {
            OrgCreated[i] = startAt.AddDays(-30).AddSeconds(i * 20.0);
            OrgIds[i] = Guid.CreateVersion7(OrgCreated[i]);
            MembershipIds[i] = Guid.CreateVersion7(OrgCreated[i]);
            ContractIds[i] = Guid.CreateVersion7(OrgCreated[i]);
            BenefitIds[i] = Guid.CreateVersion7(OrgCreated[i]);
            UserIds[i] = Guid.CreateVersion7(OrgCreated[i]);
            LinkIds[i] = Guid.CreateVersion7(OrgCreated[i]);
            AccessIds[i] = ContractIdentifiers.NewAccessId();
            ContractCodes[i] = ContractIdentifiers.NewContractId();
            FirstRequest[i + 1] = FirstRequest[i] + requests / organizations + (i < requests % organizations ? 1 : 0);
        }

        RequestIds = new Guid[requests];
        RequestDates = new DateTimeOffset[requests];
        RequestProducts = new int[requests];
        var span = (now.AddHours(-1) - startAt).TotalSeconds;
        for (var i = 0; i < organizations; i++)
        {
            var from = FirstRequest[i];
            var to = FirstRequest[i + 1];
            for (var r = from; r < to; r++)
                RequestDates[r] = startAt.AddSeconds(random.NextDouble() * span);
            Array.Sort(RequestDates, from, to - from);
            for (var r = from; r < to; r++)
            {
                RequestIds[r] = Guid.CreateVersion7(RequestDates[r]);
                RequestProducts[r] = CoveredProducts[random.Next(CoveredProducts.Length)];
            }
        }
        PasswordHash = new PasswordHasher<User>().HashPassword(new User(), Password);
    }

    public int Organizations { get; }
    public int Requests { get; }
    public DateTimeOffset Now { get; }
    public DateOnly Start { get; }
    public DateOnly End { get; }
    public IReadOnlyList<ProductRow> Products { get; }
    public int[] CoveredProducts { get; }
    public Guid[] OrgIds { get; }
    public Guid[] MembershipIds { get; }
    public Guid[] ContractIds { get; }
    public Guid[] BenefitIds { get; }
    public Guid[] UserIds { get; }
    public Guid[] LinkIds { get; }
    public string[] AccessIds { get; }
    public string[] ContractCodes { get; }
    public DateTimeOffset[] OrgCreated { get; }

    /// <summary>Organization i's requests are FirstRequest[i] .. FirstRequest[i+1]-1.</summary>
    public int[] FirstRequest { get; }

    public Guid[] RequestIds { get; }
    public DateTimeOffset[] RequestDates { get; }
    public int[] RequestProducts { get; }
    public string PasswordHash { get; }

    public int RowCount =>
        Products.Count + 7 * Organizations + 3 * Requests;

    private static string Offer(int i) => (i % 3) switch { 0 => "Gold", 1 => "Silver", _ => "ActionPack" };

    private int Incidents(int i) => Math.Max((i % 3) switch { 0 => 20, 1 => 15, _ => 10 }, FirstRequest[i + 1] - FirstRequest[i]);

    private static string Email(int i) => $"engineer{i:D6}@partner{i:D6}.example";

    /// <summary>In an order that satisfies every foreign key.</summary>
    public static IReadOnlyList<LargeTable> Tables { get; } =
    [
        new("Organizations", ["Id", "Name", "PartnerId", "Programs", "CountryCode", "CreatedAt"], (m, from, to, sink) =>
        {
            for (var i = from; i < to; i++)
                sink.Row(m.OrgIds[i], $"Partner {i:D6} Ltd", (4_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), i % 5 == 0 ? 3 : 1, Countries[i % Countries.Length], m.OrgCreated[i]);
        }),
        new("Memberships", ["Id", "OrganizationId", "Offer", "Competency", "IsCloudCompetency", "StartDate", "EndDate", "CreatedAt"], (m, from, to, sink) =>
        {
            for (var i = from; i < to; i++)
                sink.Row(m.MembershipIds[i], m.OrgIds[i], Offer(i), i % 3 == 2 ? null : "Data Analytics", false, m.Start, m.End, m.OrgCreated[i]);
        }),
        new("SupportContracts", ["Id", "AccessId", "ContractId", "Name", "Source", "Scope", "TotalIncidents", "RemainingIncidents", "HeldIncidents", "ExpiryRecordedAt",
            "StartDate", "EndDate", "CancelledAt", "DecrementOn", "OrganizationId", "BenefitId", "CreatedAt"], (m, from, to, sink) =>
        {
            for (var i = from; i < to; i++)
            {
                var total = m.Incidents(i);
                sink.Row(m.ContractIds[i], m.AccessIds[i], m.ContractCodes[i], "Microsoft Product Support", "Benefit", "OnPremises", total,
                    total - (m.FirstRequest[i + 1] - m.FirstRequest[i]), 0, null, m.Start, m.End, null, "Creation", m.OrgIds[i], m.BenefitIds[i], m.OrgCreated[i]);
            }
        }),
        new("Benefits", ["Id", "OrganizationId", "MembershipId", "Type", "Name", "Scope", "Incidents", "ActivationState", "SupportContractId", "RejectionReason", "CreatedAt"], (m, from, to, sink) =>
        {
            for (var i = from; i < to; i++)
                sink.Row(m.BenefitIds[i], m.OrgIds[i], m.MembershipIds[i], "ProductSupport", "Microsoft Product Support", "OnPremises", m.Incidents(i), "Completed", m.ContractIds[i], null, m.OrgCreated[i]);
        }),
        new("AspNetUsers", ["Id", "DisplayName", "AccountType", "OrganizationId", "Roles", "CreatedAt", "UserName", "NormalizedUserName", "Email", "NormalizedEmail",
            "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumber", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnd", "LockoutEnabled", "AccessFailedCount"], (m, from, to, sink) =>
        {
            for (var i = from; i < to; i++)
            {
                var email = Email(i);
                var upper = email.ToUpperInvariant();
                sink.Row(m.UserIds[i], $"Engineer {i:D6}", "Work", m.OrgIds[i], i % 4 == 0 ? 1 : 0, m.OrgCreated[i], email, upper, email, upper,
                    true, m.PasswordHash, Guid.NewGuid().ToString("N").ToUpperInvariant(), Guid.NewGuid().ToString(), null, false, false, null, true, 0);
            }
        }),
        new("ContractLinks", ["Id", "SupportContractId", "UserId", "LinkedAt"], (m, from, to, sink) =>
        {
            for (var i = from; i < to; i++)
                sink.Row(m.LinkIds[i], m.ContractIds[i], m.UserIds[i], m.OrgCreated[i].AddHours(1));
        }),
        new("ServiceRequests", ["Id", "Title", "Description", "Severity", "Status", "SupportTopicId", "ProductId", "OrganizationId", "CreatedByUserId",
            "ContactFirstName", "ContactLastName", "ContactEmail", "AgentLocale", "CreatedDate", "LastModifiedDate", "LastClosedDate", "Resolution",
            "SupportContractId", "SupportPlan", "CustomerTenantId", "Workload", "Charge", "RemainingIncidents", "Version",
            "ResponseDueAt", "SearchText", "AttachmentCount"], (m, from, to, sink) =>
        {
            for (var i = from; i < to; i++)
            {
                var balance = m.Incidents(i);
                var last = m.FirstRequest[i + 1];
                for (var r = m.FirstRequest[i]; r < last; r++)
                {
                    balance--;
                    var at = m.RequestDates[r];
                    // All but the latest three are resolved (a resolved request keeps its incident).
                    var closed = r < last - 3;
                    var closedAt = closed ? at.AddHours(20) : (DateTimeOffset?)null;
                    var title = $"Request {r - m.FirstRequest[i] + 1} of partner {i:D6}";
                    // Every request has a response due time (the service sets one at creation), hours after
                    // it by severity: the queue orders and pages by it.
                    sink.Row(m.RequestIds[r], title, Description, Severities[r % 3], closed ? "Closed" : "Open", null,
                        m.Products[m.RequestProducts[r]].Id, m.OrgIds[i], m.UserIds[i], "Engineer", $"{i:D6}", Email(i), "en-US", at, closedAt ?? at, closedAt,
                        closed ? "Resolved" : null, m.ContractIds[i], null, null, null, "Consumed", balance, closed ? 1 : 0,
                        at.AddHours(DueHours[r % 3]), (title + "\n" + Description).ToLowerInvariant(), 0);
                }
            }
        }),
        new("Ledger", ["SupportContractId", "At", "Delta", "BalanceAfter", "Kind", "ServiceRequestId", "Actor", "Note"], (m, from, to, sink) =>
        {
            for (var i = from; i < to; i++)
            {
                var balance = m.Incidents(i);
                sink.Row(m.ContractIds[i], m.OrgCreated[i], balance, balance, "Grant", null, "system", "Activation of Microsoft Product Support");
                var last = m.FirstRequest[i + 1];
                for (var r = m.FirstRequest[i]; r < last; r++)
                {
                    balance--;
                    sink.Row(m.ContractIds[i], m.RequestDates[r], -1, balance, "Consume", m.RequestIds[r], Email(i), $"Request {r - m.FirstRequest[i] + 1} of partner {i:D6}");
                }
            }
        }),
        new("AuditLog", ["At", "Actor", "ActorUserId", "ClientAddress", "Action", "Target", "Details"], (m, from, to, sink) =>
        {
            for (var i = from; i < to; i++)
            {
                var last = m.FirstRequest[i + 1];
                for (var r = m.FirstRequest[i]; r < last; r++)
                    sink.Row(m.RequestDates[r], Email(i), m.UserIds[i], $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}", "servicerequest.create", m.RequestIds[r].ToString(), $"contract {m.ContractIds[i]}, Consumed");
            }
        }),
    ];

    public static LargeTable ProductsTable { get; } = new("Products", ["Id", "Name", "Family", "Version", "Kind", "Workload", "CreatedAt"], (m, _, _, sink) =>
    {
        foreach (var p in m.Products)
            sink.Row(p.Id, p.Name, p.Family, p.Version, "OnPremises", null, m.OrgCreated.Length > 0 ? m.OrgCreated[0] : m.Now);
    });

    private const string Description =
        "The service stops answering after the monthly update; the event log shows a timeout of the dependent service. Restarting helps for a day.";
}

public sealed record ProductRow(Guid Id, string Name, string Family, string Version);
