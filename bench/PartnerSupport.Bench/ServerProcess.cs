using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PartnerSupport.Bench;

/// <summary>
/// The real server as a separate process (the Release build of PartnerSupport.Web), listening on
/// 127.0.0.1 only. Its process id is written to a file (the log's name with .pid) so that run.sh's
/// trap can stop it even when this program is killed; disposing stops it (SIGTERM, then a kill
/// after 10 s).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly string[] InheritedPrefixes = ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "ConnectionStrings__", "Database__", "Bootstrap__", "Auth__", "Bench__", "Demo__", "Logging__"];

    private readonly Process process;
    private readonly LogSink log;
    private readonly string pidFile;

    private ServerProcess(Process process, LogSink log, string pidFile, Uri baseAddress, string logPath)
    {
        this.process = process;
        this.log = log;
        this.pidFile = pidFile;
        BaseAddress = baseAddress;
        LogPath = logPath;
    }

    /// <summary>One key per bench process, given to every server it starts.</summary>
    public static string SigningKey { get; } = Jwt.NewKey();

    private bool disposed;

    public Uri BaseAddress { get; }
    public int ProcessId => process.Id;
    public string LogPath { get; }

    public static async Task<ServerProcess> StartAsync(
        BenchOptions options, string connectionString, Credentials operatorAccount, string logName, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var psi = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The build output holds appsettings.json; every path the server writes to is absolute.
            WorkingDirectory = Path.GetDirectoryName(options.ServerDll)!,
        };
        psi.ArgumentList.Add(options.ServerDll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        foreach (var key in psi.Environment.Keys.Where(k => InheritedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
            psi.Environment.Remove(key);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Database__Provider"] = options.Provider.ToString();
        psi.Environment["ConnectionStrings__PartnerSupport"] = connectionString;
        psi.Environment["Bootstrap__OperatorEmail"] = operatorAccount.Email;
        psi.Environment["Bootstrap__OperatorPassword"] = operatorAccount.Password;
        psi.Environment["Bench__HelloEndpoint"] = "true";
        // The workloads' tokens are minted by the bench with this key (Jwt.cs); the server checks them as its own.
        psi.Environment["Auth__SigningKey"] = SigningKey;
        psi.Environment["Auth__TokenLifetime"] = "06:00:00";
        psi.Environment["Demo__Seed"] = "false";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
            psi.Environment[key] = value;

        var logPath = Path.Combine(options.WorkDir, logName);
        var log = new LogSink(logPath);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => log.Write(e.Data);
        process.ErrorDataReceived += (_, e) => log.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var pidFile = Path.Combine(options.WorkDir, Path.ChangeExtension(logName, ".pid"));
        await File.WriteAllTextAsync(pidFile, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var server = new ServerProcess(process, log, pidFile, baseAddress, logPath);
        try
        {
            // Generous: on a shared machine a cold start (JIT, migrations check) has taken over two minutes.
            await server.WaitHealthyAsync(TimeSpan.FromSeconds(300));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private async Task WaitHealthyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; attempt < 2000 && clock.Elapsed < limit; attempt++)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the server exited with code {process.ExitCode} during start-up; log: {LogPath}\n{Tail()}");
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy migrating.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the server did not answer /healthz within {limit.TotalSeconds} s; log: {LogPath}\n{Tail()}");
    }

    public string Tail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
            return;
        disposed = true;
        try
        {
            if (!process.HasExited)
            {
                // A graceful stop first: SQLite checkpoints its WAL when the last connection closes.
                using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
                    await (term?.WaitForExitAsync() ?? Task.CompletedTask);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            else
            {
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            File.Delete(pidFile);
            process.Dispose();
            log.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record Credentials(string Email, string Password);

/// <summary>The server's stdout and stderr, appended to one file as they arrive.</summary>
internal sealed class LogSink(string path) : IDisposable
{
    private readonly StreamWriter writer = new(path, append: true) { AutoFlush = true };
    private readonly Lock gate = new();
    private bool closed;

    public void Write(string? line)
    {
        if (line is null)
            return;
        lock (gate)
        {
            if (!closed)
                writer.WriteLine(line);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            closed = true;
            writer.Dispose();
        }
    }
}
