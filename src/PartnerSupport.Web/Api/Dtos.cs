using System.ComponentModel;
using System.Text.Json;
namespace PartnerSupport.Web.Api;

/// <summary>
/// How the resources of the API write what they show. The resources themselves are records, one
/// file per area (AccountDtos.cs, ...), each with a From method; their properties are in the order
/// clients see them, and enum values are written as the contract spells them.
/// </summary>
public static class Dtos
{
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static DateTime? Utc(DateTimeOffset? at) => at?.UtcDateTime;
}

/// <summary>A list answer: <c>{items: [...]}</c>. The document names it after its items (BenefitList, ...).</summary>
public sealed record ItemsDto<T>([property: Description("In the order the operation describes.")] IReadOnlyList<T> Items);

public static class ItemsDto
{
    public static ItemsDto<T> Of<T>(IEnumerable<T> items) => new([.. items]);
}
