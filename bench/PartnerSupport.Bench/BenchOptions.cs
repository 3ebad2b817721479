using System.Globalization;

namespace PartnerSupport.Bench;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>The command line of <c>run</c>; see bench/README.md.</summary>
public sealed class BenchOptions
{
    public Provider Provider { get; private set; } = Provider.Sqlite;

    /// <summary>An empty folder for the database file and the server logs.</summary>
    public string WorkDir { get; private set; } = "";

    /// <summary>PartnerSupport.Web.dll, built in Release.</summary>
    public string ServerDll { get; private set; } = "";

    /// <summary>PostgreSQL: a connection string to the throwaway cluster's maintenance database.</summary>
    public string? PostgresAdmin { get; private set; }

    /// <summary>Where the figures and ratios are appended, to be printed last by run.sh.</summary>
    public string? SummaryFile { get; private set; }

    public int Concurrency { get; private set; } = 16;
    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(2);
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);
    /// <summary>The compared workloads alternate in this many rounds; each round starts with an uncounted ramp.</summary>
    public int Rounds { get; private set; } = 4;

    public TimeSpan Ramp { get; private set; } = TimeSpan.FromSeconds(0.5);

    public bool Large { get; private set; }

    /// <summary>"queue": only the queue's figures at the small and the large size (implies --large).</summary>
    public string? Only { get; private set; }

    public bool QueueOnly => Only == "queue";
    public int Organizations { get; private set; } = 100_000;
    public int ServiceRequests { get; private set; } = 1_000_000;

    /// <summary>PostgreSQL commits reach the disk (fsync, synchronous_commit) as SQLite's synchronous=FULL does.</summary>
    public bool PostgresDurable { get; private set; } = true;

    /// <summary>Restart the server with EF Core's SQL logging and count statements and their time per request.</summary>
    public bool Profile { get; private set; } = true;

    public int ProfileRequests { get; private set; } = 40;

    /// <summary>serve: how long to keep the seeded server up; load: how long to drive it.</summary>
    public TimeSpan Seconds { get; private set; } = TimeSpan.FromSeconds(600);

    /// <summary>load: hello, read, create or raw.</summary>
    public string Scenario { get; private set; } = "read";

    public string Command { get; private set; } = "run";

    /// <summary>load: a second served instance (e.g. a modified build); the two alternate in rounds.</summary>
    public string? Against { get; private set; }

    /// <summary>serve: log EF Core's SQL and the request events, as the profile does.</summary>
    public bool LogSql { get; private set; }

    public string Name => Provider == Provider.Sqlite ? "sqlite" : "postgres";

    public static BenchOptions Parse(string command, IReadOnlyList<string> args)
    {
        var o = new BenchOptions { Command = command };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--provider":
                    o.Provider = Value().ToLowerInvariant() switch
                    {
                        "sqlite" => Provider.Sqlite,
                        "postgres" or "postgresql" => Provider.Postgres,
                        var other => throw new ArgumentException($"unknown provider {other}"),
                    };
                    break;
                case "--work": o.WorkDir = Path.GetFullPath(Value()); break;
                case "--server-dll": o.ServerDll = Path.GetFullPath(Value()); break;
                case "--pg-admin": o.PostgresAdmin = Value(); break;
                case "--summary": o.SummaryFile = Path.GetFullPath(Value()); break;
                case "--concurrency": o.Concurrency = Bounded(int.Parse(Value(), CultureInfo.InvariantCulture), 1, 256, name); break;
                case "--warmup": o.Warmup = TimeSpan.FromSeconds(Bounded(double.Parse(Value(), CultureInfo.InvariantCulture), 0, 60, name)); break;
                case "--duration": o.Duration = TimeSpan.FromSeconds(Bounded(double.Parse(Value(), CultureInfo.InvariantCulture), 0.5, 600, name)); break;
                case "--rounds": o.Rounds = Bounded(int.Parse(Value(), CultureInfo.InvariantCulture), 1, 100, name); break;
                case "--quick":
                    o.Warmup = TimeSpan.FromSeconds(1);
                    o.Duration = TimeSpan.FromSeconds(3);
                    o.Rounds = 2;
                    o.Ramp = TimeSpan.FromSeconds(0.3);
                    o.ProfileRequests = 15;
                    break;
                case "--large": o.Large = true; break;
                case "--only":
                    o.Only = Value() switch
                    {
                        "queue" => "queue",
                        var other => throw new ArgumentException($"--only {other}: only 'queue' is known"),
                    };
                    o.Large = true;
                    break;
                case "--orgs": o.Organizations = Bounded(int.Parse(Value(), CultureInfo.InvariantCulture), 1, 10_000_000, name); break;
                case "--requests": o.ServiceRequests = Bounded(int.Parse(Value(), CultureInfo.InvariantCulture), 0, 100_000_000, name); break;
                case "--pg-durable": o.PostgresDurable = bool.Parse(Value()); break;
                case "--no-profile": o.Profile = false; break;
                case "--seconds": o.Seconds = TimeSpan.FromSeconds(Bounded(double.Parse(Value(), CultureInfo.InvariantCulture), 1, 3600, name)); break;
                case "--scenario": o.Scenario = Value(); break;
                case "--log-sql": o.LogSql = true; break;
                case "--against": o.Against = Path.GetFullPath(Value()); break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }
        if (o.WorkDir.Length == 0 || (o.ServerDll.Length == 0 && command != "load"))
            throw new ArgumentException("--work and --server-dll are required");
        if (command != "load" && o.Provider == Provider.Postgres && string.IsNullOrEmpty(o.PostgresAdmin))
            throw new ArgumentException("--pg-admin is required for postgres");
        return o;
    }

    private static T Bounded<T>(T value, T min, T max, string name) where T : IComparable<T> =>
        value.CompareTo(min) >= 0 && value.CompareTo(max) <= 0 ? value : throw new ArgumentException($"{name} must be within {min}..{max}");
}
