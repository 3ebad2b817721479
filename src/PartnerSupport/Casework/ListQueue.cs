using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Accounts;
using PartnerSupport.Common;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Casework;

public sealed record QueueFilter(
    string? Status = null,
    string? Severity = null,
    Guid? OrganizationId = null,
    Guid? ProductId = null,
    string? AssignedTo = null,
    bool? Breached = null,
    string? Q = null,
    string? ContinuationToken = null,
    int? PageSize = null);

/// <summary>
/// The staff's queue: every organization's requests, the most urgent first (response due time,
/// then creation), filtered, in pages. The continuation token is the last row's position in that
/// order, so a request created while someone pages never shifts, repeats or hides another.
/// </summary>
public sealed class ListQueue(AppDbContext db, TimeProvider time)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public async Task<Result<ServiceRequestPage>> RunAsync(Caller caller, QueueFilter filter, CancellationToken ct = default)
    {
        if (!caller.IsStaff)
            return Error.Forbidden();
        var v = new Validator();
        var statuses = ParseList(filter.Status, "status", v, s => s switch
        {
            "open" => ServiceRequestStatus.Open,
            "attention_needed" => ServiceRequestStatus.AttentionNeeded,
            "closed" => ServiceRequestStatus.Closed,
            "none" => ServiceRequestStatus.None,
            _ => (ServiceRequestStatus?)null,
        }, "open, attention_needed, closed or none (several separated by commas)") ?? [ServiceRequestStatus.Open, ServiceRequestStatus.AttentionNeeded];
        var severities = ParseList(filter.Severity, "severity", v, CreateServiceRequest.ParseSeverity, "critical, moderate or minimal (several separated by commas)");
        var assignee = ParseAssignee(filter.AssignedTo, caller, v);
        var pageSize = filter.PageSize ?? DefaultPageSize;
        v.Check(pageSize is >= 1 and <= MaxPageSize, "pageSize", $"must be from 1 to {MaxPageSize}");
        var q = filter.Q?.Trim();
        v.Check(q is null || q.Length <= 200, "q", "must be at most 200 characters");
        Position? after = null;
        if (filter.ContinuationToken is { } token && !Position.TryParse(token, out after))
            v.Add("continuationToken", "is not a token this service issued");
        if (!v.IsValid)
            return v.ToError();

        var now = time.GetUtcNow();
        var query = db.ServiceRequests.AsNoTracking();
        if (severities is not null)
            query = query.Where(r => severities.Contains(r.Severity));
        if (filter.OrganizationId is { } orgId)
            query = query.Where(r => r.OrganizationId == orgId);
        if (filter.ProductId is { } productId)
            query = query.Where(r => r.ProductId == productId);
        if (assignee is { } a)
            query = a == Guid.Empty ? query.Where(r => r.AssignedToUserId == null) : query.Where(r => r.AssignedToUserId == a);
        if (filter.Breached == true)
            query = query.Where(ServiceRequest.BreachedAt(now));
        else if (filter.Breached == false)
            query = query.Where(Not(ServiceRequest.BreachedAt(now)));
        if (!string.IsNullOrEmpty(q))
        {
            var matching = QueueSearch.Matching(db, q);
            query = query.Where(r => matching.Contains(r.Id));
        }
        if (after is { } p)
        {
            // Every request has a due time (set at creation; migration 0003 dated the older ones).
            // The first term is implied by the rest; it is there so the database seeks to the page
            // in the index instead of reading every row before it.
            query = query.Where(r => r.ResponseDueAt >= p.DueAt && (r.ResponseDueAt > p.DueAt
                || (r.ResponseDueAt == p.DueAt && (r.CreatedDate > p.CreatedDate
                    || (r.CreatedDate == p.CreatedDate && r.Id.CompareTo(p.Id) > 0)))));
        }
        // One ordered, limited read per status, merged: each walks the (Status, ResponseDueAt,
        // CreatedDate, Id) index from the page's start, where "Status IN (...)" would make the
        // database sort every active request for each page.
        IQueryable<ServiceRequest>? merged = null;
        foreach (var status in statuses)
        {
            var one = query.Where(r => r.Status == status)
                .OrderBy(r => r.ResponseDueAt).ThenBy(r => r.CreatedDate).ThenBy(r => r.Id).Take(pageSize + 1);
            merged = merged is null ? one : merged.Concat(one);
        }
        var rows = await merged!.OrderBy(r => r.ResponseDueAt).ThenBy(r => r.CreatedDate).ThenBy(r => r.Id)
            .Take(pageSize + 1).ToListAsync(ct);
        var page = rows.Take(pageSize).ToList();
        var next = rows.Count > pageSize ? new Position(page[^1].ResponseDueAt ?? page[^1].CreatedDate, page[^1].CreatedDate, page[^1].Id).ToToken() : null;
        return new ServiceRequestPage(await ServiceRequestViews.LoadAsync(db, page, now, ct), next);
    }

    private static System.Linq.Expressions.Expression<Func<ServiceRequest, bool>> Not(System.Linq.Expressions.Expression<Func<ServiceRequest, bool>> e) =>
        System.Linq.Expressions.Expression.Lambda<Func<ServiceRequest, bool>>(System.Linq.Expressions.Expression.Not(e.Body), e.Parameters);

    private static List<T>? ParseList<T>(string? value, string field, Validator v, Func<string, T?> parse, string expected) where T : struct
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var parsed = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => parse(s)).ToList();
        if (parsed.Count == 0 || parsed.Any(p => p is null))
        {
            v.Add(field, "must be " + expected);
            return null;
        }
        return [.. parsed.Select(p => p!.Value).Distinct()];
    }

    /// <summary>null: anyone's; Guid.Empty: unassigned; otherwise that user's.</summary>
    private static Guid? ParseAssignee(string? value, Caller caller, Validator v) => value switch
    {
        null or "" => null,
        "me" => caller.UserId,
        "unassigned" => Guid.Empty,
        _ when Guid.TryParse(value, out var id) && id != Guid.Empty => id,
        _ => Fail(v),
    };

    private static Guid? Fail(Validator v)
    {
        v.Add("assignedTo", "must be me, unassigned or a staff user's id");
        return null;
    }

    /// <summary>Where a page ended: the last row's due time, creation time and id, as an opaque URL-safe token.</summary>
    private sealed record Position(DateTimeOffset DueAt, DateTimeOffset CreatedDate, Guid Id)
    {
        private const byte Version = 1;

        public string ToToken()
        {
            Span<byte> bytes = stackalloc byte[33];
            bytes[0] = Version;
            BinaryPrimitives.WriteInt64BigEndian(bytes[1..], DueAt.UtcTicks);
            BinaryPrimitives.WriteInt64BigEndian(bytes[9..], CreatedDate.UtcTicks);
            Id.TryWriteBytes(bytes[17..], bigEndian: true, out _);
            return Microsoft.AspNetCore.WebUtilities.Base64UrlTextEncoder.Encode(bytes.ToArray());
        }

        public static bool TryParse(string token, out Position? position)
        {
            position = null;
            byte[] bytes;
            try
            {
                bytes = Microsoft.AspNetCore.WebUtilities.Base64UrlTextEncoder.Decode(token);
            }
            catch (FormatException)
            {
                return false;
            }
            if (bytes.Length != 33 || bytes[0] != Version)
                return false;
            var due = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
            var created = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(9));
            if (due is < 0 || due > DateTimeOffset.MaxValue.UtcTicks || created < 0 || created > DateTimeOffset.MaxValue.UtcTicks)
                return false;
            position = new Position(new DateTimeOffset(due, TimeSpan.Zero), new DateTimeOffset(created, TimeSpan.Zero), new Guid(bytes.AsSpan(17, 16), bigEndian: true));
            return true;
        }
    }
}
