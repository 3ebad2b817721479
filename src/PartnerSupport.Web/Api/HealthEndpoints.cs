using PartnerSupport.Storage;

namespace PartnerSupport.Web.Api;

/// <summary>
/// For load balancers and orchestrators: live says the process answers (restart it if not);
/// ready says this node can serve (send it traffic), which needs the database and every migration.
/// </summary>
public static class HealthEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", async (AppDbContext db, CancellationToken ct) =>
                await db.Database.CanConnectAsync(ct) ? Results.Ok(new { status = "healthy" }) : Unavailable("database unreachable"))
            .AllowAnonymous();

        app.MapGet("/healthz/live", () => Results.Ok(new { status = "live" })).AllowAnonymous();

        app.MapGet("/healthz/ready", async (AppDbContext db, SchemaMigrator migrator, CancellationToken ct) =>
            {
                if (!await db.Database.CanConnectAsync(ct))
                    return Unavailable("database unreachable");
                var pending = await migrator.PendingAsync(ct);
                return pending.Count == 0
                    ? Results.Ok(new { status = "ready" })
                    : Unavailable($"migrations pending: {string.Join(", ", pending)}");
            })
            .AllowAnonymous();
    }

    private static IResult Unavailable(string reason) =>
        Results.Json(new { status = "unavailable", reason }, statusCode: StatusCodes.Status503ServiceUnavailable);
}
