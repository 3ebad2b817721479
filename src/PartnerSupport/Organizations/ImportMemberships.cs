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

/// <summary>
/// RFC 4180 CSV through CsvHelper's parser: quoted fields may hold commas, quotes ("") and line
/// breaks. Every record is returned as its fields, whatever their count, so that the importer
/// refuses a short or long line by itself (with its number) instead of the whole file failing;
/// blank lines are skipped, a stray quote inside an unquoted field is kept as it is.
/// </summary>
public static class Csv
{
    private static readonly CsvHelper.Configuration.CsvConfiguration Rfc4180 = new(CultureInfo.InvariantCulture)
    {
        Mode = CsvHelper.CsvMode.RFC4180,
        HasHeaderRecord = false,
        IgnoreBlankLines = true,
        BadDataFound = null,
        MissingFieldFound = null,
        DetectColumnCountChanges = false,
    };

    public static IEnumerable<IReadOnlyList<string>> Read(TextReader reader)
    {
        using var parser = new CsvHelper.CsvParser(reader, Rfc4180, leaveOpen: true);
        while (parser.Read())
        {
            if (parser.Record is { } record)
                yield return record;
        }
    }

    public static string Escape(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
