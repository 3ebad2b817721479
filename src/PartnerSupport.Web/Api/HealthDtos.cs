using System.ComponentModel;

namespace PartnerSupport.Web.Api;

/// <summary>The node can serve: <c>healthy</c>, <c>live</c> or <c>ready</c>.</summary>
public sealed record HealthDto([property: OneOf("healthy", "live", "ready")] string Status);

/// <summary>The node cannot serve, and why.</summary>
public sealed record HealthUnavailableDto([property: OneOf("unavailable")] string Status, [property: Description("What is missing: the database, or the migrations still pending.")] string Reason);
