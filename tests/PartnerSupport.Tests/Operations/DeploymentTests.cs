using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Operations;

/// <summary>
/// The installation guide's files do what README.md says: systemd accepts the unit, nginx accepts
/// its configuration (the very block the README shows), and the server starts, ready, on the
/// unit's environment. A test whose tool is missing here is reported skipped with the reason.
/// </summary>
public sealed partial class DeploymentTests : IAsyncLifetime
{
    private static readonly string Root = FindRoot();
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [SkippableFact]
    public async Task Systemd_accepts_the_unit()
    {
        var analyze = Which("systemd-analyze");
        Skip.If(analyze is null, "systemd-analyze is not installed here");
        var (code, output) = await RunAsync(analyze!, "verify", Path.Combine(Root, "deploy", "partnersupport.service"));
        // verify checks that ExecStart's program exists: a host without /usr/bin/dotnet says only that.
        var problems = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("/usr/bin/dotnet", StringComparison.Ordinal)).ToList();
        Assert.True(problems.Count == 0, $"systemd-analyze verify (exit {code}):\n{output}");
    }

    [SkippableFact]
    public async Task Nginx_accepts_the_configuration_the_README_shows()
    {
        var conf = await File.ReadAllTextAsync(Path.Combine(Root, "deploy", "nginx.conf"));
        var readme = await File.ReadAllTextAsync(Path.Combine(Root, "README.md"));
        var block = NginxBlock().Match(readme, readme.IndexOf("## Installing on a Linux host", StringComparison.Ordinal));
        Assert.True(block.Success, "README.md's installation guide has no ```nginx block");
        // The README shows the server block unindented; deploy/nginx.conf holds it inside http { }.
        static string Lines(string text) => string.Join("\n", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
        Assert.Contains(Lines(block.Groups[1].Value), Lines(conf), StringComparison.Ordinal);

        var nginx = Requires.Nginx();
        var temp = Directory.CreateTempSubdirectory("partnersupport-nginx-").FullName;
        var (code, output) = await RunAsync(nginx, "-t", "-c", Path.Combine(Root, "deploy", "nginx.conf"), "-g", $"pid {temp}/nginx.pid; error_log {temp}/error.log;");
        Assert.True(code == 0, $"nginx -t (exit {code}):\n{output}");
    }

    [SkippableFact]
    public async Task The_server_starts_ready_on_the_units_environment()
    {
        var unit = await File.ReadAllLinesAsync(Path.Combine(Root, "deploy", "partnersupport.service"));
        var environment = unit.Where(l => l.StartsWith("Environment=", StringComparison.Ordinal))
            .Select(l => l["Environment=".Length..].Trim('"'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("Postgres", environment["Database__Provider"]);
        // The database is the test's own, and the data folder one the test may write.
        environment["Database__Provider"] = _db.Provider.ToString();
        environment["ConnectionStrings__PartnerSupport"] = _db.ConnectionString;
        environment["Database__DataFolder"] = _db.Folder;
        await using var server = await ServerProcess.StartAsync(_db, "unit", environment);
        (await server.Client().GetAsync("/healthz/ready")).AssertStatus(HttpStatusCode.OK);
        // Logging__Format=json from the unit: what journald gets is one JSON object per line.
        Assert.All(server.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => Assert.StartsWith("{", l, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Caddy_accepts_the_Caddyfile_the_README_shows()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Root, "README.md"));
        var block = CaddyBlock().Match(readme, readme.IndexOf("## Installing on a Linux host", StringComparison.Ordinal));
        Assert.True(block.Success, "README.md's installation guide has no ```caddyfile block");
        Assert.Contains("reverse_proxy 127.0.0.1:5080", block.Groups[1].Value, StringComparison.Ordinal);
        var caddy = Which("caddy");
        Skip.If(caddy is null, "caddy is not installed here; ./test.sh installs Debian's caddy");
        var temp = Directory.CreateTempSubdirectory("partnersupport-caddy-").FullName;
        // The README shows it inside a numbered step, indented by three spaces.
        var file = Path.Combine(temp, "Caddyfile");
        await File.WriteAllLinesAsync(file, block.Groups[1].Value.Split('\n').Select(l => l.StartsWith("   ", StringComparison.Ordinal) ? l[3..] : l));
        var (code, output) = await RunAsync(caddy!, "validate", "--config", file, "--adapter", "caddyfile");
        Assert.True(code == 0 && output.Contains("Valid configuration", StringComparison.Ordinal), $"caddy validate (exit {code}):\n{output}");
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    private static async Task<(int Code, string Output)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PartnerSupport.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (PartnerSupport.slnx) is not above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("```nginx\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex NginxBlock();

    [GeneratedRegex("```caddyfile\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CaddyBlock();
}
