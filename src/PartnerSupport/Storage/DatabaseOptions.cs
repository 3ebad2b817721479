using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Storage;

public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "PartnerSupport";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Where the embedded default keeps its files (the SQLite database, the demo password). Empty:
    /// <c>$XDG_DATA_HOME/partnersupport</c>, else <c>~/.local/share/partnersupport</c>.
    /// </summary>
    public string? DataFolder { get; set; }

    /// <summary>
    /// The one rule by which the server and psctl find the same database whatever their working
    /// folder: relative paths (the default database, a relative SQLite <c>Data Source</c>, the
    /// demo password file) are taken from the data folder, never from the working folder, since
    /// <c>dotnet run</c> starts each project in its own folder.
    /// </summary>
    public string ResolveDataFolder()
    {
        if (!string.IsNullOrWhiteSpace(DataFolder))
            return Path.GetFullPath(DataFolder);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        // A service account without a home folder keeps its data beside the working folder.
        return string.IsNullOrEmpty(home) ? Path.GetFullPath("data") : Path.Combine(home, "partnersupport");
    }

    public string ResolvePath(string path) => Path.IsPathRooted(path) ? path : Path.Combine(ResolveDataFolder(), path);

    /// <summary>The SQLite connection string with its file placed by <see cref="ResolvePath"/>.</summary>
    public string SqliteConnectionString(string? configured)
    {
        var builder = new SqliteConnectionStringBuilder(configured ?? "Data Source=partnersupport.db");
        var source = builder.DataSource;
        // In-memory and URI file names say exactly where they are; only plain relative paths move.
        if (source.Length > 0 && source != ":memory:" && !source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && builder.Mode != SqliteOpenMode.Memory)
            builder.DataSource = ResolvePath(source);
        return builder.ToString();
    }

    public IEnumerable<string> Problems()
    {
        if (!Enum.IsDefined(Provider))
            yield return $"{Section}:{nameof(Provider)} must be Sqlite or Postgres (got {Provider}).";
    }

    public sealed class Validator : IValidateOptions<DatabaseOptions>
    {
        public ValidateOptionsResult Validate(string? name, DatabaseOptions options) => Settings.Result(options.Problems());
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
