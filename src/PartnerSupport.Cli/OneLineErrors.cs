using System.CommandLine;
using System.CommandLine.Invocation;
using System.Data.Common;

namespace PartnerSupport.Cli;

/// <summary>
/// Wraps a command's action so that a failure it did not foresee (no database at that path, a
/// server that refuses the connection, a setting missing) ends as one line on standard error and
/// exit code 1, like every refusal, instead of System.CommandLine's stack trace.
/// </summary>
internal sealed class OneLineErrors(CommandLineAction inner) : AsynchronousCommandLineAction
{
    public static void Apply(Command command)
    {
        if (command.Action is { } action and not OneLineErrors)
            command.Action = new OneLineErrors(action);
        foreach (var sub in command.Subcommands)
            Apply(sub);
    }

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        try
        {
            return inner switch
            {
                AsynchronousCommandLineAction async => await async.InvokeAsync(parseResult, cancellationToken),
                SynchronousCommandLineAction sync => sync.Invoke(parseResult),
                _ => throw new InvalidOperationException($"Unknown action type {inner.GetType().Name}."),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"error: {Describe(ex)}");
            return CliApp.Refused;
        }
    }

    private static string Describe(Exception ex)
    {
        // EF wraps the driver's exception; the driver's sentence is the one that says what is wrong.
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is DbException db)
                return $"database: {OneLine(db.Message)}";
        }
        return OneLine(ex.Message);
    }

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
