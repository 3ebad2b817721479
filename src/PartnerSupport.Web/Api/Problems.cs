using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Common;
using PartnerSupport.Resources;

namespace PartnerSupport.Web.Api;

/// <summary>The one place where refusals become RFC 9457 problem details with a stable code.</summary>
public static class Problems
{
    public static ProblemHttpResult From(Error error, HttpContext http)
    {
        var status = error.Kind switch
        {
            ErrorKind.Validation => StatusCodes.Status400BadRequest,
            ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            ErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
            ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status400BadRequest,
        };
        if (error.RetryAfter is { } wait)
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.FieldErrors is not null)
            extensions["errors"] = error.FieldErrors;
        return TypedResults.Problem(
            statusCode: status,
            detail: Messages.Get(error.MessageKey, error.Args),
            extensions: extensions);
    }

    /// <summary>
    /// Responses the framework makes itself (malformed JSON, unknown route, 401, 405, 413, 500)
    /// get a code and a sentence too, so every error a client sees has the same shape.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code"))
            return;
        var (code, key) = problem.Status switch
        {
            400 => ("malformed-request", "MalformedRequest"),
            401 => ("unauthenticated", "Unauthenticated"),
            403 => ("not-authorized", "NotAuthorized"),
            404 => ("not-found", "NotFound"),
            405 => ("method-not-allowed", "MethodNotAllowed"),
            413 => ("payload-too-large", "PayloadTooLarge"),
            415 => ("unsupported-media-type", "UnsupportedMediaType"),
            429 => ("too-many-requests", "Throttled"),
            _ => ("internal-error", "InternalError"),
        };
        problem.Extensions["code"] = code;
        problem.Detail = Messages.Get(key);
        if (BadRequestReason(context.Exception) is { Length: > 0 } reason)
            problem.Extensions["reason"] = reason;
        problem.Extensions.Remove("exception");
    }

    private static string? BadRequestReason(Exception? exception) =>
        exception switch
        {
            BadHttpRequestException { InnerException: System.Text.Json.JsonException json } => json.Message,
            BadHttpRequestException bad => bad.Message,
            _ => null,
        };

    /// <summary>
    /// The answer of a use case: <paramref name="ok"/>'s typed result, or the refusal as a problem.
    /// Typed, so the OpenAPI document shows the success body of every endpoint.
    /// </summary>
    public static Results<TOk, ProblemHttpResult> Respond<T, TOk>(this Result<T> result, HttpContext http, Func<T, TOk> ok)
        where TOk : IResult =>
        result.IsSuccess ? ok(result.Value) : From(result.Error!, http);

    public static async Task<Results<TOk, ProblemHttpResult>> Respond<T, TOk>(this Task<Result<T>> result, HttpContext http, Func<T, TOk> ok)
        where TOk : IResult =>
        (await result).Respond(http, ok);
}
