using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PartnerSupport.Common;

/// <summary>
/// The one way a configuration section becomes options: bound, checked by its validator, and
/// checked at start, so that a wrong setting stops the start with a line naming its key instead
/// of failing a request later. The rules below word every problem the same way.
/// </summary>
public static class Settings
{
    public static OptionsBuilder<T> AddSettings<T, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, TValidator>());
        return services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }

    public static IEnumerable<string> Positive(string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
            yield return $"{key} must be a positive duration, such as 00:01:00 (got {value}).";
    }

    public static IEnumerable<string> NotNegative(string key, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
            yield return $"{key} must be a duration of zero or more, such as 00:00:05 (got {value}).";
    }

    public static IEnumerable<string> AtLeast(string key, int value, int minimum)
    {
        if (value < minimum)
            yield return $"{key} must be a whole number of at least {minimum} (got {value}).";
    }

    public static IEnumerable<string> HttpUrl(string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)
            && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            yield return $"{key} must be an absolute http or https URL (got {value}).";
    }

    /// <summary>An options class's own problems as a validation result.</summary>
    public static ValidateOptionsResult Result(IEnumerable<string> problems) =>
        problems.ToList() is { Count: > 0 } list ? ValidateOptionsResult.Fail(list) : ValidateOptionsResult.Success;

    /// <summary>
    /// The lines to print for an exception a wrong setting caused, each naming its key; null for
    /// any other exception. A value that does not parse is reported by the configuration binder,
    /// whose message names the key.
    /// </summary>
    public static IReadOnlyList<string>? Describe(Exception exception) => exception switch
    {
        OptionsValidationException e => [.. e.Failures],
        AggregateException e when e.InnerExceptions.Select(Describe).ToList() is var inner && inner.All(l => l is not null) => [.. inner.SelectMany(l => l!)],
        InvalidOperationException e when e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => [e.Message],
        InvalidOperationException { InnerException: { } inner } => Describe(inner),
        _ => null,
    };
}
