using System.Net;
using System.Security.Cryptography;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Operations;

namespace PartnerSupport.Tests.Casework;

/// <summary>Files on a request: stored in the database, given back byte for byte, refused when too large, executable or too many.</summary>
public sealed class AttachmentTests : AppTest
{
    private const int MaxBytes = 3 * 1024 * 1024 + 100;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Attachments:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Attachments:MaxPerRequest"] = "3",
    };

    [SkippableFact]
    public async Task A_binary_file_larger_than_one_slice_comes_back_with_the_same_bytes_and_sha256_as_a_download_that_browsers_do_not_sniff()
    {
        var s = await Scenario.StartAsync(_app);
        var p = await s.PartnerWithContractAsync("Adatum");
        var (engineer, _) = await s.EngineerAsync(_app);
        var id = await p.OpenIdAsync();
        var bytes = new byte[MaxBytes];
        new Random(42).NextBytes(bytes);
        bytes[0] = 0x50; // not the start of an executable
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var message = (await p.Engineer.MessageAsync(id, "The dump is attached.")).AssertStatus(HttpStatusCode.Created);
        var uploaded = (await p.Engineer.UploadAsync(id, bytes, "memory dump (1).dmp.zip", message.Id, "application/zip")).AssertStatus(HttpStatusCode.Created);
        Assert.Equal(sha, uploaded.Str("sha256"));
        Assert.Equal(bytes.Length, uploaded.Json!["size"]!.GetValue<long>());
        Assert.Equal("memory dump (1).dmp.zip", uploaded.Str("fileName"));
        Assert.Equal("application/zip", uploaded.Str("contentType"));

        foreach (var reader in new[] { p.Admin, engineer })
        {
            using var response = await reader.Http.GetAsync($"/v1/servicerequests/{id}/attachments/{uploaded.Id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(body)));
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal("memory dump (1).dmp.zip", response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!.Trim('"'));
            Assert.Contains("nosniff", response.Headers.GetValues("X-Content-Type-Options"));
        }
        var listed = (await p.Admin.GetAsync($"/v1/servicerequests/{id}/attachments")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Equal([uploaded.Id], listed.Ids());
        Assert.Equal(uploaded.Id, (await p.Admin.GetAsync($"/v1/servicerequests/{id}/messages")).Items()[0]!["attachments"]!.AsArray().Single()!.Str("id"));
    }

    [SkippableFact]
    public async Task Too_large_executable_and_blocked_files_are_refused_with_their_codes_and_nothing_is_stored()
    {
        var s = await Scenario.StartAsync(_app);
        var p = await s.PartnerWithContractAsync("Adatum");
        var id = await p.OpenIdAsync();

        (await p.Engineer.UploadAsync(id, new byte[MaxBytes + 1], "big.log")).AssertProblem(HttpStatusCode.RequestEntityTooLarge, "attachment-too-large");
        byte[][] programs =
        [
            [(byte)'M', (byte)'Z', 0x90, 0x00, 1, 2, 3],
            [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1],
            [0xCF, 0xFA, 0xED, 0xFE, 7, 0, 0, 1],
            [0xFE, 0xED, 0xFA, 0xCE, 0, 0, 0, 7],
            [0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 2],
            "#!/bin/sh\nrm -rf /\n"u8.ToArray(),
        ];
        foreach (var program in programs)
            (await p.Engineer.UploadAsync(id, program, "notes.txt", contentType: "text/plain")).AssertProblem(HttpStatusCode.UnsupportedMediaType, "attachment-type-blocked");
        foreach (var name in new[] { "setup.exe", "run.BAT", "script.ps1" })
            (await p.Engineer.UploadAsync(id, "harmless text"u8.ToArray(), name)).AssertProblem(HttpStatusCode.UnsupportedMediaType, "attachment-type-blocked");
        (await p.Engineer.UploadAsync(id, [1], "x.txt", messageId: "not-an-id")).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        (await p.Engineer.UploadAsync(id, [1], "x.txt", messageId: Guid.NewGuid().ToString())).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        (await p.Engineer.PostAsync($"/v1/servicerequests/{id}/attachments", new { file = "x" })).AssertProblem(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");

        Assert.Empty((await p.Engineer.GetAsync($"/v1/servicerequests/{id}/attachments")).Items());
        Assert.Equal(0, await _app.WithDbAsync(db => Task.FromResult(db.AttachmentChunks.Count())));
        Assert.Equal(0, (await _app.WithDbAsync(db => Task.FromResult(db.ServiceRequests.Single()))).AttachmentCount);
    }

    [SkippableFact]
    public async Task A_request_holds_at_most_the_configured_number_of_files()
    {
        var s = await Scenario.StartAsync(_app);
        var p = await s.PartnerWithContractAsync("Adatum");
        var id = await p.OpenIdAsync();
        for (var i = 0; i < 3; i++)
            (await p.Engineer.UploadAsync(id, [(byte)i, 1, 2], $"log{i}.txt")).AssertStatus(HttpStatusCode.Created);
        (await p.Engineer.UploadAsync(id, [9, 9], "one-more.txt")).AssertProblem(HttpStatusCode.Conflict, "too-many-attachments");
        Assert.Equal(3, (await p.Engineer.GetAsync($"/v1/servicerequests/{id}/attachments")).Items().Count);
        // Another request has its own allowance.
        var other = await p.OpenIdAsync(title: "Another one");
        (await p.Engineer.UploadAsync(other, [9, 9], "one-more.txt")).AssertStatus(HttpStatusCode.Created);
    }
}
