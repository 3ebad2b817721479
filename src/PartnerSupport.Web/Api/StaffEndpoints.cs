using Microsoft.AspNetCore.Http.HttpResults;
using PartnerSupport.Accounts;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

/// <summary>The program's own people: operators and support engineers, who belong to no organization.</summary>
public static class StaffEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Staff");

        api.MapPost("/staff", async Task<Results<Created<UserDto>, Accepted<InvitationDto>, ProblemHttpResult>> (
                CreateStaffInput body, CreateStaff create, InviteStaff invite, TimeProvider time, HttpContext http, CancellationToken ct) =>
            {
                if (string.IsNullOrEmpty(body.Password))
                {
                    var invited = await invite.RunAsync(http.Caller(), body, ct);
                    return invited.IsSuccess
                        ? TypedResults.Accepted((string?)null, InvitationDto.From(invited.Value.Invitation, time.GetUtcNow()))
                        : Problems.From(invited.Error!, http);
                }
                var created = await create.RunAsync(http.Caller(), body);
                return created.IsSuccess ? TypedResults.Created($"/v1/users/{created.Value.Id}", UserDto.From(created.Value)) : Problems.From(created.Error!, http);
            })
            .WithName("CreateStaff")
            .WithSummary("Add an operator or a support engineer")
            .WithDescription("Operators. `roles`: `operator` (the back office, and everything a support engineer does) and/or `supportEngineer` "
                + "(works the queue of every organization's requests; no back office). The account belongs to no organization. "
                + "With a `password`: 201 and the account. Without one: 202 and an invitation (`status: pending`): the account is created only "
                + "when the invitee accepts with `POST /v1/invitations/accept` from the link in the e-mail (`Invitations:Lifetime`, default 7 days), "
                + "so no account without a password ever exists. An e-mail that already has an account: 409 `email-taken`.")
            .WithRequestExample(new CreateStaffInput("sam@support.example", "Sam Engineer", ["supportEngineer"], "Choose-A-Passw0rd"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status409Conflict, "email-taken");

        api.MapGet("/staff", (ListStaff uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(UserDto.From)))))
            .WithName("ListStaff")
            .WithSummary("The staff")
            .WithDescription("Staff (operators and support engineers): every staff account, by name; whom a request can be assigned to.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized");
    }
}
