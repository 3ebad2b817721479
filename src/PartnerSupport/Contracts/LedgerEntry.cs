namespace PartnerSupport.Contracts;

/// <summary>
/// One change to a contract's balance. Entries are only ever added: the balance is explained by
/// their sum. For unlimited contracts the deltas count usage and BalanceAfter is null.
/// </summary>
public sealed class LedgerEntry
{
    public long Id { get; set; }
    public Guid SupportContractId { get; set; }
    public DateTimeOffset At { get; set; }
    public int Delta { get; set; }
    public int? BalanceAfter { get; set; }
    public LedgerKind Kind { get; set; }
    public Guid? ServiceRequestId { get; set; }
    public string Actor { get; set; } = "";
    public string? Note { get; set; }
}

public enum LedgerKind
{
    Grant,
    Consume,
    Refund,
    Expire,
    Adjust,
}
