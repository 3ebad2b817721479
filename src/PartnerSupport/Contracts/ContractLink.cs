namespace PartnerSupport.Contracts;

/// <summary>An account that proved it holds a contract's Access ID and Contract ID.</summary>
public sealed class ContractLink
{
    public Guid Id { get; set; }
    public Guid SupportContractId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset LinkedAt { get; set; }

    public SupportContract? SupportContract { get; set; }
}
