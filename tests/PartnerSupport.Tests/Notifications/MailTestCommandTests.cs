using System.Diagnostics;
using PartnerSupport.Cli;

namespace PartnerSupport.Tests.Notifications;

/// <summary><c>psctl mail test</c>, run as the operator runs it (its own process, configured by the environment), against a real SMTP server.</summary>
public sealed class MailTestCommandTests : IAsyncLifetime
{
    private SmtpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await SmtpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    [SkippableFact]
    public async Task It_sends_one_message_and_prints_the_servers_answer()
    {
        var run = await PsctlAsync(_sink.Settings(), "mail", "test", "--to", "ops@example.com");

        Assert.True(run.ExitCode == CliApp.Ok, run.ToString());
        Assert.StartsWith("Sent. The server answered: ", run.Output);
        Assert.Contains("OK stored", run.Output);
        var mail = Assert.Single(_sink.All());
        Assert.Equal("ops@example.com", mail.To);
        Assert.Equal("Partner Support test message", mail.Subject);
        Assert.Contains("https://support.example.com", mail.Text);
    }

    [SkippableFact]
    public async Task A_server_that_is_down_gives_exit_1_and_one_clear_line()
    {
        await _sink.StopAsync();
        var run = await PsctlAsync(_sink.Settings(), "mail", "test", "--to", "ops@example.com");

        Assert.True(run.ExitCode == CliApp.Refused, run.ToString());
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: smtp: ", line);
        Assert.Empty(run.Output);
    }

    [SkippableFact]
    public async Task Without_a_server_configured_or_with_a_wrong_address_it_says_so()
    {
        var unconfigured = await PsctlAsync(new Dictionary<string, string?>(), "mail", "test", "--to", "ops@example.com");
        Assert.True(unconfigured.ExitCode == CliApp.Refused, unconfigured.ToString());
        Assert.Equal("error: Smtp:Host is not set: there is no server to send through.", unconfigured.Error.Trim());

        var wrong = await PsctlAsync(_sink.Settings(), "mail", "test", "--to", "not an address");
        Assert.True(wrong.ExitCode == CliApp.BadUsage, wrong.ToString());
        Assert.StartsWith("error: --to must be an e-mail address", wrong.Error);
        Assert.Empty(_sink.All());
    }

    private static async Task<Run> PsctlAsync(IDictionary<string, string?> settings, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "psctl.dll"));
        foreach (var a in args)
            info.ArgumentList.Add(a);
        foreach (var (key, value) in settings)
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Run(process.ExitCode, await output, await error);
    }

    private sealed record Run(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
    }
}
