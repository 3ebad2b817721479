using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PartnerSupport.Storage;

namespace PartnerSupport.Migrations.Sqlite;

/// <summary>
/// The context `dotnet ef` builds for this project's migrations. Adding a migration compares the
/// model with the snapshot and opens no database; the connection string matters only to commands
/// that do (`dotnet ef database update`, `migrations list`), and `--connection` overrides it.
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().Use(DatabaseProvider.Sqlite, new DatabaseOptions().SqliteConnectionString(null)).Options);
}
