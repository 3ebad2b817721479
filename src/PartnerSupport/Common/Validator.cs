namespace PartnerSupport.Common;

/// <summary>Collects field errors so a request is refused with every problem at once.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public Validator Require(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
            Add(field, "is required");
        else if (value.Length > maxLength)
            Add(field, $"must be at most {maxLength} characters");
        else if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            Add(field, "must not contain control characters");
        return this;
    }

    public Validator Optional(string field, string? value, int maxLength = 200)
    {
        if (value is not null)
            Require(field, value, maxLength);
        return this;
    }

    public Validator Check(bool condition, string field, string message)
    {
        if (!condition)
            Add(field, message);
        return this;
    }

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
            _errors[field] = list = [];
        list.Add(message);
    }

    public Error ToError() => Error.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
