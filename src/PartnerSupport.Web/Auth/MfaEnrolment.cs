using PartnerSupport.Common;
using PartnerSupport.Web.Api;

namespace PartnerSupport.Web.Auth;

/// <summary>
/// <c>Auth:RequireMfa</c>: an account that must have a second factor and has none may only enrol
/// (and read itself, sign out, change its password) until it has one.
/// </summary>
public static class MfaEnrolment
{
    private sealed class AllowedMarker;

    public static TBuilder AllowedBeforeMfaEnrolment<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowedMarker());

    public static TBuilder RequireMfaEnrolment<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Items[typeof(Caller)] is Caller { MustEnrolMfa: true }
                && http.GetEndpoint()?.Metadata.GetMetadata<AllowedMarker>() is null)
                return Problems.From(new Error(ErrorKind.Forbidden, ErrorCodes.MfaEnrolmentRequired, "MfaEnrolmentRequired"), http);
            return await next(context);
        });
}
