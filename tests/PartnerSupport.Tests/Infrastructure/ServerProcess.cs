using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PartnerSupport.Tests.Infrastructure;

/// <summary>
/// The real server as an operating-system process of its own (<c>dotnet PartnerSupport.Web.dll</c>),
/// configured through environment variables as an operator would, listening on a free port of
/// 127.0.0.1. <see cref="Kill"/> ends it with SIGKILL; disposing stops it. Every process started
/// here is also killed when the test process exits, so none outlives a failed test.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    // Generous: a loaded 2-core machine can take long to start a server; a hang still fails.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>How much of what a server writes is kept (a log scan at Information needs it all).</summary>
    public const int MaxLog = 8_000_000;

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly ConcurrentBag<HttpClient> _clients = [];

    static ServerProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values)
            KillQuietly(process);
    };

    private ServerProcess(Process process, Uri baseAddress, string name)
    {
        _process = process;
        BaseAddress = baseAddress;
        Name = name;
    }

    public Uri BaseAddress { get; }
    public string Name { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>What the server wrote to stdout and stderr so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    /// <summary>The compiled server: the Web project is referenced, so it sits beside the tests.</summary>
    public static string ServerAssembly => Path.Combine(AppContext.BaseDirectory, "PartnerSupport.Web.dll");

    /// <summary>
    /// Starts a server on <paramref name="database"/> and waits until GET /healthz answers 200.
    /// Like a node on a machine of its own, each server has its own working folder and home
    /// folder: whatever servers share, they share through the database.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(TestDatabase database, string name = "server", IDictionary<string, string>? settings = null)
    {
        foreach (var file in new[] { ServerAssembly, Path.ChangeExtension(ServerAssembly, ".deps.json"), Path.ChangeExtension(ServerAssembly, ".runtimeconfig.json") })
        {
            if (!File.Exists(file))
                throw new FileNotFoundException($"The server is expected beside the tests (the test project references PartnerSupport.Web): {file} is missing.", file);
        }

        // The port is free when chosen but another process may take it before the server binds:
        // a server that exits at once is started again on another port.
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(database, name, settings);
            try
            {
                await server.WaitUntilHealthyAsync();
                return server;
            }
            catch (ServerExitedException) when (attempt < 3 && server.Log.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// Starts a server that is expected to refuse to start, and returns what it wrote (stdout and
    /// stderr) and its exit code once it has exited; one still running after the start timeout is
    /// killed and reported as a failure.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(TestDatabase database, IDictionary<string, string> settings)
    {
        var server = Launch(database, "refused", settings);
        await using (server)
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            try
            {
                await server._process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The server was still running {StartTimeout.TotalSeconds} s after its start:\n{server.Log}");
            }
            // The parameterless wait also waits until the redirected output has been read to its end.
            await server._process.WaitForExitAsync();
            return (server._process.ExitCode, server.Log);
        }
    }

    private static ServerProcess Launch(TestDatabase database, string name, IDictionary<string, string>? settings)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var folder = Directory.CreateDirectory(Path.Combine(database.Folder, "node-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Its own stdin, so the server never reads the test host's.
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add(ServerAssembly);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));

        // Nothing of the test host's own ASP.NET Core settings leaks into the server.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // appsettings.json and wwwroot stay where the build put them.
            ["ASPNETCORE_CONTENTROOT"] = AppContext.BaseDirectory,
            ["HOME"] = folder,
            ["Database__Provider"] = database.Provider.ToString(),
            ["ConnectionStrings__PartnerSupport"] = database.ConnectionString,
            ["Bootstrap__OperatorEmail"] = TestApp.OperatorEmail,
            ["Bootstrap__OperatorPassword"] = TestApp.Password,
            ["Activation__ProcessingDelay"] = "00:00:00",
            ["Activation__PollInterval"] = "00:00:00.100",
            ["Demo__Seed"] = "false",
            ["Demo__PasswordFile"] = Path.Combine(database.Folder, "demo-password.txt"),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        foreach (var (key, value) in environment)
            info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process, baseAddress, name);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        if (!process.Start())
            throw new InvalidOperationException("dotnet could not be started.");
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            // Bounded: a chatty server must not grow the test's memory without limit.
            if (_log.Length < MaxLog)
                _log.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                // Waits until what it wrote last (the reason it stopped) has been read.
                await _process.WaitForExitAsync();
                throw new ServerExitedException($"{Name} (pid {_process.Id}) exited with code {_process.ExitCode} {deadline.ElapsedMilliseconds} ms after its start, before it was healthy:\n{Log}");
            }
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
                // Listening but slow to answer while it migrates.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} was not healthy within {StartTimeout.TotalSeconds} s:\n{Log}");
    }

    /// <summary>A client of this server (disposed with it), with a timeout generous enough for a loaded machine.</summary>
    public ApiClient Client()
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _clients.Add(http);
        return new ApiClient(http);
    }

    public async Task<ApiClient> SignInAsync(string email, string password = TestApp.Password)
    {
        var client = Client();
        await client.SignInAsync(email, password);
        return client;
    }

    public Task<ApiClient> OperatorAsync() => SignInAsync(TestApp.OperatorEmail);

    /// <summary>SIGKILL: the server gets no chance to finish anything it was doing.</summary>
    public void Kill()
    {
        KillQuietly(_process);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            throw new InvalidOperationException($"{Name} (pid {_process.Id}) did not die after SIGKILL.");
        Running.TryRemove(_process.Id, out _);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // The tests need the process gone, not a graceful shutdown: what it wrote is committed or not.
            KillQuietly(_process);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                // SIGKILL cannot be ignored; a process still there after 10 s is stuck in the kernel.
            }
        }
        Running.TryRemove(_process.Id, out _);
        _process.Dispose();
        foreach (var client in _clients)
            client.Dispose();
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting while we asked.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class ServerExitedException(string message) : Exception(message);
}
