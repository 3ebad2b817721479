using Microsoft.AspNetCore.Http.HttpResults;
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
        app.MapGet("/healthz", async Task<Results<Ok<HealthDto>, JsonHttpResult<HealthUnavailableDto>>> (AppDbContext db, CancellationToken ct) =>
                await db.Database.CanConnectAsync(ct) ? TypedResults.Ok(new HealthDto("healthy")) : Unavailable("database unreachable"))
            .Produces<HealthUnavailableDto>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous()
            .WithTags("Health")
            .WithName("Health")
            .WithSummary("The database is reachable")
            .WithDescription("Anyone.");

        app.MapGet("/healthz/live", () => TypedResults.Ok(new HealthDto("live")))
            .AllowAnonymous()
            .WithTags("Health")
            .WithName("Live")
            .WithSummary("The process answers")
            .WithDescription("Anyone. For the process supervisor: restart the node when this does not answer.");

        app.MapGet("/healthz/ready", async Task<Results<Ok<HealthDto>, JsonHttpResult<HealthUnavailableDto>>> (AppDbContext db, SchemaMigrator migrator, CancellationToken ct) =>
            {
                if (!await db.Database.CanConnectAsync(ct))
                    return Unavailable("database unreachable");
                var pending = await migrator.PendingAsync(ct);
                return pending.Count == 0
                    ? TypedResults.Ok(new HealthDto("ready"))
                    : Unavailable($"migrations pending: {string.Join(", ", pending)}");
            })
            .Produces<HealthUnavailableDto>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous()
            .WithTags("Health")
            .WithName("Ready")
            .WithSummary("The node can serve")
            .WithDescription("Anyone. For the load balancer: the database is reachable and every migration is applied.");
    }

    private static JsonHttpResult<HealthUnavailableDto> Unavailable(string reason) =>
        TypedResults.Json(new HealthUnavailableDto("unavailable", reason), statusCode: StatusCodes.Status503ServiceUnavailable);
}
