using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PartnerSupport.Accounts;
using PartnerSupport.Storage;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Foundation.LegacySchema;

/// <summary>
/// A database as releases before the EF Core migrations left it: built by their hand-written SQL
/// scripts (kept beside this file, exactly as they shipped) and versioned in __schema_versions the
/// way their migrator did it, each script in a transaction with its version row.
/// </summary>
public static class LegacyDatabase
{
    public static IReadOnlyList<(string Version, string Sql)> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(LegacyDatabase).Assembly;
        var prefix = $"{typeof(LegacyDatabase).Namespace}.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (n[prefix.Length..^".sql".Length], reader.ReadToEnd());
            })
            .ToList();
    }

    /// <summary>Applies the scripts up to and including <paramref name="upTo"/> (all of them by default).</summary>
    public static async Task CreateAsync(TestDatabase db, string? upTo = null)
    {
        await using var connection = SchemaTests.Open(db);
        await connection.OpenAsync();
        await ExecuteAsync(connection, db.Provider == DatabaseProvider.Postgres
            ? "CREATE TABLE IF NOT EXISTS \"__schema_versions\" (\"Version\" text PRIMARY KEY, \"AppliedAt\" text NOT NULL)"
            : "CREATE TABLE IF NOT EXISTS \"__schema_versions\" (\"Version\" TEXT NOT NULL PRIMARY KEY, \"AppliedAt\" TEXT NOT NULL)");
        foreach (var (version, sql) in Scripts(db.Provider))
        {
            await using var tx = await connection.BeginTransactionAsync();
            await ExecuteAsync(connection, sql, tx);
            await ExecuteAsync(connection, "INSERT INTO \"__schema_versions\" (\"Version\", \"AppliedAt\") VALUES (@v, @at)", tx,
                ("v", version), ("at", DateTimeOffset.UtcNow.ToString("O")));
            await tx.CommitAsync();
            if (version == upTo)
                return;
        }
    }

    /// <summary>The rows one partner's day leaves: its organization, a user, a contract, its ledger and a request.</summary>
    public sealed record Data(Guid OrganizationId, Guid UserId, string Email, string Password, Guid ProductId, Guid ContractId, Guid RequestId);

    /// <summary>Writes <see cref="Data"/> with plain SQL, in the column encodings of the provider (as EF wrote them).</summary>
    public static async Task<Data> AddDataAsync(TestDatabase db)
    {
        var data = new Data(Guid.NewGuid(), Guid.NewGuid(), "admin@legacy-contoso.example", "Legacy-Passw0rd-2026", Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var created = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
        var user = new User { Id = data.UserId, UserName = data.Email, Email = data.Email };
        var hash = new PasswordHasher<User>().HashPassword(user, data.Password);

        await using var connection = SchemaTests.Open(db);
        await connection.OpenAsync();
        object? V(object? value) => db.Provider == DatabaseProvider.Postgres ? value ?? DBNull.Value : value switch
        {
            null => DBNull.Value,
            Guid g => g.ToString().ToUpperInvariant(),
            DateTimeOffset t => new DateTimeOffsetToBinaryConverter().ConvertToProvider(t),
            DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            bool b => b ? 1 : 0,
            _ => value,
        };
        async Task InsertAsync(string table, params (string Column, object? Value)[] row) =>
            await ExecuteAsync(connection,
                $"INSERT INTO \"{table}\" ({string.Join(", ", row.Select(c => $"\"{c.Column}\""))}) VALUES ({string.Join(", ", row.Select((_, i) => $"@p{i}"))})",
                null, row.Select((c, i) => ($"p{i}", V(c.Value))).ToArray());

        await InsertAsync("Organizations", ("Id", data.OrganizationId), ("Name", "Contoso Legacy"), ("PartnerId", "7000001"), ("Programs", 1), ("CountryCode", "US"), ("CreatedAt", created));
        await InsertAsync("Products", ("Id", data.ProductId), ("Name", "Windows Server 2022"), ("Family", "Windows Server Legacy"), ("Version", "2022"), ("Kind", "OnPremises"), ("Workload", null), ("CreatedAt", created));
        await InsertAsync("AspNetUsers", ("Id", data.UserId), ("DisplayName", "Ada Legacy"), ("AccountType", "Work"), ("OrganizationId", data.OrganizationId), ("Roles", (int)Roles.GlobalAdmin),
            ("CreatedAt", created), ("UserName", data.Email), ("NormalizedUserName", data.Email.ToUpperInvariant()), ("Email", data.Email), ("NormalizedEmail", data.Email.ToUpperInvariant()),
            ("EmailConfirmed", true), ("PasswordHash", hash), ("SecurityStamp", Guid.NewGuid().ToString("N")), ("ConcurrencyStamp", Guid.NewGuid().ToString()), ("PhoneNumber", null),
            ("PhoneNumberConfirmed", false), ("TwoFactorEnabled", false), ("LockoutEnd", null), ("LockoutEnabled", true), ("AccessFailedCount", 0));
        await InsertAsync("SupportContracts", ("Id", data.ContractId), ("AccessId", "LEGACYACCESS01"), ("ContractId", "LEGACYCONTRACT01"), ("Name", "Premier (legacy)"), ("Source", "Purchase"),
            ("Scope", "All"), ("TotalIncidents", 10), ("RemainingIncidents", 9), ("HeldIncidents", 0), ("ExpiryRecordedAt", null), ("StartDate", new DateOnly(2026, 1, 1)),
            ("EndDate", new DateOnly(2027, 12, 31)), ("CancelledAt", null), ("DecrementOn", "Creation"), ("OrganizationId", data.OrganizationId), ("BenefitId", null), ("CreatedAt", created));
        await InsertAsync("ContractLinks", ("Id", Guid.NewGuid()), ("SupportContractId", data.ContractId), ("UserId", data.UserId), ("LinkedAt", created));
        await InsertAsync("ServiceRequests", ("Id", data.RequestId), ("Title", "Cluster node fails to rejoin"), ("Description", "Node 3 stays paused after patching."), ("Severity", "Moderate"),
            ("Status", "Open"), ("SupportTopicId", null), ("ProductId", data.ProductId), ("OrganizationId", data.OrganizationId), ("CreatedByUserId", data.UserId),
            ("ContactFirstName", "Ada"), ("ContactLastName", "Legacy"), ("ContactEmail", data.Email), ("AgentLocale", "en-US"), ("CreatedDate", created), ("LastModifiedDate", created),
            ("LastClosedDate", null), ("Resolution", null), ("SupportContractId", data.ContractId), ("SupportPlan", null), ("CustomerTenantId", null), ("Workload", null),
            ("Charge", "Consumed"), ("RemainingIncidents", 9), ("Version", 1), ("ResponseDueAt", created.AddHours(4)), ("FirstResponseAt", null));
        await InsertAsync("Ledger", ("SupportContractId", data.ContractId), ("At", created.AddMinutes(-5)), ("Delta", 10), ("BalanceAfter", 10), ("Kind", "Grant"), ("ServiceRequestId", null),
            ("Actor", "operator@program.example"), ("Note", "Purchased"));
        await InsertAsync("Ledger", ("SupportContractId", data.ContractId), ("At", created), ("Delta", -1), ("BalanceAfter", 9), ("Kind", "Consume"), ("ServiceRequestId", data.RequestId),
            ("Actor", data.Email), ("Note", null));
        return data;
    }

    public static async Task ExecuteAsync(DbConnection connection, string sql, DbTransaction? tx = null, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        await command.ExecuteNonQueryAsync();
    }
}
