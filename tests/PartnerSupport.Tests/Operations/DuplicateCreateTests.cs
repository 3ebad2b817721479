using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Storage;
using PartnerSupport.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PartnerSupport.Tests.Operations;

/// <summary>
/// The same thing created by several requests at the same moment, half of them through each of
/// two server processes on one database: exactly one is created (201) and every other request
/// gets the answer a later duplicate gets (the same 409 code and sentence), never a 500.
/// </summary>
public sealed class DuplicateCreateTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Attempts = 8;
    private const int Rounds = 3;

    private TestDatabase _db = null!;
    private ServerProcess _a = null!;
    private ServerProcess _b = null!;

    // Two real server processes on one database, not the in-process AppTest host.
    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        // No key configured: the nodes share their signing keys through the database.
        _a = await ServerProcess.StartAsync(_db, "server A");
        _b = await ServerProcess.StartAsync(_db, "server B");
    }

    public async Task DisposeAsync()
    {
        if (_a is not null)
            await _a.DisposeAsync();
        if (_b is not null)
            await _b.DisposeAsync();
        await _db.DisposeAsync();
    }

    [SkippableFact]
    public async Task Identical_back_office_creates_on_two_servers_at_once_create_one_and_refuse_the_rest_as_duplicates()
    {
        var onA = await _a.OperatorAsync();
        var onB = _b.Client();
        onB.Http.DefaultRequestHeaders.Authorization = onA.Http.DefaultRequestHeaders.Authorization;
        var csp = (await onA.PostAsync("/v1/organizations", new { name = "Contoso", partnerId = "9000001", programs = new[] { "mpn", "csp" }, countryCode = "BR" }))
            .AssertStatus(HttpStatusCode.Created).Id;
        // Both servers warmed up and the token accepted by each.
        (await onA.GetAsync("/v1/products")).AssertStatus(HttpStatusCode.OK);
        (await onB.GetAsync("/v1/products")).AssertStatus(HttpStatusCode.OK);
        var clients = new[] { onA, onB };

        for (var round = 0; round < Rounds; round++)
        {
            var n = round.ToString(CultureInfo.InvariantCulture);
            await AssertOneCreatedAsync(clients, "organization", "/v1/organizations",
                new { name = "Northwind " + n, partnerId = "91000" + n, programs = new[] { "mpn" }, countryCode = "BR" }, "partner-id-taken",
                db => db.Organizations.CountAsync(o => o.PartnerId == "91000" + n));
            await AssertOneCreatedAsync(clients, "product", "/v1/products",
                new { name = "SQL Server 202" + n, family = "SQL Server", version = "202" + n, kind = "onPremises" }, "product-exists",
                db => db.Products.CountAsync(p => p.Family == "SQL Server" && p.Version == "202" + n));
            await AssertOneCreatedAsync(clients, "customer", $"/v1/organizations/{csp}/customers",
                new { name = "Tailspin " + n, tenantId = $"tailspin{n}.example", countryCode = "BR" }, "customer-exists",
                db => db.Customers.CountAsync(c => c.TenantId == $"tailspin{n}.example"));
            await AssertOneCreatedAsync(clients, "user of an organization", $"/v1/organizations/{csp}/users",
                new { email = $"engineer{n}@contoso.example", displayName = "Eli Engineer", accountType = "work", roles = Array.Empty<string>(), password = TestApp.Password }, "email-taken",
                db => db.Users.CountAsync(u => u.Email == $"engineer{n}@contoso.example"));
            await AssertOneCreatedAsync(clients, "personal user", "/v1/users",
                new { email = $"alex{n}@personal.example", displayName = "Alex Personal", accountType = "personal", roles = Array.Empty<string>(), password = TestApp.Password }, "email-taken",
                db => db.Users.CountAsync(u => u.Email == $"alex{n}@personal.example"));
        }

        Assert.False(_a.HasExited, _a.Log);
        Assert.False(_b.HasExited, _b.Log);
    }

    private async Task AssertOneCreatedAsync(ApiClient[] clients, string what, string path, object body, string code, Func<AppDbContext, Task<int>> stored)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, Attempts).Select(async i =>
        {
            await go.Task;
            return await clients[i % clients.Length].PostAsync(path, body);
        }).ToList();
        go.SetResult();
        var responses = await Task.WhenAll(attempts);
        output.WriteLine($"{what}: " + string.Join(", ", responses.GroupBy(r => $"{(int)r.Status} {r.Json?["code"]}".Trim()).Select(g => $"{g.Count()} x {g.Key}")));

        Assert.True(responses.Count(r => r.Status == HttpStatusCode.Created) == 1, $"{what}: exactly one created\n{string.Join("\n", responses.Select(r => r.ToString()))}");
        var later = (await clients[0].PostAsync(path, body)).AssertProblem(HttpStatusCode.Conflict, code);
        foreach (var refused in responses.Where(r => r.Status != HttpStatusCode.Created))
        {
            refused.AssertProblem(HttpStatusCode.Conflict, code);
            Assert.Equal(later.Str("detail"), refused.Str("detail"));
        }
        await using var db = Db();
        Assert.Equal(1, await stored(db));
    }

    private AppDbContext Db()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        if (_db.Provider == DatabaseProvider.Postgres)
            options.UseNpgsql(_db.ConnectionString);
        else
            options.UseSqlite(_db.ConnectionString);
        return new AppDbContext(options.Options);
    }
}
