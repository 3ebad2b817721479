using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;

namespace PartnerSupport.Tests.Foundation;

/// <summary>
/// The README's first command and its command-line lines, run as written from the repository
/// root, the way a new user copies them: the server on its embedded default, then the sign-in
/// with curl, then every psctl line, which must find the same demo database.
/// </summary>
public sealed partial class ReadmeCommandTests : IAsyncLifetime
{
    // dotnet run builds the Debug configuration first; on a loaded 2-core machine that takes a while.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);

    private readonly string _root = RepositoryRoot();
    private readonly string _home = Directory.CreateTempSubdirectory("partnersupport-readme-").FullName;
    private Process? _server;
    private readonly StringBuilder _serverLog = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(10_000);
        }
        _server?.Dispose();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // The SQLite file may still be held for a moment by the dying server; /tmp is cleaned by the OS.
        }
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task The_readme_commands_run_as_written_and_psctl_finds_the_servers_demo_database()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(_root, "README.md"));
        var runServer = Block(readme, "## The two commands", 0).Single();
        Assert.Equal("dotnet run --project src/PartnerSupport.Web", runServer);
        var signIn = string.Join('\n', Block(readme, "## The two commands", 1));
        var psctl = Block(readme, "## Operator command line", 0);
        Assert.True(psctl.Count >= 4, "the README's psctl block: " + string.Join(" | ", psctl));

        await StartServerAsync(runServer);

        // The README's sign-in: the demo password read from the file the server printed, then the benefits.
        var benefits = await RunAsync(signIn);
        Assert.True(benefits.ExitCode == 0, benefits.ToString());
        Assert.Contains("\"accessId\"", benefits.Output, StringComparison.Ordinal);

        foreach (var line in psctl)
        {
            var run = await RunAsync(line);
            Assert.True(run.ExitCode == 0, $"{line}\n{run}");
            Assert.DoesNotContain("   at ", run.Output + run.Error, StringComparison.Ordinal);
            if (line.Contains(" ledger check", StringComparison.Ordinal))
            {
                // The demo's activated benefit: psctl read the server's database, not an empty one of its own.
                Assert.Contains("1 contract(s) checked, 0 mismatch(es).", run.Output, StringComparison.Ordinal);
            }
        }

        // The operator that psctl added signs in on the running server: one database for both.
        var add = psctl.Single(l => l.Contains(" operator add ", StringComparison.Ordinal));
        var email = OptionValue(add, "--email");
        var password = OptionValue(add, "--password");
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:5080") };
        var token = await http.PostAsJsonAsync("/v1/token", new { email, password });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }

    [SkippableFact]
    public async Task A_psctl_failure_is_one_line_and_exit_code_1_never_a_stack_trace()
    {
        var nowhere = Path.Combine(_home, "no-such-folder", "partnersupport.db");
        var run = await RunAsync($"dotnet run --project src/PartnerSupport.Cli -- ledger check --connection 'Data Source={nowhere}'");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("", run.Output.Trim());
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: database: ", line, StringComparison.Ordinal);
        Assert.Contains("unable to open database file", line, StringComparison.Ordinal);

        var noConnection = await RunAsync("dotnet run --project src/PartnerSupport.Cli -- ledger check --provider Postgres");
        Assert.True(noConnection.ExitCode == 1, noConnection.ToString());
        var missing = Assert.Single(noConnection.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("error: ConnectionStrings:PartnerSupport", missing, StringComparison.Ordinal);
    }

    private async Task StartServerAsync(string command)
    {
        var info = Shell(command);
        _server = new Process { StartInfo = info };
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Append(string? line)
        {
            if (line is null)
                return;
            lock (_serverLog)
                _serverLog.AppendLine(line);
            // The demo accounts are the last of what the server prints once it is listening.
            if (line.StartsWith("  Demo accounts", StringComparison.Ordinal))
                started.TrySetResult();
        }
        _server.OutputDataReceived += (_, e) => Append(e.Data);
        _server.ErrorDataReceived += (_, e) => Append(e.Data);
        _server.Exited += (_, _) => started.TrySetException(new InvalidOperationException("The server exited:\n" + ServerLog()));
        _server.EnableRaisingEvents = true;
        _server.Start();
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("The server did not start:\n" + ServerLog());
        }
        var log = ServerLog();
        Assert.Contains("PartnerSupport is running on SQLite", log, StringComparison.Ordinal);
        Assert.Contains("Browse: http://127.0.0.1:5080", log, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_home, "partnersupport", "demo-password.txt"), log, StringComparison.Ordinal);
    }

    private string ServerLog()
    {
        lock (_serverLog)
            return _serverLog.ToString();
    }

    private async Task<CommandRun> RunAsync(string script)
    {
        using var process = new Process { StartInfo = Shell(script) };
        process.Start();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in {StartTimeout}.");
        }
        return new CommandRun(process.ExitCode, await output, await error);
    }

    /// <summary>bash in the repository root, with a home for the data folder of this test alone.</summary>
    private ProcessStartInfo Shell(string script)
    {
        var info = new ProcessStartInfo("bash")
        {
            WorkingDirectory = _root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        // Nothing of the test host's build or ASP.NET Core settings reaches the commands.
        foreach (var key in info.Environment.Keys.Where(k =>
                     k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("PARTNERSUPPORT_", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);
        info.Environment["XDG_DATA_HOME"] = _home;
        // No build server or compiler server outlives the test.
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["UseSharedCompilation"] = "false";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return info;
    }

    /// <summary>The lines of the <paramref name="index"/>th sh block after <paramref name="heading"/>, comments dropped.</summary>
    private static List<string> Block(string readme, string heading, int index)
    {
        var start = readme.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no heading '{heading}'");
        var section = readme[(start + heading.Length + 2)..];
        var end = section.IndexOf("\n## ", StringComparison.Ordinal);
        if (end >= 0)
            section = section[..end];
        var blocks = ShBlock().Matches(section);
        Assert.True(blocks.Count > index, $"README.md '{heading}' has fewer than {index + 1} sh block(s)");
        return blocks[index].Groups[1].Value
            .Replace("\\\n", " ", StringComparison.Ordinal)
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
    }

    private static string OptionValue(string line, string option)
    {
        var match = Regex.Match(line, Regex.Escape(option) + @"\s+('([^']*)'|(\S+))");
        Assert.True(match.Success, $"{option} in {line}");
        return match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PartnerSupport.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (PartnerSupport.slnx) is not above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShBlock();

    private sealed record CommandRun(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
    }
}
