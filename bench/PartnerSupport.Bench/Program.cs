using System.Runtime.InteropServices;
using PartnerSupport.Bench;

// bench/run.sh is the documented entry point; see bench/README.md.
//   run   --provider sqlite|postgres --work DIR --server-dll PATH [--pg-admin CS] [--summary FILE] [--quick]
//         [--large] [--concurrency N] [--warmup S] [--duration S] [--rounds N] [--orgs N] [--requests N]
//         [--pg-durable true|false] [--no-profile]
//   serve (the options of run, plus --seconds N, --log-sql): start and seed a server, then stay up
//   load  --work DIR [--against DIR] --scenario hello|read|create|raw --seconds N [--concurrency N] [--rounds N]
if (args.Length == 0 || args[0] is not ("run" or "serve" or "load"))
{
    Console.Error.WriteLine("usage: PartnerSupport.Bench run|serve|load --provider sqlite|postgres --work DIR --server-dll PATH [options]; see bench/README.md");
    return 2;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args[0], args[1..]);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"bench: {ex.Message}");
    return 2;
}

// Up to 2 x 16 clients block in SQLite calls (Microsoft.Data.Sqlite's async methods run synchronously):
// threads must be there at once, not injected one by one by the thread pool.
ThreadPool.SetMinThreads(Math.Max(64, options.Concurrency * 2 + 8), Math.Max(64, options.Concurrency * 2 + 8));

// Ctrl-C or SIGTERM: stop the server this run started before leaving (run.sh's trap does it too).
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => StopServer(options));
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => StopServer(options));

try
{
    return options.Command switch
    {
        "serve" => await Runner.ServeAsync(options),
        "load" => await Runner.LoadAsync(options),
        _ => await Runner.RunAsync(options),
    };
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or IOException or System.Data.Common.DbException)
{
    Console.Error.WriteLine($"bench ({options.Name}) failed: {ex.Message}");
    return 1;
}

static void StopServer(BenchOptions options)
{
    if (!Directory.Exists(options.WorkDir))
        return;
    foreach (var pidFile in Directory.GetFiles(options.WorkDir, "*.pid"))
    {
        if (!int.TryParse(File.ReadAllText(pidFile), out var pid))
            continue;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }
}
