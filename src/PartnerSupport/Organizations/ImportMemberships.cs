using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Organizations;

public enum ImportOutcome
{
    Created,
    Unchanged,
    Refused,
}

public sealed record ImportLine(int Line, string PartnerId, ImportOutcome Outcome, string Message);

/// <summary>
/// Loads organizations and memberships from the partner records, one CSV line each:
/// partnerId,name,programs,countryCode,offer,competency,startDate,endDate (programs as
/// "mpn;csp"). Each line is judged on its own; a line already loaded changes nothing, so a
/// re-import of the same file reports every line unchanged.
/// </summary>
public sealed class ImportMemberships(AppDbContext db, CreateOrganization createOrganization, AddMembership addMembership)
{
    public static readonly string[] Header = ["partnerId", "name", "programs", "countryCode", "offer", "competency", "startDate", "endDate"];

    public async Task<Result<IReadOnlyList<ImportLine>>> RunAsync(Caller caller, TextReader csv, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        var rows = Csv.Read(csv).ToList();
        if (rows.Count == 0 || !rows[0].Select(h => h.Trim()).SequenceEqual(Header, StringComparer.OrdinalIgnoreCase))
            return Error.Validation("header", "the first line must be " + string.Join(",", Header));

        var report = new List<ImportLine>();
        for (var i = 1; i < rows.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            report.Add(await ImportAsync(caller, i + 1, rows[i], ct));
            db.ChangeTracker.Clear();
            progress?.Report(i);
        }
        return report;
    }

    private async Task<ImportLine> ImportAsync(Caller caller, int line, IReadOnlyList<string> cells, CancellationToken ct)
    {
        if (cells.Count != Header.Length)
            return new(line, "", ImportOutcome.Refused, $"expected {Header.Length} fields, found {cells.Count}");
        var (partnerId, name, programs, country, offer, competency, start, end) =
            (cells[0].Trim(), cells[1].Trim(), cells[2].Trim(), cells[3].Trim(), cells[4].Trim(), cells[5].Trim(), cells[6].Trim(), cells[7].Trim());
        if (!DateOnly.TryParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var startDate))
            return new(line, partnerId, ImportOutcome.Refused, "startDate must be yyyy-MM-dd");
        if (!DateOnly.TryParseExact(end, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var endDate))
            return new(line, partnerId, ImportOutcome.Refused, "endDate must be yyyy-MM-dd");

        var offerValue = offer switch { "actionPack" => Offer.ActionPack, "silver" => Offer.Silver, "gold" => Offer.Gold, _ => (Offer?)null };
        if (offerValue is null)
            return new(line, partnerId, ImportOutcome.Refused, "offer must be actionPack, silver or gold");

        var created = new List<string>();
        var org = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.PartnerId == partnerId, ct);
        if (org is null)
        {
            var made = await createOrganization.RunAsync(caller, new CreateOrganizationInput(name, partnerId,
                programs.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), country), ct);
            if (made.IsSuccess)
            {
                org = made.Value;
                created.Add("organization");
            }
            // Another load of the same records created it a moment ago: it is the one to use.
            else if (made.Error!.Code != ErrorCodes.PartnerIdTaken
                || (org = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.PartnerId == partnerId, ct)) is null)
            {
                return new(line, partnerId, ImportOutcome.Refused, Describe(made.Error!));
            }
        }

        var comp = competency.Length == 0 ? null : competency;
        var added = await addMembership.AddUnlessPresentAsync(caller, org.Id, new AddMembershipInput(offer, comp, startDate, endDate), ct);
        if (!added.IsSuccess)
            return new(line, partnerId, ImportOutcome.Refused, Describe(added.Error!));
        if (added.Value)
            created.Add("membership");
        return created.Count == 0
            ? new(line, partnerId, ImportOutcome.Unchanged, "already loaded")
            : new(line, partnerId, ImportOutcome.Created, string.Join(" and ", created) + " created");
    }

    private static string Describe(Error error) =>
        error.FieldErrors is { } fields
            ? string.Join("; ", fields.Select(f => $"{f.Key} {string.Join(", ", f.Value)}"))
            : $"{error.Code}: {Resources.Messages.Get(error.MessageKey, CultureInfo.InvariantCulture, error.Args)}";
}

/// <summary>RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks.</summary>
public static class Csv
{
    public static IEnumerable<IReadOnlyList<string>> Read(TextReader reader)
    {
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                        field.Append((char)reader.Read());
                    else
                        quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0: quoted = true; break;
                case ',': row.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    if (row.Count > 1 || row[0].Length > 0)
                        yield return row;
                    row = [];
                    break;
                default: field.Append(ch); break;
            }
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }

    public static string Escape(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
