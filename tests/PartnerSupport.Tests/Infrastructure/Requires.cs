using System.Diagnostics;

namespace PartnerSupport.Tests.Infrastructure;

/// <summary>
/// The tools a test needs beside .NET. Plain <c>dotnet test</c> runs on whatever machine it finds:
/// a test whose tool is missing there reports itself skipped with the reason (it needs
/// <c>[SkippableFact]</c> or <c>[SkippableTheory]</c>, which every test here has), and is never
/// counted as passed. <c>./test.sh</c> installs every tool, and under CI fails if anything skipped.
/// </summary>
public static class Requires
{
    private static readonly Lazy<string?> Aiosmtpd = new(() => Run("/usr/bin/python3", "-c", "import aiosmtpd"));

    /// <summary>Debian's python3 with aiosmtpd, the real SMTP server of the e-mail tests.</summary>
    public static void SmtpServer() =>
        Skip.If(Aiosmtpd.Value is not null, $"No SMTP server to send to here: /usr/bin/python3 with aiosmtpd is missing ({Aiosmtpd.Value}); ./test.sh installs python3-aiosmtpd.");

    /// <summary>nginx, the reverse proxy of the several-node tests.</summary>
    public static string Nginx() =>
        NginxProcess.Find() ?? throw new SkipException("nginx is not installed here (PATH, /usr/sbin); ./test.sh installs Debian's nginx-light.");

    /// <summary>The PostgreSQL server of a run on PostgreSQL, or of the tests that are about PostgreSQL.</summary>
    public static string Postgres() =>
        Environment.GetEnvironmentVariable("PARTNERSUPPORT_TEST_PG") is { Length: > 0 } server
            ? server
            : throw new SkipException("No PostgreSQL here: PARTNERSUPPORT_TEST_PG (a connection string to a server the tests may create databases on) is not set; ./test.sh starts a throwaway PostgreSQL 15 cluster and sets it.");

    /// <summary>Null when the command exits with 0; otherwise why not.</summary>
    private static string? Run(string file, params string[] arguments)
    {
        if (!File.Exists(file))
            return $"{file} is not there";
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : error.Trim().Split('\n').LastOrDefault() ?? $"exit {process.ExitCode}";
    }
}
