using System.CommandLine;
using PartnerSupport.Cli;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Accounting;

public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
}

/// <summary>`ledger check` of the operator command line, run in-process against a test database.</summary>
public static class LedgerCheck
{
    public static async Task<CliRun> RunAsync(TestDatabase database)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.Build()
            .Parse(["ledger", "check", "--provider", database.Provider.ToString(), "--connection", database.ConnectionString])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(exit, output.ToString(), error.ToString());
    }
}
