using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PartnerSupport.Resources;

namespace PartnerSupport.Web.Api;

/// <summary>
/// The OpenAPI document served at /openapi/v1.json, built from the endpoints themselves: typed
/// results give the success bodies, <see cref="Refuses{TBuilder}"/> the refusals and their codes,
/// and the transformers here add what the framework does not know (bearer security, the answers
/// the framework itself gives, the problem's <c>code</c>, the values a string field takes).
/// It says the same whatever the request (no server address, no language of the caller), so the
/// committed copy in docs/openapi.v1.json can be compared with it.
/// </summary>
public static class ApiDocument
{
    public const string BearerScheme = "Bearer";
    public const string ProblemContentType = "application/problem+json";

    /// <summary>Examples are written in the contract's own language, whatever the request's.</summary>
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public static void Configure(OpenApiOptions options)
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
        options.CreateSchemaReferenceId = SchemaName;
        options.AddDocumentTransformer(DescribeDocumentAsync);
        options.AddOperationTransformer(DescribeOperationAsync);
        options.AddSchemaTransformer(DescribeSchemaAsync);
    }

    /// <summary>
    /// Response records are named XxxDto in C# (beside the entities they show); the document names
    /// them as the contract does, and a list answer after its items (ItemsDto&lt;BenefitDto&gt; is BenefitList).
    /// </summary>
    private static string? SchemaName(System.Text.Json.Serialization.Metadata.JsonTypeInfo type)
    {
        static string Strip(string name) => name.EndsWith("Dto", StringComparison.Ordinal) && name.Length > 3 ? name[..^3] : name;
        if (type.Type.IsGenericType && type.Type.GetGenericTypeDefinition() == typeof(ItemsDto<>))
            return Strip(type.Type.GetGenericArguments()[0].Name) + "List";
        return OpenApiOptions.CreateDefaultSchemaReferenceId(type) is { } id ? Strip(id) : null;
    }

    /// <summary>
    /// Declares a refusal the endpoint gives: its status and the stable codes a client matches on.
    /// The document lists them with an example of each.
    /// </summary>
    public static TBuilder Refuses<TBuilder>(this TBuilder builder, int status, params string[] codes) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemContentType]), new Refusal(status, codes));
        return builder;
    }

    /// <summary>An example request body, shown in the document and in the /docs reference.</summary>
    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, object example) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestExample(example));

    /// <summary>
    /// A <c>multipart/form-data</c> body the handler reads itself, part by part as it arrives (so
    /// the framework never binds nor buffers it): one file part and plain fields, each a uuid.
    /// </summary>
    public static TBuilder AcceptsUpload<TBuilder>(this TBuilder builder, string filePart, params string[] uuidFields) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new UploadBody(filePart, uuidFields));

    /// <summary>A 200 answer that is a file's bytes (<c>application/octet-stream</c>, or the type it was stored with).</summary>
    public static TBuilder AnswersFile<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, null, ["application/octet-stream"]), new FileAnswer());

    /// <summary>
    /// Another media type the success answer may come in (such as <c>text/csv</c> beside the JSON
    /// the typed result declares); its body is text.
    /// </summary>
    public static TBuilder AlsoAnswers<TBuilder>(this TBuilder builder, int status, string contentType, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AlternateContent(status, contentType, description));

    /// <summary>
    /// The answers every endpoint of the group can give without its handler running: 401 without a
    /// valid token, and for a JSON body 400 (unreadable), 413 (too large) and 415 (not JSON).
    /// Added last, so it sees whether the endpoint is anonymous and whether it reads a body.
    /// </summary>
    public static void DeclareFrameworkRefusals(IEndpointConventionBuilder group) =>
        group.Finally(endpoint =>
        {
            var refusals = new List<Refusal>();
            if (!endpoint.Metadata.OfType<IAllowAnonymous>().Any())
                refusals.Add(new Refusal(StatusCodes.Status401Unauthorized, ["unauthenticated"]));
            if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any(a => a.RequestType is not null))
            {
                refusals.Add(new Refusal(StatusCodes.Status400BadRequest, ["malformed-request"]));
                refusals.Add(new Refusal(StatusCodes.Status413PayloadTooLarge, ["payload-too-large"]));
                refusals.Add(new Refusal(StatusCodes.Status415UnsupportedMediaType, ["unsupported-media-type"]));
            }
            foreach (var refusal in refusals)
            {
                if (!endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == refusal.Status))
                    endpoint.Metadata.Add(new ProducesResponseTypeMetadata(refusal.Status, typeof(ProblemDetails), [ProblemContentType]));
                endpoint.Metadata.Add(refusal);
            }
        });

    private static Task DescribeDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "PartnerSupport API",
            Version = "v1",
            Description = "The technical-support side of a partner program: benefits, support contracts and their incidents, "
                + "service requests in Partner Center's shape. Errors are RFC 9457 problem details with a stable `code`, "
                + "written in the request's language (`Accept-Language`: en, pt-BR, es-ES). Sign in with `POST /v1/token` "
                + "and send `Authorization: Bearer <accessToken>`. The contract in prose: docs/api.md.",
        };
        // The address depends on how the server is reached (proxy, port); clients are given it, not the document.
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The `accessToken` of `POST /v1/token`. Signing out (`POST /v1/token/revoke`) voids every token of the account.",
        };
        return Task.CompletedTask;
    }

    private static Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAllowAnonymous>().Any())
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];

        var json = context.ApplicationServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        if (metadata.OfType<RequestExample>().LastOrDefault() is { } example && operation.RequestBody?.Content is { } requestContent)
        {
            foreach (var media in requestContent.Values.OfType<OpenApiMediaType>())
                media.Example = JsonSerializer.SerializeToNode(example.Value, json);
        }

        if (metadata.OfType<UploadBody>().LastOrDefault() is { } upload)
        {
            var form = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    [upload.FilePart] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The file, with its name in the part's `filename`." },
                },
                Required = new HashSet<string> { upload.FilePart },
            };
            foreach (var field in upload.UuidFields)
                form.Properties[field] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" };
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["multipart/form-data"] = new OpenApiMediaType { Schema = form } },
            };
        }

        if (metadata.OfType<FileAnswer>().Any() && operation.Responses?.TryGetValue("200", out var fileFound) == true && fileFound is OpenApiResponse fileResponse)
        {
            fileResponse.Description = "The file's bytes.";
            fileResponse.Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/octet-stream"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
            };
        }

        foreach (var alternate in metadata.OfType<AlternateContent>())
        {
            if (operation.Responses?.TryGetValue(alternate.Status.ToString(CultureInfo.InvariantCulture), out var found) == true && found is OpenApiResponse response)
            {
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                response.Content[alternate.ContentType] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = alternate.Description },
                };
            }
        }

        foreach (var group in metadata.OfType<Refusal>().GroupBy(r => r.Status).OrderBy(g => g.Key))
        {
            var codes = group.SelectMany(r => r.Codes).Distinct().ToList();
            if (operation.Responses?.TryGetValue(group.Key.ToString(CultureInfo.InvariantCulture), out var found) != true || found is not OpenApiResponse response)
                continue;
            response.Description = $"{ReasonPhrases.GetReasonPhrase(group.Key)}: {string.Join(", ", codes.Select(c => $"`{c}`"))}";
            if (codes.Contains("too-many-attempts"))
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before trying again.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                };
            }
            if (response.Content?.TryGetValue(ProblemContentType, out var problemMedia) == true && problemMedia is OpenApiMediaType media)
            {
                media.Examples = codes.ToDictionary(c => c, c => (IOpenApiExample)new OpenApiExample
                {
                    Summary = c,
                    Value = new JsonObject
                    {
                        ["title"] = ReasonPhrases.GetReasonPhrase(group.Key),
                        ["status"] = group.Key,
                        ["detail"] = ExampleDetail(c),
                        ["code"] = c,
                    },
                });
            }
        }
        return Task.CompletedTask;
    }

    private static Task DescribeSchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Type == typeof(ProblemDetails) && context.JsonPropertyInfo is null)
        {
            // What Problems adds to every refusal: clients match on code, never on the sentence.
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable kebab-case slug of the refusal; match on it, not on `detail`." };
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "With `validation-failed`: the sentences about each field, by field name.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
            schema.Properties["reason"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "With `malformed-request`: what could not be read." };
            schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Names the request in the server's logs." };
            schema.Required ??= new HashSet<string>();
            schema.Required.Add("code");
            return Task.CompletedTask;
        }

        // The server reads "12" as 12 (the web defaults), but it writes numbers, and a client must
        // send them: the contract says number, not "number or string matching a pattern".
        if (schema.Type is { } type && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        // A property of a record, or a query or route parameter of a handler.
        ICustomAttributeProvider? declared = context.JsonPropertyInfo?.AttributeProvider
            ?? (context.ParameterDescription?.ParameterDescriptor as Microsoft.AspNetCore.Mvc.Infrastructure.IParameterInfoParameterDescriptor)?.ParameterInfo;
        if (declared?.GetCustomAttributes(typeof(OneOfAttribute), inherit: false).OfType<OneOfAttribute>().FirstOrDefault() is { } oneOf)
            ListValues(schema, oneOf.Values, allowNull: true);
        RequestBodies.Describe(schema, context);
        return Task.CompletedTask;
    }

    /// <summary>The values a string (or the strings of a list) may take; null too where the field is nullable.</summary>
    public static void ListValues(OpenApiSchema schema, IReadOnlyList<string> values, bool allowNull)
    {
        var target = schema.Type?.HasFlag(JsonSchemaType.Array) == true && schema.Items is OpenApiSchema items ? items : schema;
        target.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
        if (allowNull && target.Type?.HasFlag(JsonSchemaType.Null) == true)
            target.Enum.Add(null!);
    }

    /// <summary>The sentence a client would read, with sample values where the sentence names something.</summary>
    private static string ExampleDetail(string code)
    {
        var key = code switch
        {
            "too-many-requests" => "Throttled",
            "product-not-covered" => "ProductNotCoveredVersion",
            _ => string.Concat(code.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..])),
        };
        object[] args = code switch
        {
            "contract-already-linked" => ["Microsoft Product Support"],
            "contract-expired" => ["2026-11-21"],
            "contract-not-started" => ["2026-12-01"],
            "partner-id-taken" => ["4512345"],
            "product-not-covered" => ["Exchange Server 2013"],
            _ => [],
        };
        return Messages.Get(key, English, args);
    }

    private sealed record Refusal(int Status, IReadOnlyList<string> Codes);

    private sealed record RequestExample(object Value);

    private sealed record AlternateContent(int Status, string ContentType, string Description);

    private sealed record FileAnswer;

    private sealed record UploadBody(string FilePart, IReadOnlyList<string> UuidFields);
}

/// <summary>The values a string field (or the items of a list of strings) takes, listed in the OpenAPI document.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OneOfAttribute : Attribute
{
    public OneOfAttribute(params string[] values) => Values = values;

    /// <summary>Every member of the enum, named as <see cref="Dtos.Name{T}"/> writes it.</summary>
    public OneOfAttribute(Type enumType) =>
        Values = [.. Enum.GetNames(enumType).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n))];

    public IReadOnlyList<string> Values { get; }
}
