using System.Net;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Entitlements;

/// <summary>
/// The two messages the article puts on the Technical benefits page: "You are not authorized for
/// this action" for an account that is not MPN-associated, and "Looks like you don't have any
/// benefits yet" for an organization without an active membership offer; in the reader's language.
/// </summary>
/// <remarks>Each test builds an organization of its own, so one server serves them all.</remarks>
public sealed class BenefitMessagesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private TestApp App => fixture.App;

    private DateOnly Today => DateOnly.FromDateTime(App.Time.GetUtcNow().UtcDateTime);

    [SkippableTheory]
    [InlineData(null, "You are not authorized for this action.")]
    [InlineData("en-US", "You are not authorized for this action.")]
    [InlineData("pt-BR", "Você não está autorizado para esta ação.")]
    [InlineData("es-ES", "No está autorizado para esta acción.")]
    public async Task An_organization_only_in_CSP_is_not_authorized_for_benefits(string? language, string detail)
    {
        var s = await Scenario.StartAsync(App);
        var org = await s.OrganizationAsync("Contoso CSP", "csp");
        var admin = await s.UserAsync(org, $"{Guid.NewGuid():N}@contoso.example", "globalAdmin", "adminAgent");

        var response = (await GetAsync(admin, "/v1/benefits", language)).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");

        Assert.Equal(detail, response.Str("detail"));
    }

    [SkippableFact]
    public async Task An_organization_only_in_CSP_is_refused_even_when_it_holds_a_membership()
    {
        var s = await Scenario.StartAsync(App);
        var org = await s.OrganizationAsync("Contoso CSP", "csp");
        var admin = await s.UserAsync(org, $"{Guid.NewGuid():N}@contoso.example", "globalAdmin");
        await s.MembershipAsync(org, "gold", "Cloud Platform");

        var response = (await admin.GetAsync("/v1/benefits")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");

        Assert.Equal("You are not authorized for this action.", response.Str("detail"));
        Assert.Null(response.Json!["items"]);
    }

    [SkippableFact]
    public async Task An_organization_in_both_MPN_and_CSP_sees_its_benefits()
    {
        var s = await Scenario.StartAsync(App);
        var org = await s.OrganizationAsync("Northwind", "mpn", "csp");
        var user = await s.UserAsync(org, $"{Guid.NewGuid():N}@northwind.example");
        await s.MembershipAsync(org, "silver", "Security");

        var response = (await user.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal(2, response.Items().Count);
        Assert.Null(response.Json!["message"]);
    }

    [SkippableTheory]
    [InlineData(null, "Looks like you don't have any benefits yet")]
    [InlineData("pt-BR", "Parece que você ainda não tem nenhum benefício")]
    [InlineData("es-ES", "Parece que aún no tiene")]
    public async Task An_MPN_organization_without_a_membership_gets_an_empty_list_and_the_no_benefits_message(string? language, string start)
    {
        var s = await Scenario.StartAsync(App);
        var org = await s.OrganizationAsync();
        var user = await s.UserAsync(org, $"{Guid.NewGuid():N}@fabrikam.example", "globalAdmin");

        var response = (await GetAsync(user, "/v1/benefits", language)).AssertStatus(HttpStatusCode.OK);

        Assert.Empty(response.Items());
        Assert.StartsWith(start, response.Str("message"), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData(null, "Looks like you don't have any benefits yet")]
    [InlineData("pt-BR", "Parece que você ainda não tem nenhum benefício")]
    public async Task An_organization_whose_only_membership_ended_yesterday_gets_the_no_benefits_message(string? language, string start)
    {
        var s = await Scenario.StartAsync(App);
        var org = await s.OrganizationAsync();
        var user = await s.UserAsync(org, $"{Guid.NewGuid():N}@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, "gold", "Data Analytics", Today.AddYears(-1), Today.AddDays(-1));

        var response = (await GetAsync(user, "/v1/benefits", language)).AssertStatus(HttpStatusCode.OK);

        Assert.Empty(response.Items());
        Assert.StartsWith(start, response.Str("message"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_membership_ending_today_still_counts_and_shows_no_message()
    {
        var s = await Scenario.StartAsync(App);
        var org = await s.OrganizationAsync();
        var user = await s.UserAsync(org, $"{Guid.NewGuid():N}@fabrikam.example");
        await s.MembershipAsync(org, "actionPack", null, Today.AddYears(-1), Today);

        var response = (await user.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK);

        var benefit = Assert.Single(response.Items())!;
        Assert.Equal("notActivated", benefit.Str("status"));
        Assert.Null(response.Json!["message"]);
    }

    [SkippableFact]
    public async Task An_ended_membership_beside_an_active_one_shows_only_the_active_ones_benefits()
    {
        var s = await Scenario.StartAsync(App);
        var org = await s.OrganizationAsync();
        var user = await s.UserAsync(org, $"{Guid.NewGuid():N}@fabrikam.example");
        await s.MembershipAsync(org, "gold", "Data Analytics", Today.AddYears(-1), Today.AddDays(-1));
        var current = await s.MembershipAsync(org, "actionPack", null);

        var response = (await user.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK);

        var benefit = Assert.Single(response.Items())!;
        Assert.Equal(current, benefit.Str("membershipId"));
        Assert.Null(response.Json!["message"]);
    }

    [SkippableTheory]
    [InlineData(null, "You are not authorized for this action.")]
    [InlineData("pt-BR", "Você não está autorizado para esta ação.")]
    public async Task A_personal_account_that_belongs_to_no_organization_is_not_authorized_for_benefits(string? language, string detail)
    {
        var s = await Scenario.StartAsync(App);
        var alex = await s.UserAsync(null, $"{Guid.NewGuid():N}@personal.example");

        var response = (await GetAsync(alex, "/v1/benefits", language)).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");

        Assert.Equal(detail, response.Str("detail"));
    }

    private static Task<ApiResponse> GetAsync(ApiClient client, string path, string? language)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (language is not null)
            request.Headers.AcceptLanguage.ParseAdd(language);
        return client.SendAsync(request);
    }
}
