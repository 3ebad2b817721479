using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Casework;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

public static class ServiceRequestEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Service requests");

        api.MapPost("/servicerequests/{agentLocale}", (
                [Description("The language the support engineer should speak, such as `en-US` (Partner Center's path).")] string agentLocale,
                CreateServiceRequestInput body,
                [FromHeader(Name = "Idempotency-Key"), Description("Retry with the same key and body: the first answer comes back and nothing more is consumed (kept `Idempotency:Retention`).")] string? idempotencyKey,
                CreateServiceRequest uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), agentLocale, body, idempotencyKey, ct: ct).Respond(http, r =>
                TypedResults.Created($"/v1/servicerequests/{r.Request.Id}", ServiceRequestDto.From(r))))
            .WithName("CreateServiceRequest")
            .WithSummary("Open a service request")
            .WithDescription("Any signed-in account, with a contract it linked (`supportContractId`) or, for an organization in the `csp` program, "
                + "`supportPlan: \"cloudSolutionProvider\"` for an Azure product. Takes one incident (or holds it, for contracts that decrement on resolution) "
                + "in the same transaction. `severity`: `critical`, `moderate` or `minimal`; `supportTopicId`: one of the support topics. "
                + "`workload` belongs to requests for a CSP customer only.")
            .WithRequestExample(new CreateServiceRequestInput("SQL Server does not start", "Event log shows error 41 after the update.", "moderate",
                new Guid("0193a2f0-5c1e-7b3a-9d4e-2f6a8b1c3d5e"), new Guid("0193a2f0-6d2f-7c4b-8e5f-3a7b9c2d4e6f"), null, "errors"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status409Conflict, "no-incidents-remaining", "contract-expired", "contract-not-started", "idempotency-key-in-use")
            .Refuses(StatusCodes.Status422UnprocessableEntity, "product-not-found", "product-not-covered", "idempotency-key-reused");

        api.MapGet("/servicerequests/supporttopics", () =>
            TypedResults.Ok(ItemsDto.Of(SupportTopics.All.Select(SupportTopicDto.From))))
            .WithName("ListSupportTopics")
            .WithSummary("What a request can be about")
            .WithDescription("Any signed-in account.");

        api.MapGet("/servicerequests/{id:guid}", (Guid id, GetServiceRequest uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, r => TypedResults.Ok(ServiceRequestDto.From(r))))
            .WithName("GetServiceRequest")
            .WithSummary("A service request")
            .WithDescription("Its creator, the users of its organization, staff; anyone else gets 404.")
            .Refuses(StatusCodes.Status404NotFound, "service-request-not-found");

        api.MapPatch("/servicerequests/{id:guid}", (Guid id, UpdateServiceRequestInput body, UpdateServiceRequest uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).Respond(http, r => TypedResults.Ok(ServiceRequestDto.From(r))))
            .WithName("UpdateServiceRequest")
            .WithSummary("Close, reopen or write to a service request")
            .WithDescription("Whoever may read the request. `{status: \"closed\", resolution}` with `resolution` one of `resolved`, `duplicate`, "
                + "`notAnIncident`, `productBug`, `cancelled` (all but `resolved` give the incident back), or `{status: \"open\"}` to reopen "
                + "(takes it again). Staff only: `{status: \"attention_needed\"}`, waiting on the partner (a partner's message sets it back to `open`). "
                + "`{newNote: {text}}` adds a public message from the caller (Partner Center's way), before any status change in the same body. "
                + "Sending the state the request is already in changes nothing.")
            .WithRequestExample(new UpdateServiceRequestInput("closed", "resolved"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "service-request-not-found")
            .Refuses(StatusCodes.Status409Conflict, "service-request-changed", "no-incidents-remaining", "service-request-closed");

        api.MapPost("/servicerequests/{id:guid}/responses", (Guid id, RecordResponseInput body, RecordResponse uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).Respond(http, r => TypedResults.Ok(ServiceRequestDto.From(r))))
            .WithName("RecordResponse")
            .WithSummary("Answer a service request")
            .WithDescription("Staff (operators and support engineers). The same as a public message (`POST .../messages`): the first one sets "
                + "`firstResponseAt`; later ones never move it. Answers the updated request.")
            .WithRequestExample(new RecordResponseInput("We are looking into it: please send the cluster log."))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "service-request-not-found")
            .Refuses(StatusCodes.Status409Conflict, "service-request-closed");

        api.MapGet("/servicerequests/{id:guid}/responses", (Guid id, ListResponses uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(ServiceRequestResponseDto.From)))))
            .WithName("ListResponses")
            .WithSummary("The answers given on a request")
            .WithDescription("Whoever may read the request: its public staff messages, oldest first, `author` by e-mail.")
            .Refuses(StatusCodes.Status404NotFound, "service-request-not-found");

        api.MapGet("/servicerequests/breaches", (ListBreaches uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(ServiceRequestDto.From)))))
            .WithName("ListBreaches")
            .WithSummary("Requests that missed their response target")
            .WithDescription("Staff (every organization's) and an organization's `globalAdmin` or `mpnPartnerAdmin` (their own); others 403. "
                + "Most overdue first, at most 500.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized");

        api.MapGet("/servicerequests", ([Description("The `continuationToken` of the previous page.")] string? continuationToken,
                ListServiceRequests uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), continuationToken, ct).Respond(http, page => TypedResults.Ok(ServiceRequestPageDto.From(page))))
            .WithName("ListServiceRequests")
            .WithSummary("The caller's service requests")
            .WithDescription("Any signed-in account: its organization's requests and those it created, newest first, 50 a page.")
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed");
    }
}
