using Microsoft.Data.Sqlite;
using Npgsql;

namespace PartnerSupport.Bench;

/// <summary>
/// The statements of the service's consume transaction (CreateServiceRequest + IncidentCharges):
/// BEGIN; the conditional UPDATE of the balance, answering the new balance (RETURNING, as the
/// service's); INSERT the service request, its ledger entry and its audit entry (one batch, as EF
/// Core's SaveChanges sends them); COMMIT. Rows of the same shape in the same tables, on the raw baseline's own contract.
/// </summary>
internal static class ConsumeSql
{
    public const string Update =
        "UPDATE \"SupportContracts\" SET \"RemainingIncidents\" = \"RemainingIncidents\" - 1 WHERE \"Id\" = @contract AND \"RemainingIncidents\" - \"HeldIncidents\" > 0 RETURNING \"RemainingIncidents\"";

    public const string InsertRequest =
        "INSERT INTO \"ServiceRequests\" (\"Id\", \"AgentLocale\", \"Charge\", \"ContactEmail\", \"ContactFirstName\", \"ContactLastName\", \"CreatedByUserId\", \"CreatedDate\", "
        + "\"CustomerTenantId\", \"Description\", \"LastClosedDate\", \"LastModifiedDate\", \"OrganizationId\", \"ProductId\", \"RemainingIncidents\", \"Resolution\", \"Severity\", "
        + "\"Status\", \"SupportContractId\", \"SupportPlan\", \"SupportTopicId\", \"Title\", \"Version\", \"Workload\", \"AttachmentCount\", \"SearchText\", \"ResponseDueAt\") "
        + "VALUES (@id, 'en-US', 'Consumed', @email, 'Bench', 'Engineer', @user, @now, NULL, @description, NULL, @now, @org, @product, @balance, NULL, 'Moderate', "
        + "'Open', @contract, NULL, NULL, @title, 0, NULL, 0, lower(@title || ' ' || @description), @now)";

    public const string InsertLedger =
        "INSERT INTO \"Ledger\" (\"Actor\", \"At\", \"BalanceAfter\", \"Delta\", \"Kind\", \"Note\", \"ServiceRequestId\", \"SupportContractId\") "
        + "VALUES (@email, @now, @balance, -1, 'Consume', @title, @id, @contract)";

    public const string InsertAudit =
        "INSERT INTO \"AuditLog\" (\"Action\", \"Actor\", \"ActorUserId\", \"At\", \"ClientAddress\", \"Details\", \"Target\") "
        + "VALUES ('servicerequest.create', @email, @user, @now, '127.0.0.1', @details, @target)";
}

/// <summary>SQLite: a connection opened once per client with the service's pragmas; BEGIN IMMEDIATE as the service's transactions.</summary>
public sealed class SqliteConsume : IOperation
{
    private readonly SqliteConnection connection;
    private readonly BenchData data;
    private readonly IReadOnlyList<Guid> contracts;
    private int next;

    private SqliteConsume(SqliteConnection connection, BenchData data, IReadOnlyList<Guid> contracts)
    {
        this.connection = connection;
        this.data = data;
        this.contracts = contracts;
    }

    /// <summary>Each transaction consumes from the next of <paramref name="contracts"/> (default: the raw contract of the small seed).</summary>
    public static async Task<IOperation> OpenAsync(string connectionString, BenchData data, IReadOnlyList<Guid>? contracts = null) =>
        new SqliteConsume(await Database.OpenSqliteAsync(connectionString), data, contracts ?? [data.RawContractId]);

    public async ValueTask<bool> RunAsync(CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        var contractId = contracts[next++ % contracts.Count];
        var contract = Database.SqliteGuid(contractId);
        // Microsoft.Data.Sqlite's default transaction is BEGIN IMMEDIATE, as under EF Core.
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);

        long balance;
        await using (var update = connection.CreateCommand())
        {
            update.Transaction = tx;
            update.CommandText = ConsumeSql.Update;
            update.Parameters.AddWithValue("@contract", contract);
            if (await update.ExecuteScalarAsync(ct) is not long remaining)
                return false;
            balance = remaining;
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = ConsumeSql.InsertRequest + ";\n" + ConsumeSql.InsertLedger + ";\n" + ConsumeSql.InsertAudit + ";";
            var p = insert.Parameters;
            p.AddWithValue("@id", Database.SqliteGuid(id));
            p.AddWithValue("@email", data.User.Email);
            p.AddWithValue("@user", Database.SqliteGuid(data.UserId));
            p.AddWithValue("@now", Database.SqliteTime(now));
            p.AddWithValue("@description", Scenarios.Description);
            p.AddWithValue("@org", Database.SqliteGuid(data.OrganizationId));
            p.AddWithValue("@product", Database.SqliteGuid(data.ProductId));
            p.AddWithValue("@balance", balance);
            p.AddWithValue("@contract", contract);
            p.AddWithValue("@title", Scenarios.Title);
            p.AddWithValue("@details", $"contract {contractId}, Consumed");
            p.AddWithValue("@target", id.ToString());
            await insert.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return true;
    }

    public async ValueTask DisposeAsync() => await connection.DisposeAsync();
}

/// <summary>PostgreSQL: a connection opened once per client; Npgsql sends BEGIN with the first statement.</summary>
public sealed class NpgsqlConsume : IOperation
{
    private readonly NpgsqlConnection connection;
    private readonly BenchData data;

    private NpgsqlConsume(NpgsqlConnection connection, BenchData data)
    {
        this.connection = connection;
        this.data = data;
    }

    public static async Task<IOperation> OpenAsync(string connectionString, BenchData data)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return new NpgsqlConsume(connection, data);
    }

    public async ValueTask<bool> RunAsync(CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        await using var tx = await connection.BeginTransactionAsync(ct);

        int balance;
        await using (var update = new NpgsqlCommand(ConsumeSql.Update, connection, tx))
        {
            update.Parameters.AddWithValue("contract", data.RawContractId);
            if (await update.ExecuteScalarAsync(ct) is not int remaining)
                return false;
            balance = remaining;
        }

        await using (var batch = new NpgsqlBatch(connection, tx))
        {
            var request = new NpgsqlBatchCommand(ConsumeSql.InsertRequest);
            Add(request, "id", id);
            Add(request, "email", data.User.Email);
            Add(request, "user", data.UserId);
            Add(request, "now", now);
            Add(request, "description", Scenarios.Description);
            Add(request, "org", data.OrganizationId);
            Add(request, "product", data.ProductId);
            Add(request, "balance", balance);
            Add(request, "contract", data.RawContractId);
            Add(request, "title", Scenarios.Title);
            var ledger = new NpgsqlBatchCommand(ConsumeSql.InsertLedger);
            Add(ledger, "email", data.User.Email);
            Add(ledger, "now", now);
            Add(ledger, "balance", balance);
            Add(ledger, "title", Scenarios.Title);
            Add(ledger, "id", id);
            Add(ledger, "contract", data.RawContractId);
            var audit = new NpgsqlBatchCommand(ConsumeSql.InsertAudit);
            Add(audit, "email", data.User.Email);
            Add(audit, "user", data.UserId);
            Add(audit, "now", now);
            Add(audit, "details", $"contract {data.RawContractId}, Consumed");
            Add(audit, "target", id.ToString());
            batch.BatchCommands.Add(request);
            batch.BatchCommands.Add(ledger);
            batch.BatchCommands.Add(audit);
            await batch.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return true;
    }

    private static void Add<T>(NpgsqlBatchCommand command, string name, T value) =>
        command.Parameters.Add(new NpgsqlParameter<T>(name, value));

    public async ValueTask DisposeAsync() => await connection.DisposeAsync();
}
