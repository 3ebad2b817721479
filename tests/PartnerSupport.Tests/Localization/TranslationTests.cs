using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using PartnerSupport.Entitlements;
using PartnerSupport.Organizations;
using PartnerSupport.Resources;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Web.Resources;

namespace PartnerSupport.Tests.Localization;

/// <summary>
/// Every sentence and name a person reads has its pt-BR and es-ES text, and that text is not the
/// English one left in place (only names that are the same in every language, brands, may be).
/// </summary>
public sealed partial class TranslationTests
{
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;
    private static readonly CultureInfo[] Translated = [CultureInfo.GetCultureInfo("pt-BR"), CultureInfo.GetCultureInfo("es-ES")];

    /// <summary>Texts that are rightly the same as the English one in a language: brands, codes, and words the language borrowed.</summary>
    private static readonly HashSet<string> SameInEveryLanguage = new(StringComparer.Ordinal)
    {
        "PartnerSupport", "Action Pack", "Silver", "Gold", "Portal", "Azure", "Microsoft 365", "Dynamics 365",
    };

    private static readonly HashSet<(string Culture, string Text)> SameInOneLanguage =
    [
        ("pt-BR", "E-mail"), ("pt-BR", "Status"), ("es-ES", "No"), ("es-ES", "Roles"), ("es-ES", "Plan"),
    ];

    public static TheoryData<string> ResourceFiles() => ["Portal", "Messages"];

    private static ResourceManager Manager(string file) => file == "Portal"
        ? new ResourceManager("PartnerSupport.Web.Resources.Portal", typeof(PortalText).Assembly)
        : Messages.ResourceManager;

    [SkippableTheory]
    [MemberData(nameof(ResourceFiles))]
    public void Every_resource_key_has_its_own_pt_BR_and_es_ES_text_with_the_same_placeholders(string file)
    {
        var manager = Manager(file);
        var neutral = manager.GetResourceSet(English, createIfNotExists: true, tryParents: false)!;
        var problems = new List<string>();
        var keys = 0;
        foreach (var culture in Translated)
        {
            var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
            Assert.NotNull(set);
            foreach (DictionaryEntry entry in neutral)
            {
                keys++;
                var key = (string)entry.Key;
                var english = (string)entry.Value!;
                var text = set.GetString(key);
                if (string.IsNullOrWhiteSpace(text))
                    problems.Add($"{file}.{culture.Name}.resx has no {key}");
                else if (text == english && !IsSameEverywhere(culture, english))
                    problems.Add($"{file}.{culture.Name}.resx: {key} is the English text \"{english}\"");
                else if (!Placeholders(text).SetEquals(Placeholders(english)))
                    problems.Add($"{file}.{culture.Name}.resx: {key} has placeholders {string.Join(",", Placeholders(text))}, English {string.Join(",", Placeholders(english))}");
            }
        }
        Assert.True(keys > 40, $"{file}.resx looks empty ({keys} keys read)");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SkippableFact]
    public void Every_support_topic_benefit_plan_and_offer_is_named_in_pt_BR_and_es_ES()
    {
        var catalog = BenefitCatalog.Default();
        var portal = Manager("Portal");
        var problems = new List<string>();
        foreach (var culture in Translated)
        {
            using var _ = new CultureScope(culture);
            foreach (var topic in SupportTopics.All)
            {
                Check($"support topic {topic.Id}", topic.Name, CatalogNames.Topic(topic));
                Check($"support topic {topic.Id} description", topic.Description, CatalogNames.TopicDescription(topic));
            }
            foreach (var benefit in catalog.Benefits)
                Check($"benefit {benefit.Type}", benefit.Name, CatalogNames.Of(benefit.Name));
            foreach (var plan in catalog.Plans)
            {
                Check($"plan {plan.Id}", plan.Name, CatalogNames.Of(plan.Name));
                Check($"plan {plan.Id} description", plan.Description, CatalogNames.Of(plan.Description));
            }
            foreach (var offer in Enum.GetValues<Offer>())
            {
                var key = "Offer." + char.ToLowerInvariant(offer.ToString()[0]) + offer.ToString()[1..];
                var text = portal.GetString(key, culture);
                if (text is null)
                    problems.Add($"{culture.Name}: offer {offer} has no name ({key})");
            }

            void Check(string what, string english, string text)
            {
                if (text == english && !IsSameEverywhere(culture, english))
                    problems.Add($"{culture.Name}: {what} reads \"{text}\", the English name");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SkippableFact]
    public void Spanish_texts_call_a_benefit_ventaja_as_the_article_does()
    {
        var problems = new List<string>();
        foreach (var file in new[] { "Portal", "Messages" })
        {
            var set = Manager(file).GetResourceSet(CultureInfo.GetCultureInfo("es-ES"), createIfNotExists: true, tryParents: false)!;
            foreach (DictionaryEntry entry in set)
            {
                if (entry.Value is string text && Beneficio().IsMatch(text))
                    problems.Add($"{file}.es-ES.resx {entry.Key}: {text}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SkippableFact]
    public void A_name_the_resources_do_not_know_is_shown_as_written()
    {
        using var _ = new CultureScope(CultureInfo.GetCultureInfo("pt-BR"));
        Assert.Equal("Contoso Custom Plan", CatalogNames.Of("Contoso Custom Plan"));
        Assert.Equal("Suporte a produtos da Microsoft", CatalogNames.Of("Microsoft Product Support"));
    }

    private static bool IsSameEverywhere(CultureInfo culture, string english) =>
        SameInEveryLanguage.Contains(english) || SameInOneLanguage.Contains((culture.Name, english));

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+[^}]*\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\bbeneficios?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Beneficio();

    /// <summary>Sets the thread's UI culture for the scope (the resources read CurrentUICulture).</summary>
    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _ui = CultureInfo.CurrentUICulture;
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;

        public CultureScope(CultureInfo culture)
        {
            CultureInfo.CurrentUICulture = culture;
            CultureInfo.CurrentCulture = culture;
        }

        public void Dispose()
        {
            CultureInfo.CurrentUICulture = _ui;
            CultureInfo.CurrentCulture = _culture;
        }
    }
}
