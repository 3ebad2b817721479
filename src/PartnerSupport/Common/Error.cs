namespace PartnerSupport.Common;

/// <summary>
/// A refusal a use case returns instead of throwing. <see cref="Code"/> is the stable slug clients
/// match on; <see cref="MessageKey"/> names the sentence in Resources/Messages, formatted with
/// <see cref="Args"/> in the caller's language.
/// </summary>
public sealed record Error(ErrorKind Kind, string Code, string MessageKey, params object[] Args)
{
    public IReadOnlyDictionary<string, string[]>? FieldErrors { get; init; }

    /// <summary>For <see cref="ErrorKind.TooManyRequests"/>: when the caller may try again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Error NotFound(string code, string messageKey, params object[] args) => new(ErrorKind.NotFound, code, messageKey, args);
    public static Error Conflict(string code, string messageKey, params object[] args) => new(ErrorKind.Conflict, code, messageKey, args);
    public static Error Unprocessable(string code, string messageKey, params object[] args) => new(ErrorKind.Unprocessable, code, messageKey, args);
    public static Error TooLarge(string code, string messageKey, params object[] args) => new(ErrorKind.TooLarge, code, messageKey, args);
    public static Error UnsupportedMediaType(string code, string messageKey, params object[] args) => new(ErrorKind.UnsupportedMediaType, code, messageKey, args);
    public static Error Forbidden() => new(ErrorKind.Forbidden, ErrorCodes.NotAuthorized, "NotAuthorized");

    public static Error Validation(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        new(ErrorKind.Validation, ErrorCodes.ValidationFailed, "ValidationFailed") { FieldErrors = fieldErrors };

    public static Error Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });
}

public enum ErrorKind
{
    Validation,
    NotFound,
    Conflict,
    Unprocessable,
    Forbidden,
    Unauthorized,
    TooManyRequests,
    TooLarge,
    UnsupportedMediaType,
}

/// <summary>The outcome of a use case: a value, or an <see cref="Error"/>.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }
    public bool IsSuccess => Error is null;
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"No value: {Error!.Code}");

    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(Error error) => new(default, error);

    /// <summary>For interface-typed values, which C# will not convert implicitly.</summary>
    public static Result<T> From(T value) => new(value, null);
}
