using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PartnerSupport.Accounts;
using PartnerSupport.Casework;
using PartnerSupport.Contracts;
using PartnerSupport.Customers;
using PartnerSupport.Organizations;
using PartnerSupport.Products;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Api;

/// <summary>
/// What the request bodies' schemas cannot say by themselves. The input records take every member
/// as nullable, so a body the use case refuses still reaches it and gets its 400
/// <c>validation-failed</c> naming the field, instead of a bare binding error; the document says
/// which members the use case requires and the values it takes.
/// </summary>
public static class RequestBodies
{
    private sealed record Shape(string[] Required, Dictionary<string, string[]>? Values = null);

    private static readonly Dictionary<Type, Shape> Shapes = new()
    {
        [typeof(AccountEndpoints.TokenRequest)] = new(["email", "password"]),
        [typeof(CreateOrganizationInput)] = new(["name", "partnerId", "countryCode"], new() { ["programs"] = ["mpn", "csp"] }),
        [typeof(CreateUserInput)] = new(["email", "displayName", "password"], new()
        {
            ["accountType"] = ["work", "personal"],
            ["roles"] = ["globalAdmin", "mpnPartnerAdmin", "adminAgent"],
        }),
        [typeof(AddMembershipInput)] = new(["offer", "startDate", "endDate"], new() { ["offer"] = ["actionPack", "silver", "gold"] }),
        [typeof(CreateProductInput)] = new(["name", "family", "version", "kind"], new() { ["kind"] = ["onPremises", "cloud"] }),
        [typeof(BackOfficeEndpoints.RejectRequest)] = new(["reason"]),
        [typeof(CreateCustomerInput)] = new(["name", "tenantId", "countryCode"]),
        [typeof(LinkContractInput)] = new(["accessId", "contractId"]),
        [typeof(ContractSettingsInput)] = new(["decrementOn"], new() { ["decrementOn"] = ["creation", "resolution"] }),
        [typeof(CreateServiceRequestInput)] = new(["title", "description", "severity", "productId"], new()
        {
            ["severity"] = ["critical", "moderate", "minimal"],
            ["supportPlan"] = [CreateServiceRequest.CspPlan],
            ["supportTopicId"] = [.. SupportTopics.All.Select(t => t.Id)],
            ["workload"] = [.. Workloads.All.Select(w => w.Id)],
        }),
        [typeof(UpdateServiceRequestInput)] = new([], new()
        {
            ["status"] = ["open", "closed", "attention_needed"],
            ["resolution"] = ["resolved", "duplicate", "notAnIncident", "productBug", "cancelled"],
        }),
        [typeof(RecordResponseInput)] = new(["message"]),
        [typeof(UpdateServiceRequestNote)] = new(["text"]),
        [typeof(CreateStaffInput)] = new(["email", "displayName", "roles", "password"], new() { ["roles"] = ["operator", "supportEngineer"] }),
        [typeof(AssignServiceRequestInput)] = new(["assigneeId"]),
        [typeof(PostMessageInput)] = new(["text"], new() { ["visibility"] = ["public", "internal"] }),
    };

    public static void Describe(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        if (context.JsonPropertyInfo is null && Shapes.TryGetValue(context.JsonTypeInfo.Type, out var body))
        {
            schema.Required = new HashSet<string>(body.Required);
            foreach (var name in body.Required)
            {
                if (schema.Properties?.TryGetValue(name, out var member) == true && member is OpenApiSchema required && required.Type is { } type)
                    required.Type = type & ~JsonSchemaType.Null;
            }
        }
        else if (context.JsonPropertyInfo is { } property && property.DeclaringType is { } declaring
            && Shapes.TryGetValue(declaring, out var owner) && owner.Values?.TryGetValue(property.Name, out var values) == true)
        {
            ApiDocument.ListValues(schema, values!, allowNull: !owner.Required.Contains(property.Name));
        }
    }
}
