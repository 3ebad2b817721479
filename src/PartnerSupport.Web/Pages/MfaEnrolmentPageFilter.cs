using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PartnerSupport.Common;

namespace PartnerSupport.Web.Pages;

/// <summary>A page an account that must still enrol a second factor may open (Auth:RequireMfa).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AllowedBeforeMfaEnrolmentAttribute : Attribute;

/// <summary>
/// The portal's side of <c>Auth:RequireMfa</c>, as the API's <c>mfa-enrolment-required</c>: an
/// account that must have a second factor and has none is sent to the page where it enrols,
/// instead of getting pages it may not use. Sign-in, sign-out and the language (the /account
/// folder) and the pages marked <see cref="AllowedBeforeMfaEnrolmentAttribute"/> stay open.
/// </summary>
public sealed class MfaEnrolmentPageFilter : IAsyncPageFilter
{
    public const string EnrolmentPage = "/account/security";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HttpContext.Items[typeof(Caller)] is Caller { MustEnrolMfa: true } && !Allowed(context.ActionDescriptor))
        {
            context.Result = new Microsoft.AspNetCore.Mvc.RedirectResult(EnrolmentPage);
            return;
        }
        await next();
    }

    private static bool Allowed(CompiledPageActionDescriptor page) =>
        page.ViewEnginePath.StartsWith("/Account/", StringComparison.OrdinalIgnoreCase)
        || page.ModelTypeInfo?.IsDefined(typeof(AllowedBeforeMfaEnrolmentAttribute), inherit: false) == true;
}
