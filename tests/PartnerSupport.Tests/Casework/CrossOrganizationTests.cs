using System.Net;
using PartnerSupport.Tests.CloudAndCsp;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Operations;

namespace PartnerSupport.Tests.Casework;

/// <summary>A request's conversation, files and timeline exist only for its organization and the staff.</summary>
public sealed class CrossOrganizationTests : AppTest
{
    [SkippableFact]
    public async Task Every_role_of_another_organization_and_a_personal_account_get_404_for_a_requests_messages_files_and_timeline()
    {
        var s = await Scenario.StartAsync(_app);
        var a = await s.PartnerWithContractAsync("Adatum");
        var id = await a.OpenIdAsync();
        var message = (await a.Engineer.MessageAsync(id, "Secret details of Adatum")).AssertStatus(HttpStatusCode.Created);
        var file = (await a.Engineer.UploadAsync(id, "adatum's log"u8.ToArray(), "adatum.log", message.Id)).AssertStatus(HttpStatusCode.Created);

        var orgB = await s.OrganizationAsync("Bellows", "mpn", "csp");
        var outsiders = new List<ApiClient>
        {
            await s.UserAsync(orgB, "global@bellows.example", "globalAdmin"),
            await s.UserAsync(orgB, "mpn@bellows.example", "mpnPartnerAdmin"),
            await s.UserAsync(orgB, "agent@bellows.example", "adminAgent"),
            await s.UserAsync(orgB, "plain@bellows.example"),
            await s.UserAsync(null, "alex@personal.example"),
        };
        foreach (var outsider in outsiders)
        {
            foreach (var path in new[] { "messages", "attachments", "events" })
                (await outsider.GetAsync($"/v1/servicerequests/{id}/{path}")).AssertProblem(HttpStatusCode.NotFound, "service-request-not-found");
            var download = (await outsider.GetAsync($"/v1/servicerequests/{id}/attachments/{file.Id}")).AssertStatus(HttpStatusCode.NotFound);
            Assert.DoesNotContain("adatum", download.Text, StringComparison.OrdinalIgnoreCase);
            (await outsider.MessageAsync(id, "Hello?")).AssertProblem(HttpStatusCode.NotFound, "service-request-not-found");
            (await outsider.UploadAsync(id, [1, 2], "mine.txt")).AssertProblem(HttpStatusCode.NotFound, "service-request-not-found");
            (await outsider.PatchAsync($"/v1/servicerequests/{id}", new { newNote = new { text = "Hello?" } })).AssertProblem(HttpStatusCode.NotFound, "service-request-not-found");
        }
        // An attachment asked for through another request, even one the caller may read: 404.
        var b = await s.PartnerWithContractAsync("Corvid");
        var own = await b.OpenIdAsync();
        (await b.Engineer.GetAsync($"/v1/servicerequests/{own}/attachments/{file.Id}")).AssertProblem(HttpStatusCode.NotFound, "attachment-not-found");
        Assert.Single((await a.Admin.GetAsync($"/v1/servicerequests/{id}/messages")).Items());
    }

    [SkippableFact]
    public async Task An_admin_agent_works_the_conversation_of_a_request_it_opened_for_its_customer()
    {
        var s = await Scenario.StartAsync(_app);
        var (engineer, _) = await s.EngineerAsync(_app);
        var org = await s.OrganizationAsync("Tailspin", "csp");
        var tenant = await s.CustomerAsync(org, "northwind.onmicrosoft.com");
        var agent = await s.UserAsync(org, "agent@tailspin.example", "adminAgent");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");
        var id = (await agent.PostAsync($"/v1/customers/{tenant}/servicerequests/en-US", Scenario.CloudRequest(vm, supportPlan: Scenario.CspPlan, workload: "azure")))
            .AssertStatus(HttpStatusCode.Created).Id;

        Assert.Contains(id, (await engineer.QueueAsync()).Ids());
        (await engineer.MessageAsync(id, "Which region?")).AssertStatus(HttpStatusCode.Created);
        (await agent.MessageAsync(id, "Brazil South.")).AssertStatus(HttpStatusCode.Created);
        Assert.Equal(["Which region?", "Brazil South."], (await agent.GetAsync($"/v1/servicerequests/{id}/messages")).AssertStatus(HttpStatusCode.OK).Items().Select(m => m!.Str("text")));

        var other = await s.OrganizationAsync("Wingtip", "csp");
        var otherAgent = await s.UserAsync(other, "agent@wingtip.example", "adminAgent");
        (await otherAgent.GetAsync($"/v1/servicerequests/{id}/messages")).AssertProblem(HttpStatusCode.NotFound, "service-request-not-found");
    }
}
