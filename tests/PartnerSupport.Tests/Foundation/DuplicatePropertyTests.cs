using System.Net;
using System.Text;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Foundation;

/// <summary>
/// A body that names a property twice is ambiguous (which title did the client mean?): it is
/// refused as invalid, naming the property, and changes nothing, instead of the last one winning.
/// Names match case-insensitively, so Title and title are the same property twice.
/// </summary>
public sealed class DuplicatePropertyTests(BadInputWorld world) : IClassFixture<BadInputWorld>
{
    private const string RequestTail = """ "description":"Since the update.","severity":"moderate","productId":"{product}","supportContractId":"{contract}" """;

    /// <summary>caller, [PATCH ]path, body (each would be accepted with either value alone), field.</summary>
    public static TheoryData<string, string, string, string> Bodies => new()
    {
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down","title":"Disk full",""" + RequestTail + "}", "title" },
        { "admin", "/v1/servicerequests/en-US", """{"Title":"Server down","title":"Disk full",""" + RequestTail + "}", "title" },
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down",""" + RequestTail + ""","SEVERITY":"critical"}""", "severity" },
        { "admin", "PATCH /v1/servicerequests/{request}", """{"status":"closed","resolution":"duplicate","Resolution":"cancelled"}""", "resolution" },
        { "operator", "/v1/organizations", """{"name":"Northwind","partnerId":"7100001","partnerId":"7100002","programs":["mpn"],"countryCode":"BR"}""", "partnerId" },
        { "operator", "/v1/products", """{"name":"SQL Server 2025","family":"SQL Server","version":"2025","kind":"onPremises","Version":"2024"}""", "version" },
        { "operator", "/v1/organizations/{org}/users", """{"email":"one@contoso.example","Email":"two@contoso.example","displayName":"New User","accountType":"work","roles":[],"password":"Test-Passw0rd-42"}""", "email" },
        { "personal", "/v1/supportcontracts/links", """{"accessId":"{accessId}","accessId":"{accessId}","contractId":"{contractId}"}""", "accessId" },
    };

    [SkippableTheory]
    [MemberData(nameof(Bodies))]
    public async Task A_property_sent_twice_is_refused_as_invalid_and_changes_nothing(string caller, string path, string body, string field)
    {
        var before = await world.SnapshotAsync();
        var patch = path.StartsWith("PATCH ", StringComparison.Ordinal);
        var text = world.Fill(body)
            .Replace("{accessId}", world.Contract.AccessId, StringComparison.Ordinal)
            .Replace("{contractId}", world.Contract.ContractId, StringComparison.Ordinal);
        var request = new HttpRequestMessage(patch ? HttpMethod.Patch : HttpMethod.Post, world.Fill(patch ? path["PATCH ".Length..] : path))
        {
            Content = new StringContent(text, Encoding.UTF8, "application/json"),
        };

        var response = await world.Client(caller).SendAsync(request);

        response.AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        var errors = response.Json!["errors"]?.AsObject();
        Assert.True(errors is not null && errors.ContainsKey(field), $"errors should name {field}: {response.Text}");
        Assert.False(string.IsNullOrWhiteSpace(errors[field]![0]!.GetValue<string>()), "the field error says what is wrong");
        Assert.Equal(before, await world.SnapshotAsync());
    }

    [SkippableFact]
    public async Task The_same_body_with_each_property_once_is_accepted()
    {
        // The refusal above is about the repetition: the same request, said once, goes through.
        var text = world.Fill("""{"title":"Disk full",""" + RequestTail + "}");
        var response = await world.Admin.PostRawAsync("/v1/servicerequests/en-US", text);
        response.AssertStatus(HttpStatusCode.Created);
        Assert.Equal("Disk full", response.Str("title"));
        (await world.Admin.PatchAsync($"/v1/servicerequests/{response.Id}", new { status = "closed", resolution = "cancelled" })).AssertStatus(HttpStatusCode.OK);
    }
}
