using PartnerSupport.Accounts;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

/// <summary>The program's own people: operators and support engineers, who belong to no organization.</summary>
public static class StaffEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Staff");

        api.MapPost("/staff", (CreateStaffInput body, CreateStaff uc, HttpContext http) =>
            uc.RunAsync(http.Caller(), body).Respond(http, u => TypedResults.Created($"/v1/users/{u.Id}", UserDto.From(u))))
            .WithName("CreateStaff")
            .WithSummary("Add an operator or a support engineer")
            .WithDescription("Operators. `roles`: `operator` (the back office, and everything a support engineer does) and/or `supportEngineer` "
                + "(works the queue of every organization's requests; no back office). The account belongs to no organization. "
                + "`password` is required here; to let the person choose their own, invite them with `POST /v1/staff/invitations`.")
            .WithRequestExample(new CreateStaffInput("sam@support.example", "Sam Engineer", ["supportEngineer"], "Choose-A-Passw0rd"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status409Conflict, "email-taken");

        api.MapPost("/staff/invitations", (InviteStaffInput body, InviteStaff uc, TimeProvider time, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), body, ct).Respond(http, i => TypedResults.Created($"/v1/staff/invitations/{i.Invitation.Id}", InvitationDto.From(i.Invitation, time.GetUtcNow()))))
            .WithName("InviteStaff")
            .WithSummary("Invite an operator or a support engineer")
            .WithDescription("Operators. `roles` as for `POST /v1/staff`. An e-mail in the operator's language, sent even to people who turned "
                + "notifications off, carries a one-time link to `/account/invitation?token=...` (`Invitations:Lifetime`, default 7 days); the staff "
                + "account (no organization) is created only when the invitee accepts with `POST /v1/invitations/accept`, so nobody who never "
                + "joined can be assigned work. An e-mail that already has an account: 409 `email-taken`.")
            .WithRequestExample(new InviteStaffInput("sam@support.example", "Sam Engineer", ["supportEngineer"]))
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
