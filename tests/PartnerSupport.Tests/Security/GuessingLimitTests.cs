using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PartnerSupport.Common;
using PartnerSupport.Contracts;
using PartnerSupport.Resources;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Security;

/// <summary>
/// Access IDs and Contract IDs are bearer secrets, so guessing them is cut off: after a few wrong
/// pairs (5 per account, 20 per client address), linking is refused for a while. The API's side
/// (429 too-many-attempts with Retry-After, per account and per address through a TestServer
/// handler) is in CloudAndCsp/LinkErrorsTests; here: the portal's two link forms count and are
/// held back the same way and together with the API, a correct pair works again once the window
/// has passed, and the per-address limit holds for real TCP connections from different source
/// addresses (Kestrel), where the address is the connection's, not something a test set.
/// </summary>
public sealed partial class GuessingLimitTests : AppTest
{
    /// <summary>The limits the test application runs with: the defaults.</summary>
    private static readonly RateLimitOptions Defaults = new();

    private static string Wrong(string id) => id[..^1] + (id[^1] == 'Z' ? 'Y' : 'Z');

    /// <summary>What the portal says while linking is held back, up to the wait it names ("… Try again in 15 minutes.").</summary>
    private static readonly string TooMany = new System.Resources.ResourceManager("PartnerSupport.Web.Resources.Portal", typeof(PartnerSupport.Web.Resources.PortalText).Assembly)
        .GetString("TooManyAttemptsWait", System.Globalization.CultureInfo.GetCultureInfo("en"))!.Split("{0}")[0];
    private static readonly string NotFound = Messages.Get("ContractNotFound", System.Globalization.CultureInfo.GetCultureInfo("en"));

    /// <summary>An organization's purchased contract: its IDs, and the buyer who can see who linked it.</summary>
    private async Task<(ApiClient Buyer, string Id, string AccessId, string ContractId)> ContractAsync(Scenario s)
    {
        var org = await s.OrganizationAsync("Proseware", "mpn");
        var buyer = await s.UserAsync(org, "buyer@proseware.example", "globalAdmin");
        var bought = (await buyer.PostAsync("/v1/supportplans/advanced/purchase")).AssertStatus(HttpStatusCode.Created);
        return (buyer, bought.Id, bought.Str("accessId"), bought.Str("contractId"));
    }

    private static async Task<IReadOnlyList<string>> LinkedEmailsAsync(ApiClient buyer, string contract) =>
        (await buyer.GetAsync($"/v1/supportcontracts/{contract}/links")).AssertStatus(HttpStatusCode.OK).Items().Select(l => l!.Str("email")).ToList();

    private static string Text(PageResponse page) => WebUtility.HtmlDecode(page.Html);

    private static KeyValuePair<string, string>[] Draft(string product) =>
    [
        new("Input.ProductId", product), new("Input.Title", "Cannot sign in"), new("Input.Description", "Since this morning."), new("Input.Severity", "minimal"),
    ];

    [SkippableFact]
    public async Task Wrong_pairs_typed_in_either_portal_form_or_sent_to_the_API_add_up_and_hold_back_all_three_until_the_window_passes()
    {
        var s = await Scenario.StartAsync(_app);
        var (buyer, contract, accessId, contractId) = await ContractAsync(s);
        var product = await s.ProductAsync("Azure Functions", "current", "cloud", "Azure");
        var api = await s.UserAsync(null, "guesser@outlook.example");
        var portal = await PortalSession.SignedInAsync(_app, "guesser@outlook.example");

        // Two wrong pairs on Help + support, Support plans; two (one not even well formed) at step 2 of
        // Support for Business; one through the API: five in all, the account's whole allowance.
        Assert.Equal(5, Defaults.WrongPairsPerAccount);
        foreach (var (a, c) in new[] { (accessId, Wrong(contractId)), (Wrong(accessId), contractId) })
        {
            var page = await portal.PostFormAsync("/support/plans", [new("AccessId", a), new("ContractId", c)]);
            Assert.True(page.Status == HttpStatusCode.OK && Text(page).Contains(NotFound, StringComparison.Ordinal), $"A wrong pair on /support/plans: {page}");
        }
        foreach (var (a, c) in new[] { ("NOT-AN-ID", contractId), (accessId, Wrong(contractId)) })
        {
            var page = await portal.PostFormAsync("/support/new?handler=Link", [.. Draft(product), new("AccessId", a), new("ContractId", c)]);
            Assert.True(page.Status == HttpStatusCode.OK && Text(page).Contains(NotFound, StringComparison.Ordinal), $"A wrong pair at step 2: {page}");
        }
        (await api.PostAsync("/v1/supportcontracts/links", new { accessId, contractId = Wrong(contractId) })).AssertProblem(HttpStatusCode.NotFound, "contract-not-found");

        // Now even the right pair is refused, wherever it is typed.
        var refused = (await api.PostAsync("/v1/supportcontracts/links", new { accessId, contractId })).AssertProblem(HttpStatusCode.TooManyRequests, "too-many-attempts");
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, Defaults.WrongPairsWindow.TotalSeconds);
        var plans = await portal.PostFormAsync("/support/plans", [new("AccessId", accessId), new("ContractId", contractId)]);
        Assert.True(plans.Status == HttpStatusCode.OK && plans.ShowsError && Text(plans).Contains(TooMany, StringComparison.Ordinal), $"/support/plans while held back: {plans}");
        var step2 = await portal.PostFormAsync("/support/new?handler=Link", [.. Draft(product), new("AccessId", accessId), new("ContractId", contractId)]);
        Assert.True(step2.Status == HttpStatusCode.OK && step2.ShowsError && Text(step2).Contains(TooMany, StringComparison.Ordinal), $"Step 2 while held back: {step2}");
        Assert.DoesNotContain("guesser@outlook.example", await LinkedEmailsAsync(buyer, contract));

        // Once the window has passed, the right pair links from the portal.
        _app.Time.Advance(Defaults.WrongPairsWindow + TimeSpan.FromSeconds(1));
        var linked = await portal.PostFormAsync("/support/plans", [new("AccessId", accessId), new("ContractId", contractId)]);
        Assert.True(linked.Status == HttpStatusCode.Redirect && linked.Location == "/support/plans", $"After the window: {linked}");
        Assert.Contains("guesser@outlook.example", await LinkedEmailsAsync(buyer, contract));
    }

    [SkippableFact]
    public async Task Wrong_pairs_typed_in_the_portal_hold_back_every_account_behind_the_same_address_and_no_other()
    {
        var s = await Scenario.StartAsync(_app);
        var (buyer, contract, accessId, contractId) = await ContractAsync(s);
        var guessers = new List<PortalSession>();
        for (var g = 0; g < Guessers; g++)
            guessers.Add(await PortalSession.SignedInAsync(_app, await PersonalAsync(s, $"guesser{g}@outlook.example"), address: "203.0.113.50"));
        var colleague = await PortalSession.SignedInAsync(_app, await PersonalAsync(s, "colleague@outlook.example"), address: "203.0.113.50");
        var elsewhere = await PortalSession.SignedInAsync(_app, await PersonalAsync(s, "elsewhere@outlook.example"), address: "198.51.100.50");

        // Each guesser stays within its own allowance; together they use up the address's.
        foreach (var guesser in guessers)
        {
            for (var i = 0; i < Defaults.WrongPairsPerAccount; i++)
                Assert.True((await guesser.PostFormAsync("/support/plans", [new("AccessId", accessId), new("ContractId", Wrong(contractId))])).ShowsError);
        }

        var held = await colleague.PostFormAsync("/support/plans", [new("AccessId", accessId), new("ContractId", contractId)]);
        Assert.True(held.ShowsError && Text(held).Contains(TooMany, StringComparison.Ordinal), $"Same address, right pair: {held}");
        var other = await elsewhere.PostFormAsync("/support/plans", [new("AccessId", accessId), new("ContractId", contractId)]);
        Assert.True(other.Status == HttpStatusCode.Redirect, $"Another address, right pair: {other}");
        Assert.Equal(["buyer@proseware.example", "elsewhere@outlook.example"], (await LinkedEmailsAsync(buyer, contract)).Order(StringComparer.Ordinal));
    }

    /// <summary>How many accounts, each using its whole allowance, use up an address's.</summary>
    private static int Guessers => (Defaults.WrongPairsPerAddress + Defaults.WrongPairsPerAccount - 1) / Defaults.WrongPairsPerAccount;

    private static async Task<string> PersonalAsync(Scenario s, string email)
    {
        await s.AccountAsync(null, email, "Test");
        return email;
    }

    [SkippableFact]
    public async Task Over_real_connections_the_limit_is_per_source_address_and_the_audit_trail_names_it()
    {
        // The class's app, not started yet, so it can still listen on a real port.
        var app = _app;
        app.UseKestrel(0);
        app.StartServer();
        var server = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = server };
        var op = new ApiClient(http);
        await op.SignInAsync(TestApp.OperatorEmail, TestApp.Password);
        var s = new Scenario(app, op);
        var (_, _, accessId, contractId) = await ContractAsync(s);
        // Loopback holds all of 127.0.0.0/8: binding the client's socket picks the source address.
        for (var g = 0; g < Guessers; g++)
        {
            var guesser = await FromAsync(server, "127.0.0.2", await PersonalAsync(s, $"guesser{g}@outlook.example"));
            for (var i = 0; i < Defaults.WrongPairsPerAccount; i++)
                (await guesser.PostAsync("/v1/supportcontracts/links", new { accessId, contractId = Wrong(contractId) })).AssertProblem(HttpStatusCode.NotFound, "contract-not-found");
        }
        var colleague = await FromAsync(server, "127.0.0.2", await PersonalAsync(s, "colleague@outlook.example"));
        var elsewhere = await FromAsync(server, "127.0.0.3", await PersonalAsync(s, "elsewhere@outlook.example"));
        var held = (await colleague.PostAsync("/v1/supportcontracts/links", new { accessId, contractId })).AssertProblem(HttpStatusCode.TooManyRequests, "too-many-attempts");
        Assert.True(held.Headers.RetryAfter?.Delta?.TotalSeconds > 0, "Retry-After must say how long to wait");
        (await elsewhere.PostAsync("/v1/supportcontracts/links", new { accessId, contractId })).AssertStatus(HttpStatusCode.Created);

        var failed = (await op.GetAsync("/v1/audit?action=contract.link-failed")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Equal(Guessers * Defaults.WrongPairsPerAccount, failed.Count);
        Assert.All(failed, e => Assert.Equal("127.0.0.2", e!["clientAddress"]?.GetValue<string>()));

        app.Time.Advance(Defaults.WrongPairsWindow + TimeSpan.FromSeconds(1));
        colleague = await FromAsync(server, "127.0.0.2", "colleague@outlook.example");
        (await colleague.PostAsync("/v1/supportcontracts/links", new { accessId, contractId })).AssertStatus(HttpStatusCode.Created);
    }

    [SkippableFact]
    public async Task Issued_identifiers_carry_100_random_bits_in_an_alphabet_people_can_read_aloud()
    {
        Assert.True(ContractIdentifiers.EntropyBits >= 100, $"{ContractIdentifiers.EntropyBits} bits");
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Proseware", "mpn");
        var buyer = await s.UserAsync(org, "buyer@proseware.example", "globalAdmin");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 10; i++)
        {
            var bought = (await buyer.PostAsync("/v1/supportplans/premier/purchase")).AssertStatus(HttpStatusCode.Created);
            foreach (var id in new[] { bought.Str("accessId"), bought.Str("contractId") })
            {
                Assert.Matches(Crockford(), id);
                Assert.True(seen.Add(id), $"{id} issued twice");
            }
        }
    }

    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$")]
    private static partial Regex Crockford();

    private static async Task<ApiClient> FromAsync(Uri server, string source, string email)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new ApiClient(new HttpClient(handler) { BaseAddress = server });
        await client.SignInAsync(email, TestApp.Password);
        return client;
    }
}
