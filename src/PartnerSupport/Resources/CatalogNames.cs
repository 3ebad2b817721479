using System.Collections;
using System.Globalization;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Resources;

/// <summary>
/// The catalog's names in the reader's language: benefits, paid plans and their descriptions,
/// support topics. The catalog file, the database and the API keep the English names (they are
/// data others read and match on); pages translate them here. A name the resources do not know,
/// such as one from an operator's own catalog file, is shown as written.
/// </summary>
public static class CatalogNames
{
    private const string Prefix = "Catalog.";

    /// <summary>English text → resource key, from the neutral resources' Catalog.* entries.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Keys = new(() =>
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var set = Messages.ResourceManager.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false);
        foreach (DictionaryEntry entry in set!)
        {
            if (entry.Key is string key && key.StartsWith(Prefix, StringComparison.Ordinal) && entry.Value is string english)
                keys.TryAdd(english, key);
        }
        return keys;
    });

    /// <summary>Every catalog name the resources translate (English text → key), for the resource tests.</summary>
    public static IReadOnlyDictionary<string, string> Known => Keys.Value;

    /// <summary>A benefit's, plan's or contract's name, or a plan's description, in the current language.</summary>
    public static string Of(string english) =>
        Keys.Value.TryGetValue(english, out var key) ? Messages.Get(key) : english;

    public static string Topic(SupportTopic topic) => Messages.Find($"Topic.{topic.Id}") ?? topic.Name;

    public static string TopicDescription(SupportTopic topic) => Messages.Find($"Topic.{topic.Id}.Description") ?? topic.Description;
}
