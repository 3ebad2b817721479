using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerSupport.Accounts;
using PartnerSupport.Storage;

namespace PartnerSupport.Cli;

/// <summary>
/// The operator command line. It reads the same configuration as the server (appsettings.json
/// in the working folder, PARTNERSUPPORT_-less environment variables such as Database__Provider
/// and ConnectionStrings__PartnerSupport) and calls the same use cases.
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Refused = 1;
    public const int BadUsage = 2;

    private static readonly Option<string?> ProviderOption = new("--provider")
    {
        Description = "Sqlite or Postgres (default: Database:Provider from configuration)",
        Recursive = true,
    };

    private static readonly Option<string?> ConnectionOption = new("--connection")
    {
        Description = "Connection string (default: ConnectionStrings:PartnerSupport from configuration)",
        Recursive = true,
    };

    /// <summary>The command line; <paramref name="time"/> is the clock its use cases see (the system's unless a test passes one).</summary>
    public static RootCommand Build(TimeProvider? time = null)
    {
        var root = new PsctlCommand(time ?? TimeProvider.System) { ProviderOption, ConnectionOption };
        root.Subcommands.Add(OperatorCommand());
        root.Subcommands.Add(StaffCommand());
        root.Subcommands.Add(SchemaCommand());
        root.Subcommands.Add(LedgerCommand());
        foreach (var command in OperationsCommands.All())
            root.Subcommands.Add(command);
        OneLineErrors.Apply(root);
        return root;
    }

    private static Command OperatorCommand()
    {
        var email = new Option<string>("--email") { Description = "The operator's e-mail", Required = true };
        var password = new Option<string>("--password") { Description = "At least 10 characters with upper, lower and a digit", Required = true };
        var add = new Command("add", "Create a back-office operator account") { email, password };
        add.SetAction(async (parse, ct) =>
        {
            await using var services = Services(parse);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);
            var result = await scope.ServiceProvider.GetRequiredService<AddOperator>().RunAsync(parse.GetValue(email), parse.GetValue(password), ct);
            if (!result.IsSuccess)
                return Fail(parse, result.Error!);
            parse.InvocationConfiguration.Output.WriteLine($"Operator {result.Value.Email} created ({result.Value.Id}).");
            return Ok;
        });
        return new Command("operator", "Operator accounts") { add };
    }

    private static Command StaffCommand()
    {
        var email = new Option<string>("--email") { Description = "The staff member's e-mail", Required = true };
        var name = new Option<string>("--display-name") { Description = "The name shown on requests and messages", Required = true };
        var role = new Option<string[]>("--role")
        {
            Description = "operator and/or supportEngineer (repeat the option for both)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var password = new Option<string>("--password") { Description = "At least 10 characters with upper, lower and a digit", Required = true };
        var add = new Command("add", "Create a staff account: an operator or a support engineer, in no organization") { email, name, role, password };
        add.SetAction(async (parse, ct) =>
        {
            await using var services = Services(parse);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);
            var cli = new PartnerSupport.Common.Caller(Guid.Empty, $"cli:{Environment.UserName}", "Command line", null, Roles.Operator);
            var result = await scope.ServiceProvider.GetRequiredService<CreateStaff>().RunAsync(cli,
                new CreateStaffInput(parse.GetValue(email), parse.GetValue(name), parse.GetValue(role), parse.GetValue(password)));
            if (!result.IsSuccess)
                return Fail(parse, result.Error!);
            parse.InvocationConfiguration.Output.WriteLine(
                $"Staff {result.Value.Email} created ({string.Join(", ", RoleNames.ToNames(result.Value.Roles))}, {result.Value.Id}).");
            return Ok;
        });
        return new Command("staff", "Staff accounts: operators and support engineers") { add };
    }

    private static Command SchemaCommand()
    {
        var script = new Command("script",
            "Print the SQL that `schema migrate` would run, for applying it yourself. PostgreSQL: an idempotent script, " +
            "right for a database at any version. SQLite cannot make one: the script starts from the version of the " +
            "database given (read from it; from nothing if the file does not exist) and is right for that database only, " +
            "until it changes. A database made by the SQL scripts of earlier releases is first recorded as having the " +
            "baseline migration, which needs the database reachable");
        script.SetAction(async (parse, ct) =>
        {
            await using var services = Services(parse);
            await using var scope = services.CreateAsyncScope();
            parse.InvocationConfiguration.Output.Write(await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().ScriptAsync(ct));
            return Ok;
        });
        var migrate = new Command("migrate", "Apply pending schema migrations (as every server does at start-up)");
        migrate.SetAction(async (parse, ct) =>
        {
            await using var services = Services(parse);
            await using var scope = services.CreateAsyncScope();
            var applied = await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);
            foreach (var migration in applied)
                parse.InvocationConfiguration.Output.WriteLine($"Applied {migration}.");
            parse.InvocationConfiguration.Output.WriteLine("Schema is up to date.");
            return Ok;
        });
        return new Command("schema", "Database schema") { script, migrate };
    }

    private static Command LedgerCommand()
    {
        var check = new Command("check", "Verify that every contract's balance equals the sum of its ledger; exits 1 on any difference");
        check.SetAction(async (parse, ct) =>
        {
            await using var services = Services(parse);
            await using var scope = services.CreateAsyncScope();
            var (count, mismatches) = await scope.ServiceProvider.GetRequiredService<PartnerSupport.Contracts.VerifyLedger>().RunAsync(ct);
            foreach (var m in mismatches)
                parse.InvocationConfiguration.Error.WriteLine($"MISMATCH contract {m.ContractId} ({m.AccessId}): balance {m.Balance}, ledger sum {m.LedgerSum}, last balanceAfter {m.LastBalanceAfter?.ToString() ?? "none"}");
            parse.InvocationConfiguration.Output.WriteLine($"{count} contract(s) checked, {mismatches.Count} mismatch(es).");
            return mismatches.Count == 0 ? Ok : Refused;
        });
        return new Command("ledger", "The incident ledger") { check };
    }

    internal static int Fail(ParseResult parse, PartnerSupport.Common.Error error)
    {
        var fields = error.FieldErrors is null ? "" : ": " + string.Join("; ", error.FieldErrors.Select(f => $"{f.Key} {string.Join(", ", f.Value)}"));
        parse.InvocationConfiguration.Error.WriteLine($"error: {error.Code}: {PartnerSupport.Resources.Messages.Get(error.MessageKey, error.Args)}{fields}");
        return error.Kind is PartnerSupport.Common.ErrorKind.Validation ? BadUsage : Refused;
    }

    internal static ServiceProvider Services(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(ProviderOption) is { } provider)
            overrides["Database:Provider"] = provider;
        if (parse.GetValue(ConnectionOption) is { } connection)
            overrides["ConnectionStrings:PartnerSupport"] = connection;
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(parse.RootCommandResult.Command is PsctlCommand root ? root.Time : TimeProvider.System);
        // EF's own error logs repeat, with a stack trace, the failure that OneLineErrors reports in one line.
        services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None));
        services.AddPartnerSupport(configuration);
        return services.BuildServiceProvider();
    }
}

/// <summary>The root command, carrying the clock for the services each command builds.</summary>
internal sealed class PsctlCommand(TimeProvider time) : RootCommand("PartnerSupport operator command line")
{
    public TimeProvider Time { get; } = time;
}
