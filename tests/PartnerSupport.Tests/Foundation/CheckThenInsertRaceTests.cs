using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerSupport.Accounts;
using PartnerSupport.Common;
using PartnerSupport.Demo;
using PartnerSupport.Organizations;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Foundation;

/// <summary>
/// Every "is it there yet? then add it" of the service, run by several callers at the same
/// moment: the thing is added once, and every caller gets the answer it would get one after
/// the other (the duplicate's refusal, or the thing already there), never a server error.
/// </summary>
public sealed class CheckThenInsertRaceTests : AppTest
{
    private const int Callers = 8;

    // A fixed demo password: each seeding caller would otherwise race to write the password file.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Demo:Password"] = "Demo-Passw0rd-42" };

    [SkippableFact]
    public async Task One_account_linking_one_contract_many_times_at_once_links_it_once()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, "actionPack", null);
        var ids = await s.ActivateAsync(admin);
        var sessions = new List<ApiClient>();
        for (var i = 0; i < Callers; i++)
            sessions.Add(await _app.SignInAsync("admin@fabrikam.example"));

        var responses = await AtOnceAsync(i => sessions[i].PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId }));

        Assert.Single(responses, r => r.Status == HttpStatusCode.Created);
        var later = (await admin.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId }))
            .AssertProblem(HttpStatusCode.Conflict, "contract-already-linked");
        foreach (var refused in responses.Where(r => r.Status != HttpStatusCode.Created))
        {
            refused.AssertProblem(HttpStatusCode.Conflict, "contract-already-linked");
            Assert.Equal(later.Str("detail"), refused.Str("detail"));
        }
        var contract = Guid.Parse(ids.SupportContractId);
        Assert.Equal(1, await _app.WithDbAsync(db => db.ContractLinks.CountAsync(l => l.SupportContractId == contract)));
    }

    [SkippableFact]
    public async Task The_same_partner_file_imported_several_times_at_once_loads_each_line_once()
    {
        var csv = string.Join("\n",
            "partnerId,name,programs,countryCode,offer,competency,startDate,endDate",
            "8200001,Northwind,mpn,BR,actionPack,,2026-01-01,2026-12-31",
            "8200001,Northwind,mpn,BR,gold,Cloud Platform,2026-01-01,2026-12-31",
            "8200002,Tailspin,mpn;csp,US,silver,Security,2026-01-01,2026-12-31",
            "8200003,Wingtip,mpn,ES,gold,Data Analytics,2026-01-01,2026-12-31");
        var operatorCaller = new Caller(Guid.Empty, "cli:test", "Command line", null, Roles.Operator);
        // The factory starts its host on first use, and not thread-safely: racing callers would each
        // start one, and the hosts it does not keep would poll a deleted database ever after.
        _ = _app.Services;

        var reports = await AtOnceAsync(async _ =>
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ImportMemberships>().RunAsync(operatorCaller, new StringReader(csv));
            return result.Value;
        });

        foreach (var line in reports.SelectMany(r => r))
            Assert.True(line.Outcome != ImportOutcome.Refused, $"line {line.Line} {line.PartnerId}: {line.Message}");
        // Each line was loaded by exactly one of the imports; the others found it there.
        foreach (var line in reports[0])
            Assert.Equal(1, reports.Count(r => r.Single(l => l.Line == line.Line).Message.Contains("membership created", StringComparison.Ordinal)));
        Assert.Equal(3, reports.Sum(r => r.Count(l => l.Message.Contains("organization", StringComparison.Ordinal))));

        var (organizations, memberships, benefits) = await _app.WithDbAsync(async db => (
            await db.Organizations.CountAsync(o => o.PartnerId.StartsWith("82000")),
            await db.Memberships.CountAsync(),
            await db.Benefits.CountAsync()));
        Assert.Equal(3, organizations);
        Assert.Equal(4, memberships);
        // Action Pack grants one benefit; Silver and Gold two each.
        Assert.Equal(1 + 2 + 2 + 2, benefits);
    }

    [SkippableFact]
    public async Task The_bootstrap_operator_ensured_by_several_starts_at_once_is_one_account()
    {
        await _app.OperatorAsync();

        var users = await AtOnceAsync(async _ =>
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<AddOperator>().EnsureAsync("second.operator@test.example", TestApp.Password);
            Assert.True(result.IsSuccess, result.Error?.Code);
            return result.Value.Id;
        });

        Assert.Single(users.Distinct());
        Assert.Equal(1, await _app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == "second.operator@test.example")));
        await _app.SignInAsync("second.operator@test.example");
    }

    [SkippableFact]
    public async Task Demo_data_seeded_by_several_starts_at_once_is_seeded_once()
    {
        await _app.OperatorAsync();

        await AtOnceAsync(async _ =>
        {
            await using var scope = _app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();
        });

        var (organizations, customers, products, activations) = await _app.WithDbAsync(async db => (
            await db.Organizations.CountAsync(),
            await db.Customers.CountAsync(),
            await db.Products.CountAsync(),
            await db.Activations.CountAsync()));
        Assert.Equal(1, organizations);
        Assert.Equal(2, customers);
        Assert.Equal(15, products);
        Assert.Equal(1, activations);
        await _app.SignInAsync(DemoSeeder.Accounts[1].Email, "Demo-Passw0rd-42");
    }

    /// <summary>Starts every caller, then lets them all go at the same moment.</summary>
    private static async Task<T[]> AtOnceAsync<T>(Func<int, Task<T>> call)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, Callers).Select(async i =>
        {
            await go.Task;
            return await call(i);
        }).ToList();
        go.SetResult();
        return await Task.WhenAll(calls);
    }
}
