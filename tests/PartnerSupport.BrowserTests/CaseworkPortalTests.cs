using System.Net;
using System.Security.Cryptography;
using Microsoft.Playwright;
using PartnerSupport.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerSupport.BrowserTests;

/// <summary>
/// Casework in the browser: a support engineer finds a partner's request in the queue, takes it,
/// asks for a log and waits on the partner; the partner reads the answer (never the internal note)
/// and replies with the file; the engineer downloads the very bytes sent and resolves the request.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class CaseworkPortalTests(PortalFixture portal, SmallAttachmentsApp small) : IClassFixture<SmallAttachmentsApp>
{
    private sealed record Texts(
        string NavQueue, string Search, string Show, string AssignToMe, string WaitOnPartner, string Reply, string Internal,
        string AttachFile, string Send, string Close, string Waiting, string Open, string Closed, string InternalNote);

    /// <summary>The portal's sentences, written out here so a missing translation fails.</summary>
    private static readonly Dictionary<string, Texts> Said = new()
    {
        ["en"] = new("Queue", "Search", "Show", "Assign to me", "Waiting on partner", "Your message", "Staff only (internal note)",
            "Attach a file (optional)", "Send", "Close request", "Waiting on partner", "Open", "Closed", "Internal note"),
        ["pt-BR"] = new("Fila", "Pesquisar", "Mostrar", "Atribuir a mim", "Aguardar o parceiro", "Sua mensagem", "Só a equipe (nota interna)",
            "Anexar um arquivo (opcional)", "Enviar", "Fechar solicitação", "Aguardando o parceiro", "Aberta", "Fechada", "Nota interna"),
        ["es-ES"] = new("Cola", "Buscar", "Mostrar", "Asignarme", "Esperar al socio", "Su mensaje", "Solo el equipo (nota interna)",
            "Adjuntar un archivo (opcional)", "Enviar", "Cerrar solicitud", "Esperando al socio", "Abierta", "Cerrada", "Nota interna"),
    };

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    [InlineData("es-ES")]
    public async Task An_engineer_works_a_partners_request_from_the_queue_to_its_resolution(string language)
    {
        var lang = Lang.For(language);
        var t = Said[language];
        var app = portal.App;
        var n = PortalApp.Next();
        var partnerEmail = $"admin{n}@fabrikam.example";
        var engineerEmail = $"engineer{n}@support.example";
        var org = await app.OrganizationAsync($"Fabrikam {n}");
        await app.UserAsync(org, partnerEmail, "globalAdmin");
        await app.MembershipAsync(org, "gold", "Data Analytics");
        var product = await app.ProductAsync($"SQL Server {n}", "2022");
        var contract = await app.ActivateAsync(partnerEmail, "productSupport");
        var api = await app.SignInAsync(partnerEmail);
        (await api.PostAsync("/v1/supportcontracts/links", new { accessId = contract.AccessId, contractId = contract.ContractId })).AssertStatus(HttpStatusCode.Created);
        var title = $"Availability group failover {n}";
        var id = (await api.PostAsync("/v1/servicerequests/en-US", new
        {
            title,
            description = "The secondary replica stays in resolving.",
            severity = "moderate",
            productId = product,
            supportContractId = contract.SupportContractId,
        })).AssertStatus(HttpStatusCode.Created).Id;
        (await app.Operator.PostAsync("/v1/staff", new
        {
            email = engineerEmail,
            displayName = $"Engineer {n}",
            roles = new[] { "supportEngineer" },
            password = Tests.Infrastructure.TestApp.Password,
        })).AssertStatus(HttpStatusCode.Created);

        await using var engineer = await portal.SignedInAsync(lang, engineerEmail, "/", app);
        var e = engineer.Page;
        await engineer.NavigateAsync(t.NavQueue);
        await Expect(e).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/queue$"));
        await e.GetByLabel(t.Search, new() { Exact = true }).FillAsync($"failover {n}");
        await e.GetByRole(AriaRole.Button, new() { Name = t.Show, Exact = true }).ClickAsync();
        var row = e.Locator("tr.queued");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator(".assignee")).Not.ToHaveTextAsync($"Engineer {n}");
        await engineer.AssertEveryFieldLabelledAsync();
        await engineer.ScreenshotAsync("casework-queue");
        await row.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();

        await e.GetByRole(AriaRole.Button, new() { Name = t.AssignToMe, Exact = true }).ClickAsync();
        await Expect(e.GetByRole(AriaRole.Button, new() { Name = t.AssignToMe, Exact = true })).ToHaveCountAsync(0);
        var note = $"Looks like the known listener bug {n}; check the cluster log first.";
        await e.GetByLabel(t.Reply, new() { Exact = true }).FillAsync(note);
        await e.GetByLabel(t.Internal, new() { Exact = true }).CheckAsync();
        await e.GetByRole(AriaRole.Button, new() { Name = t.Send, Exact = true }).ClickAsync();
        await Expect(e.Locator("li.message.internal")).ToContainTextAsync(note);
        await Expect(e.Locator("li.message.internal .badge.internal")).ToHaveTextAsync(t.InternalNote);
        var answer = $"Please send the cluster log {n}.";
        await e.GetByLabel(t.Reply, new() { Exact = true }).FillAsync(answer);
        await e.GetByRole(AriaRole.Button, new() { Name = t.Send, Exact = true }).ClickAsync();
        await Expect(e.Locator("li.message.public")).ToContainTextAsync(answer);
        await e.GetByRole(AriaRole.Button, new() { Name = t.WaitOnPartner, Exact = true }).ClickAsync();
        await Expect(e.Locator("dd.status .badge")).ToHaveTextAsync(t.Waiting);
        // The change is told in the page's language, not in the API's words.
        await Expect(e.Locator("li.event-statusChanged").Last).ToContainTextAsync($"{t.Open} → {t.Waiting}");
        await Expect(e.Locator("main")).Not.ToContainTextAsync("attention_needed");

        // The queue filter "assigned to me" finds it now.
        await engineer.GotoAsync($"/queue?assignedTo=me&q=failover+{n}");
        await Expect(e.Locator("tr.queued .assignee")).ToHaveTextAsync($"Engineer {n}");

        await using var partner = await portal.SignedInAsync(lang, partnerEmail, $"/requests/{id}", app);
        var p = partner.Page;
        await Expect(p.Locator("dd.status .badge")).ToHaveTextAsync(t.Waiting);
        await Expect(p.Locator("li.message")).ToHaveCountAsync(1);
        await Expect(p.Locator("li.message")).ToContainTextAsync(answer);
        await Expect(p.Locator("main")).Not.ToContainTextAsync(note);
        await Expect(p.GetByLabel(t.Internal, new() { Exact = true })).ToHaveCountAsync(0);
        var log = new byte[70_000];
        new Random(n).NextBytes(log);
        "cluster log\n"u8.CopyTo(log);
        await p.GetByLabel(t.Reply, new() { Exact = true }).FillAsync("Here is the log.");
        await p.GetByLabel(t.AttachFile, new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "cluster.log", MimeType = "text/plain", Buffer = log });
        await partner.AssertEveryFieldLabelledAsync();
        await p.GetByRole(AriaRole.Button, new() { Name = t.Send, Exact = true }).ClickAsync();
        await Expect(p.Locator("dd.status .badge")).ToHaveTextAsync(t.Open);
        await Expect(p.Locator("li.message").Last.GetByRole(AriaRole.Link, new() { Name = "cluster.log", Exact = true })).ToBeVisibleAsync();
        await partner.ScreenshotAsync("casework-partner-reply");

        await engineer.GotoAsync($"/requests/{id}");
        await Expect(e.Locator("dd.status .badge")).ToHaveTextAsync(t.Open);
        var download = await e.RunAndWaitForDownloadAsync(() => e.Locator("li.file").GetByRole(AriaRole.Link, new() { Name = "cluster.log", Exact = true }).ClickAsync());
        Assert.Equal("cluster.log", download.SuggestedFilename);
        Assert.Equal(log, await File.ReadAllBytesAsync((await download.PathAsync())!));
        await engineer.ScreenshotAsync("casework-timeline");
        await e.GetByRole(AriaRole.Button, new() { Name = t.Close, Exact = true }).ClickAsync();
        await Expect(e.Locator("dd.status .badge")).ToHaveTextAsync(t.Closed);
        await Expect(e.Locator("form.reply")).ToHaveCountAsync(0);

        await partner.GotoAsync($"/requests/{id}");
        await Expect(p.Locator("dd.status .badge")).ToHaveTextAsync(t.Closed);
        await Expect(p.Locator("form.reply")).ToHaveCountAsync(0);
        engineer.AssertNoProblems();
        partner.AssertNoProblems();
    }

    /// <summary>
    /// The reply box takes a file larger than the 256 KiB every other form is held to, up to
    /// Attachments:MaxBytes (600 KiB here), and the very bytes arrive. A larger file, just over the
    /// limit or far over it, is refused with the page's sentence next to the file, and its message
    /// is not sent without it.
    /// </summary>
    [SkippableFact]
    public async Task A_reply_takes_a_file_up_to_the_attachment_limit_and_refuses_a_larger_one_with_its_message()
    {
        var app = small.App;
        var n = PortalApp.Next();
        var partnerEmail = $"admin{n}@fabrikam.example";
        var org = await app.OrganizationAsync($"Fabrikam {n}");
        await app.UserAsync(org, partnerEmail, "globalAdmin");
        await app.MembershipAsync(org, "gold", "Data Analytics");
        var product = await app.ProductAsync($"SQL Server {n}", "2022");
        var contract = await app.ActivateAsync(partnerEmail, "productSupport");
        var api = await app.SignInAsync(partnerEmail);
        (await api.PostAsync("/v1/supportcontracts/links", new { accessId = contract.AccessId, contractId = contract.ContractId })).AssertStatus(HttpStatusCode.Created);
        var id = (await api.PostAsync("/v1/servicerequests/en-US", new
        {
            title = $"Backup restore fails {n}",
            description = "The restore stops at 90 percent.",
            severity = "moderate",
            productId = product,
            supportContractId = contract.SupportContractId,
        })).AssertStatus(HttpStatusCode.Created).Id;
        var t = Said["en"];

        await using var partner = await portal.SignedInAsync(Lang.For("en"), partnerEmail, $"/requests/{id}", app);
        var p = partner.Page;
        var dump = new byte[400 * 1024];
        new Random(n).NextBytes(dump);
        await p.GetByLabel(t.Reply, new() { Exact = true }).FillAsync("Here is the dump.");
        await p.GetByLabel(t.AttachFile, new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "restore.dmp", MimeType = "application/octet-stream", Buffer = dump });
        await p.GetByRole(AriaRole.Button, new() { Name = t.Send, Exact = true }).ClickAsync();
        var link = p.Locator("li.message").Last.GetByRole(AriaRole.Link, new() { Name = "restore.dmp", Exact = true });
        await Expect(link).ToBeVisibleAsync();
        var download = await p.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal(SHA256.HashData(dump), SHA256.HashData(await File.ReadAllBytesAsync((await download.PathAsync())!)));

        foreach (var size in new[] { SmallAttachmentsApp.MaxBytes + 1, 4 * SmallAttachmentsApp.MaxBytes })
        {
            var tooLarge = new byte[size];
            new Random(n + size).NextBytes(tooLarge);
            var text = $"A larger dump of {size} bytes.";
            await p.GetByLabel(t.Reply, new() { Exact = true }).FillAsync(text);
            await p.GetByLabel(t.AttachFile, new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "full.dmp", MimeType = "application/octet-stream", Buffer = tooLarge });
            await p.GetByRole(AriaRole.Button, new() { Name = t.Send, Exact = true }).ClickAsync();
            await Expect(p.Locator("form.reply .field-error")).ToHaveTextAsync($"The file is larger than the {SmallAttachmentsApp.MaxBytes} bytes a service request accepts.");
            await Expect(p.Locator("li.message")).ToHaveCountAsync(1);
            await Expect(p.Locator("main")).Not.ToContainTextAsync(text);
        }
        var files = (await api.GetAsync($"/v1/servicerequests/{id}/attachments")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Single(files);
        partner.AssertNoProblems();
    }

    /// <summary>
    /// The queue page counts its usual filters, each a link that applies it: a new request counts
    /// as open and unassigned, taking it moves it to "assigned to me".
    /// </summary>
    [SkippableFact]
    public async Task The_queue_page_counts_each_usual_filter_and_links_to_it()
    {
        var app = small.App;
        var n = PortalApp.Next();
        var partnerEmail = $"admin{n}@fabrikam.example";
        var engineerEmail = $"engineer{n}@support.example";
        var org = await app.OrganizationAsync($"Fabrikam {n}");
        await app.UserAsync(org, partnerEmail, "globalAdmin");
        await app.MembershipAsync(org, "gold", "Data Analytics");
        var product = await app.ProductAsync($"SQL Server {n}", "2022");
        var contract = await app.ActivateAsync(partnerEmail, "productSupport");
        var api = await app.SignInAsync(partnerEmail);
        (await api.PostAsync("/v1/supportcontracts/links", new { accessId = contract.AccessId, contractId = contract.ContractId })).AssertStatus(HttpStatusCode.Created);
        var engineerId = (await app.Operator.PostAsync("/v1/staff", new
        {
            email = engineerEmail,
            displayName = $"Engineer {n}",
            roles = new[] { "supportEngineer" },
            password = Tests.Infrastructure.TestApp.Password,
        })).AssertStatus(HttpStatusCode.Created).Id;
        var engineerApi = await app.SignInAsync(engineerEmail);

        await using var engineer = await portal.SignedInAsync(Lang.For("en"), engineerEmail, "/queue", app);
        var e = engineer.Page;
        async Task<Dictionary<string, int>> CountsAsync()
        {
            var counts = new Dictionary<string, int>();
            foreach (var filter in new[] { "open", "waiting", "unassigned", "mine", "breached" })
                counts[filter] = int.Parse(await e.Locator($".queue-counts a[data-filter={filter}] .count").InnerTextAsync(), System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
            return counts;
        }
        var before = await CountsAsync();
        var title = $"Mailbox move stalls {n}";
        var id = (await api.PostAsync("/v1/servicerequests/en-US", new
        {
            title,
            description = "The move batch stays at 95 percent.",
            severity = "moderate",
            productId = product,
            supportContractId = contract.SupportContractId,
        })).AssertStatus(HttpStatusCode.Created).Id;

        await engineer.GotoAsync("/queue");
        var after = await CountsAsync();
        Assert.Equal(before["open"] + 1, after["open"]);
        Assert.Equal(before["unassigned"] + 1, after["unassigned"]);
        Assert.Equal(before["mine"], after["mine"]);
        Assert.Equal(before["waiting"], after["waiting"]);
        await e.Locator(".queue-counts a[data-filter=unassigned]").ClickAsync();
        await Expect(e).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/queue\\?assignedTo=unassigned$"));
        await Expect(e.GetByRole(AriaRole.Link, new() { Name = title, Exact = true })).ToBeVisibleAsync();

        (await engineerApi.PostAsync($"/v1/servicerequests/{id}/assign", new { assigneeId = engineerId })).AssertStatus(HttpStatusCode.OK);
        await engineer.GotoAsync("/queue");
        var assigned = await CountsAsync();
        Assert.Equal(after["unassigned"] - 1, assigned["unassigned"]);
        Assert.Equal(after["mine"] + 1, assigned["mine"]);
        await e.Locator(".queue-counts a[data-filter=mine]").ClickAsync();
        await Expect(e.Locator("tr.queued")).ToHaveCountAsync(assigned["mine"]);
        await Expect(e.GetByRole(AriaRole.Link, new() { Name = title, Exact = true })).ToBeVisibleAsync();
        await engineer.AssertNoHorizontalScrollAsync();
        engineer.AssertNoProblems();
    }
}

/// <summary>An application whose attachments may be at most 600 KiB, so files on both sides of that limit stay small.</summary>
public sealed class SmallAttachmentsApp : IAsyncLifetime
{
    public const int MaxBytes = 600 * 1024;

    private PortalApp? _app;

    public PortalApp App => _app ?? throw new InvalidOperationException("The application is not started.");

    public async Task InitializeAsync() =>
        _app = await PortalApp.StartAsync(new Dictionary<string, string?> { ["Attachments:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
