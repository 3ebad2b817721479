using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerSupport.Accounts;
using PartnerSupport.Storage;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Security;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Tests.Operations;

/// <summary>
/// Two real server processes on one database, each with its own working and home folder and no
/// key configured, as nodes behind a load balancer: they start at the same instant on an empty
/// database and make one token signing key and one Data Protection key between them; a bearer
/// token from either node works on the other; a portal session opened on one node is signed in
/// on the other, where a form posted with the first node's antiforgery token is accepted. Then
/// the same races made tight with several nodes' services in this process: first keys, rotation.
/// </summary>
public sealed class SharedKeysTests : IAsyncLifetime
{
    private readonly List<ServerProcess> _servers = [];
    // Several server nodes on one database, not the single in-process AppTest host.
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
            await server.DisposeAsync();
        await _db.DisposeAsync();
    }

    [SkippableFact]
    public async Task Two_nodes_started_at_once_on_an_empty_database_make_one_key_of_each_kind_and_accept_each_others_tokens_cookies_and_forms()
    {
        var started = await Task.WhenAll(ServerProcess.StartAsync(_db, "server A"), ServerProcess.StartAsync(_db, "server B"));
        _servers.AddRange(started);
        var (a, b) = (started[0], started[1]);

        await using (var db = Db())
        {
            Assert.Equal(1, await db.SigningKeys.CountAsync());
            Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
        }

        // Bearer tokens, both ways.
        var apiA = await a.OperatorAsync();
        var apiB = await b.OperatorAsync();
        (await OnServer(b, apiA).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        (await OnServer(a, apiB).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);

        // One browser, its requests spread over both nodes.
        var cookies = new CookieContainer();
        var onA = PortalSession.Create(a.BaseAddress, cookies);
        var onB = PortalSession.Create(b.BaseAddress, cookies);
        await onA.SignInAsync(TestApp.OperatorEmail);
        var list = await onB.GetAsync("/admin/organizations");
        Assert.True(list.Status == HttpStatusCode.OK, $"Server B should take server A's sign-in cookie: {list}");

        var form = await onA.GetAsync("/admin/organizations");
        var token = PortalSession.TokenIn(form.Html) ?? throw new InvalidOperationException("No antiforgery token on server A's form: " + form);
        KeyValuePair<string, string>[] fields =
            [new("Input.Name", "Load Balanced Works"), new("Input.PartnerId", "4400123"), new("Input.Programs", "mpn"), new("Input.CountryCode", "NL")];
        // Without a token server B refuses the form, so what follows is the token's doing.
        Assert.Equal(HttpStatusCode.BadRequest, (await onB.PostFormAsync("/admin/organizations", fields, token: "")).Status);
        var created = await onB.PostFormAsync("/admin/organizations", fields, token);
        Assert.True(created.Status == HttpStatusCode.Redirect && created.Location!.StartsWith("/admin/organizations/", StringComparison.Ordinal),
            $"Server B should take the form with server A's antiforgery token: {created}");
        var id = created.Location!.Split('/').Last();
        Assert.Equal("Load Balanced Works", (await apiA.GetAsync($"/v1/organizations/{id}")).AssertStatus(HttpStatusCode.OK).Str("name"));

        // Still one key of each kind after all that.
        await using (var db = Db())
        {
            Assert.Equal(1, await db.SigningKeys.CountAsync());
            Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
        }
        Assert.False(a.HasExited, a.Log);
        Assert.False(b.HasExited, b.Log);
    }

    [SkippableFact]
    public async Task Six_nodes_making_their_first_keys_at_the_same_moment_make_one_signing_key_and_one_Data_Protection_key_between_them()
    {
        // The processes above rarely reach this step at the same moment; these nodes (the
        // services of a server, one set per node) all do.
        var nodes = Enumerable.Range(0, 6).Select(_ => Node()).ToList();
        try
        {
            await using (var scope = nodes[0].CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync();
            await Task.WhenAll(nodes.Select(node => Task.Run(() => node.InitializeSharedKeysAsync())));

            await using (var db = Db())
            {
                Assert.Equal(1, await db.SigningKeys.CountAsync());
                Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
            }
            // And what one node protects, every other one can read.
            var secret = nodes[0].GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("shared");
            Assert.All(nodes, node => Assert.Equal("shared", node.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret)));
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Six_nodes_finding_the_signing_key_due_at_the_same_moment_add_one_new_key_between_them()
    {
        var time = new ManualTimeProvider(TestApp.DefaultStart);
        var rotation = TimeSpan.FromDays(30);
        var nodes = Enumerable.Range(0, 6).Select(_ => Node(time)).ToList();
        try
        {
            await using (var scope = nodes[0].CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync();
                await scope.ServiceProvider.GetRequiredService<RotateSigningKey>().RunAsync(rotation);
            }
            // Each node reads the keys once, so that none is still warming up when the key falls due.
            Assert.All(await RotateOnEveryNode(), keys => Assert.Equal(1, keys[^1].Generation));
            time.Advance(rotation);
            var seen = await RotateOnEveryNode();

            await using var db = Db();
            Assert.Equal([1, 2], await db.SigningKeys.OrderBy(k => k.Generation).Select(k => k.Generation).ToListAsync());
            // Every node came away with the new key as its newest.
            Assert.All(seen, keys => Assert.Equal(2, keys[^1].Generation));
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }

        Task<IReadOnlyList<SigningKey>[]> RotateOnEveryNode() => Task.WhenAll(nodes.Select(node => Task.Run(async () =>
        {
            await using var scope = node.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<RotateSigningKey>().RunAsync(rotation);
        })));
    }

    private ServiceProvider Node(TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = _db.Provider.ToString(),
                ["ConnectionStrings:PartnerSupport"] = _db.ConnectionString,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddPartnerSupport(configuration);
        services.AddSharedKeys();
        return services.BuildServiceProvider();
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

    private static ApiClient OnServer(ServerProcess server, ApiClient client)
    {
        var other = server.Client();
        other.Http.DefaultRequestHeaders.Authorization = client.Http.DefaultRequestHeaders.Authorization;
        return other;
    }
}
