using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Casework;

/// <summary>
/// One message of a request's conversation. Public ones are the conversation partners follow
/// (Partner Center's notes); internal ones are staff's notes to each other and never reach a partner.
/// </summary>
public sealed class Message
{
    public const int MaxLength = 20_000;

    public Guid Id { get; set; }
    public Guid ServiceRequestId { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>Null for answers recorded before accounts were kept with them.</summary>
    public Guid? AuthorUserId { get; set; }

    /// <summary>The author's name when the message was written, so renaming an account leaves history as it was.</summary>
    public string AuthorName { get; set; } = "";

    public MessageSide Side { get; set; }
    public MessageVisibility Visibility { get; set; }
    public string Text { get; set; } = "";

    /// <summary>The text folded as <see cref="ServiceRequest.Fold"/> does, for the queue's search.</summary>
    public string SearchText { get; set; } = "";

    public bool IsPublic => Visibility == MessageVisibility.Public;
}

public enum MessageSide
{
    Partner,
    Staff,
}

public enum MessageVisibility
{
    Public,
    Internal,
}
