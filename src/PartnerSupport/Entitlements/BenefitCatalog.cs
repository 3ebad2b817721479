using System.Text.Json;
using System.Text.Json.Serialization;
using PartnerSupport.Contracts;
using PartnerSupport.Organizations;

namespace PartnerSupport.Entitlements;

/// <summary>
/// Which benefits each membership offer and competency grants. Data, not code: the defaults are
/// the source article's table (catalog.default.json); an operator can point Catalog:Path at
/// another file.
/// </summary>
public sealed class BenefitCatalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public required IReadOnlyList<string> CloudCompetencies { get; init; }
    public required IReadOnlyList<CatalogBenefit> Benefits { get; init; }

    /// <summary>Paid partner support plans, for comparison and purchase.</summary>
    public IReadOnlyList<SupportPlan> Plans { get; init; } = [];

    public bool IsCloudCompetency(string? competency) =>
        competency is not null && CloudCompetencies.Contains(competency.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The benefits a membership grants; an offer a benefit does not list gets none of it.</summary>
    public IEnumerable<GrantedBenefit> Grants(Offer offer, string? competency)
    {
        var cloud = IsCloudCompetency(competency);
        foreach (var benefit in Benefits)
        {
            var grant = benefit.Grants.FirstOrDefault(g => g.Offer == offer && g.Competency switch
            {
                CompetencyMatch.Any => true,
                CompetencyMatch.Cloud => cloud,
                CompetencyMatch.Other => !cloud,
                _ => false,
            });
            if (grant is null)
                continue;
            yield return new GrantedBenefit(benefit.Type, benefit.Name, benefit.Scope, grant.Unlimited ? null : grant.Incidents);
        }
    }

    public static BenefitCatalog Default()
    {
        using var stream = typeof(BenefitCatalog).Assembly.GetManifestResourceStream("PartnerSupport.catalog.default.json")!;
        return Parse(stream, "the built-in catalog");
    }

    public static BenefitCatalog Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, path);
    }

    private static BenefitCatalog Parse(Stream stream, string source)
    {
        var catalog = JsonSerializer.Deserialize<BenefitCatalog>(stream, Json)
            ?? throw new InvalidDataException($"{source} is empty.");
        foreach (var benefit in catalog.Benefits)
        {
            foreach (var grant in benefit.Grants)
            {
                if (!grant.Unlimited && grant.Incidents is null or < 0)
                    throw new InvalidDataException($"{source}: {benefit.Type} for {grant.Offer} needs incidents >= 0 or unlimited.");
            }
        }
        return catalog;
    }
}

public sealed record CatalogBenefit(BenefitType Type, string Name, ContractScope Scope, IReadOnlyList<CatalogGrant> Grants);

public sealed record CatalogGrant(Offer Offer, CompetencyMatch Competency, int? Incidents, bool Unlimited);

public enum CompetencyMatch
{
    Any,
    Cloud,
    Other,
}

public sealed record SupportPlan(string Id, string Name, string Description, ContractScope Scope, int? Incidents, int TermMonths, Price Price);

public sealed record Price(decimal Amount, string Currency);

public sealed record GrantedBenefit(BenefitType Type, string Name, ContractScope Scope, int? Incidents);
