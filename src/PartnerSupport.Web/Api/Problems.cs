using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Common;
using PartnerSupport.Resources;
using PartnerSupport.Storage;

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
            ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
            ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
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

    /// <summary>How long a client should wait before trying again while the database is unreachable.</summary>
    public static readonly TimeSpan DatabaseRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The status of a request that failed with an exception. Unreadable input is the client's
    /// mistake: 400 (or its own status), never a 500. An unreachable database is an outage the
    /// client can wait out: 503, as the readiness probe says. Anything else is our bug: 500.
    /// </summary>
    public static int StatusCodeFor(Exception exception) =>
        exception switch
        {
            BadHttpRequestException bad => bad.StatusCode,
            _ when exception.IsUnavailable() => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status500InternalServerError,
        };

    /// <summary>
    /// Responses the framework makes itself (malformed JSON, unknown route, 401, 405, 413, 500,
    /// 503) get a code and a sentence too, so every error a client sees has the same shape.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code"))
            return;
        var duplicate = DuplicateProperty(context.Exception);
        var unavailable = problem.Status == StatusCodes.Status503ServiceUnavailable && context.Exception.IsUnavailable();
        var (code, key) = problem.Status switch
        {
            400 when duplicate is not null => (ErrorCodes.ValidationFailed, "ValidationFailed"),
            400 => (ErrorCodes.MalformedRequest, "MalformedRequest"),
            401 => (ErrorCodes.Unauthenticated, "Unauthenticated"),
            403 => (ErrorCodes.NotAuthorized, "NotAuthorized"),
            404 => (ErrorCodes.NotFound, "NotFound"),
            405 => (ErrorCodes.MethodNotAllowed, "MethodNotAllowed"),
            413 => (ErrorCodes.PayloadTooLarge, "PayloadTooLarge"),
            415 => (ErrorCodes.UnsupportedMediaType, "UnsupportedMediaType"),
            429 => (ErrorCodes.TooManyRequests, "Throttled"),
            503 when unavailable => (ErrorCodes.DatabaseUnavailable, "DatabaseUnavailable"),
            _ => (ErrorCodes.InternalError, "InternalError"),
        };
        problem.Extensions["code"] = code;
        problem.Detail = Messages.Get(key);
        if (duplicate is not null)
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [duplicate] = ["appears more than once: send each property once"] };
        else if (BadRequestReason(context.Exception) is { Length: > 0 } reason)
            problem.Extensions["reason"] = reason;
        if (unavailable)
            context.HttpContext.Response.Headers.RetryAfter = ((int)DatabaseRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
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
    /// The property a body named twice ({"title":"a","title":"b"}, or Title and title), which
    /// the JSON options refuse rather than letting the last one win; null for any other failure.
    /// System.Text.Json marks this case only in its message, which names the property as the
    /// API does; the path leads to it (as the body spelled it) when it is nested.
    /// </summary>
    private static string? DuplicateProperty(Exception? exception)
    {
        const string Marker = "Duplicate property '";
        if (exception is not BadHttpRequestException { InnerException: System.Text.Json.JsonException { Path: { } path } json }
            || !json.Message.StartsWith(Marker, StringComparison.Ordinal))
            return null;
        var end = json.Message.IndexOf('\'', Marker.Length);
        if (end <= Marker.Length)
            return null;
        var name = json.Message[Marker.Length..end];
        var dot = path.LastIndexOf('.');
        return path.StartsWith("$.", StringComparison.Ordinal) && dot > 1 ? $"{path[2..dot]}.{name}" : name;
    }

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
