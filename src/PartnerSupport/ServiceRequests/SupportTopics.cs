namespace PartnerSupport.ServiceRequests;

public sealed record SupportTopic(string Id, string Name, string Description);

/// <summary>What a request is about, so it reaches the right engineers.</summary>
public static class SupportTopics
{
    public static IReadOnlyList<SupportTopic> All { get; } =
    [
        new("installation", "Installation and setup", "Installing, upgrading or configuring a product"),
        new("performance", "Performance", "Slowness, high resource use, timeouts"),
        new("errors", "Error messages", "A specific error message or failure"),
        new("connectivity", "Connectivity", "Network, sign-in or service reachability problems"),
        new("data", "Data loss or corruption", "Missing, damaged or unrecoverable data"),
        new("security", "Security", "Vulnerabilities, compromised accounts, permissions"),
        new("licensing", "Licensing and activation", "Product keys, activation, subscription entitlements"),
        new("other", "Other", "Functionality that is not working as expected"),
    ];

    public static SupportTopic? Find(string? id) => All.FirstOrDefault(t => t.Id == id);
}
