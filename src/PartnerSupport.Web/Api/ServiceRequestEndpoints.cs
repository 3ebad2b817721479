using Microsoft.AspNetCore.Mvc;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

public static class ServiceRequestEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/servicerequests/{agentLocale}", (string agentLocale, CreateServiceRequestInput body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
                CreateServiceRequest uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), agentLocale, body, idempotencyKey, ct: ct).RespondLegacy(http, r =>
                Results.Created($"/v1/servicerequests/{r.Request.Id}", Dtos.ServiceRequest(r))));

        v1.MapGet("/servicerequests/supporttopics", () =>
            Results.Ok(new { items = SupportTopics.All }));

        v1.MapGet("/servicerequests/{id:guid}", (Guid id, GetServiceRequest uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).RespondLegacy(http, r => Results.Ok(Dtos.ServiceRequest(r))));

        v1.MapPatch("/servicerequests/{id:guid}", (Guid id, UpdateServiceRequestInput body, UpdateServiceRequest uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).RespondLegacy(http, r => Results.Ok(Dtos.ServiceRequest(r))));

        v1.MapPost("/servicerequests/{id:guid}/responses", (Guid id, RecordResponseInput body, RecordResponse uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).RespondLegacy(http, r => Results.Ok(Dtos.ServiceRequest(r))));

        v1.MapGet("/servicerequests/{id:guid}/responses", (Guid id, ListResponses uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).RespondLegacy(http, items => Results.Ok(new { items = items.Select(Dtos.Response) })));

        v1.MapGet("/servicerequests/breaches", (ListBreaches uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), ct).RespondLegacy(http, items => Results.Ok(new { items = items.Select(Dtos.ServiceRequest) })));

        v1.MapGet("/servicerequests", (string? continuationToken, ListServiceRequests uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), continuationToken, ct).RespondLegacy(http, page => Results.Ok(new
            {
                items = page.Items.Select(Dtos.ServiceRequest),
                continuationToken = page.ContinuationToken,
            })));
    }
}
