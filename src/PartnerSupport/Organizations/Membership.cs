namespace PartnerSupport.Organizations;

/// <summary>A membership offer an organization holds for a period; it grants benefits.</summary>
public sealed class Membership
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Offer Offer { get; set; }

    /// <summary>The competency of a Silver or Gold membership; null for Action Pack.</summary>
    public string? Competency { get; set; }

    public bool IsCloudCompetency { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public bool IsActiveOn(DateOnly day) => StartDate <= day && day <= EndDate;
}

public enum Offer
{
    ActionPack,
    Silver,
    Gold,
}
