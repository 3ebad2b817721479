using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerSupport.Accounts;
using PartnerSupport.Common;
using PartnerSupport.Contracts;
using PartnerSupport.Entitlements;
using PartnerSupport.Notifications;
using PartnerSupport.Organizations;
using PartnerSupport.Reports;
using PartnerSupport.Storage;

namespace PartnerSupport.Cli;

/// <summary>The back office's daily work: the activation queue, balances, imports, reports.</summary>
public static class OperationsCommands
{
    /// <summary>Whoever runs the command line holds the database: an operator, named in the ledger and audit.</summary>
    private static Caller Cli => new(Guid.Empty, $"cli:{Environment.UserName}", "Command line", null, Roles.Operator);

    public static IEnumerable<Command> All() => [Activations(), Contract(), Import(), Report(), Mail()];

    private static Command Activations()
    {
        var status = new Option<string?>("--status") { Description = "pending, completed or rejected" };
        var list = new Command("list", "List activation requests") { status };
        list.SetAction(async (parse, ct) => await WithAsync(parse, async sp =>
        {
            var result = await sp.GetRequiredService<ListActivations>().RunAsync(Cli, parse.GetValue(status), ct);
            if (!result.IsSuccess)
                return CliApp.Fail(parse, result.Error!);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"{"activation",-36}  {"status",-9}  {"requested (UTC)",-16}  {"process after",-16}  benefit");
            foreach (var a in result.Value)
                output.WriteLine($"{a.Id,-36}  {a.Status.ToString().ToLowerInvariant(),-9}  {a.RequestedAt.UtcDateTime,-16:yyyy-MM-dd HH:mm}  {a.ProcessAfter.UtcDateTime,-16:yyyy-MM-dd HH:mm}  {a.BenefitId}");
            output.WriteLine($"{result.Value.Count} activation(s).");
            return CliApp.Ok;
        }));

        var approveId = new Argument<Guid>("id");
        var approve = new Command("approve", "Complete a pending activation now") { approveId };
        approve.SetAction(async (parse, ct) => await WithAsync(parse, async sp =>
        {
            var result = await sp.GetRequiredService<CompleteActivation>().RunAsync(Cli, parse.GetValue(approveId), ct);
            if (!result.IsSuccess)
                return CliApp.Fail(parse, result.Error!);
            parse.InvocationConfiguration.Output.WriteLine($"Activation {result.Value.Id} completed: contract {result.Value.SupportContractId}.");
            return CliApp.Ok;
        }));

        var rejectId = new Argument<Guid>("id");
        var reason = new Option<string>("--reason") { Description = "Shown to the partner", Required = true };
        var reject = new Command("reject", "Refuse a pending activation") { rejectId, reason };
        reject.SetAction(async (parse, ct) => await WithAsync(parse, async sp =>
        {
            var result = await sp.GetRequiredService<RejectActivation>().RunAsync(Cli, parse.GetValue(rejectId), parse.GetValue(reason), ct);
            if (!result.IsSuccess)
                return CliApp.Fail(parse, result.Error!);
            parse.InvocationConfiguration.Output.WriteLine($"Activation {result.Value.Id} rejected.");
            return CliApp.Ok;
        }));
        return new Command("activations", "The activation queue") { list, approve, reject };
    }

    private static Command Contract()
    {
        var showId = new Argument<string>("contract") { Description = "The contract's id or its Access ID" };
        var show = new Command("show", "A contract's state, balance and ledger") { showId };
        show.SetAction(async (parse, ct) => await WithAsync(parse, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var contract = await FindAsync(db, parse.GetValue(showId)!, ct);
            if (contract is null)
                return CliApp.Fail(parse, Error.NotFound(ErrorCodes.ContractNotFound, "ContractNotFound"));
            var view = (await sp.GetRequiredService<GetContract>().RunAsync(Cli, contract.Id, ct)).Value;
            var ledger = (await sp.GetRequiredService<GetLedger>().RunAsync(Cli, contract.Id, ct)).Value;
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"{view.Contract.Name}  {view.Contract.AccessId} / {view.Contract.ContractId}");
            o.WriteLine($"status {view.Status.ToString().ToLowerInvariant()}, {view.Contract.StartDate:yyyy-MM-dd} to {view.Contract.EndDate:yyyy-MM-dd}, " +
                $"remaining {view.Contract.RemainingIncidents?.ToString(CultureInfo.InvariantCulture) ?? "unlimited"} of {view.Contract.TotalIncidents?.ToString(CultureInfo.InvariantCulture) ?? "unlimited"}, held {view.Contract.HeldIncidents}, decrement on {view.Contract.DecrementOn.ToString().ToLowerInvariant()}");
            foreach (var e in ledger)
                o.WriteLine($"  {e.At.UtcDateTime:yyyy-MM-dd HH:mm}  {e.Kind.ToString().ToLowerInvariant(),-8} {e.Delta,5:+#;-#;0}  → {e.BalanceAfter?.ToString(CultureInfo.InvariantCulture) ?? "-",5}  {e.Actor}  {e.Note}");
            return CliApp.Ok;
        }));

        var adjustId = new Argument<string>("contract") { Description = "The contract's id or its Access ID" };
        var delta = new Option<int>("--delta") { Description = "Incidents to add (positive) or take (negative)", Required = true };
        var note = new Option<string>("--note") { Description = "Why; kept in the ledger", Required = true };
        var adjust = new Command("adjust", "Correct a balance, with a note in the ledger") { adjustId, delta, note };
        adjust.SetAction(async (parse, ct) => await WithAsync(parse, async sp =>
        {
            var contract = await FindAsync(sp.GetRequiredService<AppDbContext>(), parse.GetValue(adjustId)!, ct);
            if (contract is null)
                return CliApp.Fail(parse, Error.NotFound(ErrorCodes.ContractNotFound, "ContractNotFound"));
            var result = await sp.GetRequiredService<AdjustBalance>().RunAsync(Cli, contract.Id, parse.GetValue(delta), parse.GetValue(note), ct);
            if (!result.IsSuccess)
                return CliApp.Fail(parse, result.Error!);
            parse.InvocationConfiguration.Output.WriteLine($"Balance of {result.Value.Contract.AccessId} is now {result.Value.Contract.RemainingIncidents}.");
            return CliApp.Ok;
        }));
        return new Command("contract", "Support contracts") { show, adjust };
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV: " + string.Join(",", ImportMemberships.Header) };
        var memberships = new Command("memberships", "Load organizations and memberships from CSV; re-importing the same file changes nothing") { file };
        memberships.SetAction(async (parse, ct) => await WithAsync(parse, async sp =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: {path.FullName} does not exist");
                return CliApp.BadUsage;
            }
            var total = File.ReadLines(path.FullName).Count(l => l.Length > 0) - 1;
            var err = parse.InvocationConfiguration.Error;
            // Reported inline: Progress<T> would post to the thread pool, out of order and possibly
            // after the command has finished and its output is closed.
            var progress = new InlineProgress<int>(n =>
            {
                if (n % 50 == 0 || n == total)
                    err.Write($"\r[{new string('#', 30 * n / Math.Max(1, total)),-30}] {n}/{total}");
            });
            using var reader = path.OpenText();
            var result = await sp.GetRequiredService<ImportMemberships>().RunAsync(Cli, reader, progress, ct);
            err.WriteLine();
            if (!result.IsSuccess)
                return CliApp.Fail(parse, result.Error!);
            var o = parse.InvocationConfiguration.Output;
            foreach (var line in result.Value.Where(l => l.Outcome != ImportOutcome.Unchanged))
                o.WriteLine($"line {line.Line,6}  {line.PartnerId,-12}  {line.Outcome.ToString().ToLowerInvariant(),-9}  {line.Message}");
            var counts = result.Value.GroupBy(l => l.Outcome).ToDictionary(g => g.Key, g => g.Count());
            o.WriteLine($"{result.Value.Count} line(s): {counts.GetValueOrDefault(ImportOutcome.Created)} created, " +
                $"{counts.GetValueOrDefault(ImportOutcome.Unchanged)} unchanged, {counts.GetValueOrDefault(ImportOutcome.Refused)} refused.");
            return counts.ContainsKey(ImportOutcome.Refused) ? CliApp.Refused : CliApp.Ok;
        }));
        return new Command("import", "Load partner records") { memberships };
    }

    private static Command Report()
    {
        var from = new Option<DateOnly>("--from") { Description = "First day (yyyy-MM-dd)", Required = true };
        var to = new Option<DateOnly>("--to") { Description = "Last day (yyyy-MM-dd)", Required = true };
        var csv = new Option<bool>("--csv") { Description = "CSV instead of a table" };
        var usage = new Command("usage", "Incidents consumed and refunded per month, organization, contract and product") { from, to, csv };
        usage.SetAction(async (parse, ct) => await WithAsync(parse, async sp =>
        {
            var result = await sp.GetRequiredService<UsageReport>().RunAsync(Cli, parse.GetValue(from), parse.GetValue(to), ct);
            if (!result.IsSuccess)
                return CliApp.Fail(parse, result.Error!);
            var o = parse.InvocationConfiguration.Output;
            var rows = result.Value.Rows;
            if (parse.GetValue(csv))
            {
                UsageCsv.Write(o, rows);
                return CliApp.Ok;
            }
            o.WriteLine($"{"month",-7}  {"organization",-24}  {"contract",-44}  {"product",-24}  {"consumed",8}  {"refunded",8}");
            foreach (var r in rows)
                o.WriteLine($"{r.Month,-7}  {Cut(r.Organization, 24),-24}  {Cut(r.Contract, 44),-44}  {Cut(r.Product, 24),-24}  {r.Consumed,8}  {r.Refunded,8}");
            o.WriteLine($"total consumed {rows.Sum(r => r.Consumed)}, refunded {rows.Sum(r => r.Refunded)}.");
            return CliApp.Ok;
        }));
        return new Command("report", "Reports") { usage };
    }

    private static Command Mail()
    {
        var to = new Option<string>("--to") { Description = "The address to send the test message to", Required = true };
        var test = new Command("test", "Send one message through the configured SMTP server (Smtp:*) and print the server's answer") { to };
        test.SetAction(async (parse, ct) =>
        {
            var address = parse.GetValue(to) ?? "";
            if (!MimeKit.MailboxAddress.TryParse(address, out _))
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: --to must be an e-mail address (got {address}).");
                return CliApp.BadUsage;
            }
            await using var services = CliApp.Services(parse);
            await using var scope = services.CreateAsyncScope();
            var sender = scope.ServiceProvider.GetRequiredService<SmtpSender>();
            if (!sender.IsConfigured)
            {
                parse.InvocationConfiguration.Error.WriteLine("error: Smtp:Host is not set: there is no server to send through.");
                return CliApp.Refused;
            }
            var portal = scope.ServiceProvider.GetRequiredService<IOptions<NotificationOptions>>().Value.PortalUrl;
            var mail = MailTemplates.Compose("Test", MailTemplates.Culture(null), [], null, portal, null);
            try
            {
                var answer = await sender.SendAsync(address, mail.Subject, mail.Text, mail.Html, Guid.CreateVersion7(), ct);
                parse.InvocationConfiguration.Output.WriteLine($"Sent. The server answered: {answer}");
                return CliApp.Ok;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // A refused connection, a TLS or sign-in failure, a rejected sender or recipient: the server's or the network's own words.
                parse.InvocationConfiguration.Error.WriteLine($"error: smtp: {string.Join(' ', ex.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}");
                return CliApp.Refused;
            }
        });
        return new Command("mail", "E-mail") { test };
    }

    private static string Cut(string value, int width) => value.Length <= width ? value : value[..(width - 1)] + "…";

    private static async Task<SupportContract?> FindAsync(AppDbContext db, string idOrAccessId, CancellationToken ct)
    {
        if (Guid.TryParse(idOrAccessId, out var id))
            return await db.SupportContracts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        var accessId = ContractIdentifiers.Normalize(idOrAccessId);
        return accessId is null ? null : await db.SupportContracts.AsNoTracking().SingleOrDefaultAsync(c => c.AccessId == accessId, ct);
    }

    private static async Task<int> WithAsync(ParseResult parse, Func<IServiceProvider, Task<int>> work)
    {
        await using var services = CliApp.Services(parse);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return await work(scope.ServiceProvider);
    }

    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
