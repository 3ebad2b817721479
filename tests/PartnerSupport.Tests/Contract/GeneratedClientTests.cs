using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using PartnerSupport.Tests.Contract.Client;
using PartnerSupport.Tests.Contract.Client.Models;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Contract;

/// <summary>
/// A client generated from the committed OpenAPI document (Kiota, Contract/Client) is what the
/// generator makes of that document today, compiles, and does a partner's whole flow against the
/// real application: sign in, activate and read a benefit, link its contract, open a request; a
/// refusal arrives as the document's problem, code included.
/// </summary>
public sealed class GeneratedClientTests : AppTest
{
    private const string ClientFolder = "tests/PartnerSupport.Tests/Contract/Client";

    [SkippableFact]
    public async Task The_committed_client_is_what_Kiota_generates_from_the_committed_document()
    {
        var output = Directory.CreateTempSubdirectory("partnersupport-client-").FullName;
        try
        {
            var (exitCode, text) = await RunAsync("bash", "scripts/generate-api-client.sh", output);
            Assert.True(exitCode == 0, $"scripts/generate-api-client.sh failed ({exitCode}):\n{text}");

            var committed = Files(Repository.PathOf(ClientFolder));
            var generated = Files(output);
            var differences = committed.Keys.Union(generated.Keys).Order(StringComparer.Ordinal)
                .Where(f => !committed.TryGetValue(f, out var c) || !generated.TryGetValue(f, out var g) || c != g)
                .ToList();
            Assert.True(differences.Count == 0,
                $"{ClientFolder} is not what Kiota generates from docs/openapi.v1.json; differing files:\n  {string.Join("\n  ", differences.Take(20))}\n"
                + "Regenerate it with scripts/generate-api-client.sh and commit it.");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [SkippableFact]
    public async Task The_generated_client_signs_in_activates_a_benefit_links_its_contract_and_opens_a_request()
    {
        var scenario = await Scenario.StartAsync(_app);
        var org = await scenario.OrganizationAsync("Client Contoso");
        const string email = "admin@client-contoso.example";
        await scenario.UserAsync(org, email, "globalAdmin");
        await scenario.MembershipAsync(org, "gold", "Data Analytics");
        var product = Guid.Parse(await scenario.ProductAsync("SQL Server Client", "2022"));

        var token = await Client(new AnonymousAuthenticationProvider()).V1.Token.PostAsync(new TokenRequest { Email = email, Password = TestApp.Password });
        Assert.Equal(Token_tokenType.Bearer, token!.TokenType);
        var api = Client(new BaseBearerTokenAuthenticationProvider(new FixedToken(token.AccessToken!)));

        var me = await api.V1.Me.GetAsync();
        Assert.Equal(email, me!.Email);
        Assert.Equal([User_roles.GlobalAdmin], me.Roles);

        var benefit = (await api.V1.Benefits.GetAsync())!.Items!.Single(b => b.Type == Benefit_type.ProductSupport);
        Assert.Equal(Benefit_status.NotActivated, benefit.Status);
        Assert.Null(benefit.AccessId);
        var activation = await api.V1.Benefits[benefit.Id!.Value].Activate.PostAsync();
        Assert.Equal(Activation_status.Pending, activation!.Status);
        benefit = await ActiveAsync(api, benefit.Id.Value);

        var contract = await api.V1.Supportcontracts.Links.PostAsync(new LinkContractInput { AccessId = benefit.AccessId, ContractId = benefit.ContractId });
        Assert.Equal(benefit.SupportContractId, contract!.Id);
        Assert.Equal(SupportContract_status.Active, contract.Status);
        var before = contract.RemainingIncidents;

        var created = await api.V1.Servicerequests["en-US"].PostAsync(new CreateServiceRequestInput
        {
            Title = "Cluster lost quorum",
            Description = "Failover stopped after the update.",
            Severity = CreateServiceRequestInput_severity.Moderate,
            ProductId = product,
            SupportContractId = contract.Id,
            SupportTopicId = CreateServiceRequestInput_supportTopicId.Errors,
        });
        Assert.Equal(ServiceRequest_status.Open, created!.Status);
        Assert.True(created.IncidentConsumed);
        Assert.Equal(before - 1, created.RemainingIncidents);
        Assert.Equal("Error messages", created.SupportTopicName);

        var read = await api.V1.Servicerequests[created.Id!.Value.ToString()].GetAsync();
        Assert.Equal(created.Title, read!.Title);
        Assert.Equal("Client Contoso", read.Organization!.Name);
        var ledger = await api.V1.Supportcontracts[contract.Id!.Value].Ledger.GetAsync();
        Assert.Equal([LedgerEntry_kind.Grant, LedgerEntry_kind.Consume], ledger!.Items!.Select(e => e.Kind!.Value));
        Assert.Equal(created.Id, ledger.Items![^1].ServiceRequestId);

        // A refusal is the document's problem, with the code a client matches on.
        var refused = await Assert.ThrowsAsync<ProblemDetails>(() => api.V1.Servicerequests["en-US"].PostAsync(new CreateServiceRequestInput
        {
            Title = "",
            Description = "No title.",
            Severity = CreateServiceRequestInput_severity.Minimal,
            ProductId = product,
            SupportContractId = contract.Id,
        }));
        Assert.Equal(400, refused.ResponseStatusCode);
        Assert.Equal("validation-failed", refused.Code);
        Assert.True(refused.Errors!.AdditionalData!.ContainsKey("title"));
        var missing = await Assert.ThrowsAsync<ProblemDetails>(() => api.V1.Supportcontracts[Guid.NewGuid()].GetAsync());
        Assert.Equal((404, "contract-not-found"), (missing.ResponseStatusCode, missing.Code));
    }

    private PartnerSupportClient Client(IAuthenticationProvider authentication)
    {
        var http = _app.CreateClient();
        return new PartnerSupportClient(new HttpClientRequestAdapter(authentication, httpClient: http) { BaseUrl = http.BaseAddress!.ToString().TrimEnd('/') });
    }

    /// <summary>The worker completes the activation (no processing delay in the tests).</summary>
    private static async Task<Benefit> ActiveAsync(PartnerSupportClient api, Guid benefitId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var benefit = (await api.V1.Benefits.GetAsync())!.Items!.Single(b => b.Id == benefitId);
            if (benefit.Status == Benefit_status.Active)
                return benefit;
            Assert.True(DateTime.UtcNow < deadline, $"benefit {benefitId} still {benefit.Status}");
            await Task.Delay(50);
        }
    }

    /// <summary>Each file below <paramref name="folder"/> by relative path; the lock file without the description's location, which is relative to the output.</summary>
    private static Dictionary<string, string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != ".kiota.log")
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), f =>
            {
                var text = File.ReadAllText(f).ReplaceLineEndings("\n");
                if (Path.GetFileName(f) != "kiota-lock.json")
                    return text;
                var lockFile = JsonNode.Parse(text)!.AsObject();
                lockFile.Remove("descriptionLocation");
                return lockFile.ToJsonString();
            });

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private sealed class FixedToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(token);
    }
}
