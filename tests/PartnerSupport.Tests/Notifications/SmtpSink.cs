using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Notifications;

/// <summary>One message the SMTP server accepted, as it arrived.</summary>
public sealed record ReceivedMail(string EnvelopeTo, MimeMessage Message)
{
    public string To => EnvelopeTo;
    public string Subject => Message.Subject ?? "";
    public string Text => Message.TextBody ?? "";
    public string Html => Message.HtmlBody ?? "";
}

/// <summary>
/// A real SMTP server on 127.0.0.1 (aiosmtpd, <c>smtp_sink.py</c>) that stores what it accepts in a
/// folder; it can be stopped (the server is down) and started again on the same port.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("partnersupport-smtp-").FullName;
    private readonly HashSet<string> _taken = [];
    private Process? _process;

    public SmtpSink()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public static async Task<SmtpSink> StartAsync()
    {
        Requires.SmtpServer();
        var sink = new SmtpSink();
        await sink.StartAgainAsync();
        return sink;
    }

    /// <summary>The settings that send the application's mail here.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "none",
        ["Smtp:From"] = "Partner Support <support@partnersupport.example>",
        ["Smtp:Timeout"] = "00:00:10",
        ["Notifications:PollInterval"] = "00:00:00.100",
        ["Notifications:PortalUrl"] = "https://support.example.com/",
        ["Notifications:StaffInbox"] = "inbox@support.example",
    };

    public async Task StartAgainAsync()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Notifications", "smtp_sink.py");
        var start = new ProcessStartInfo("/usr/bin/python3", [script, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), _folder])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var ready = _process.StandardOutput.ReadLineAsync();
        if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(20))) != ready || await ready != "ready")
        {
            var error = _process.HasExited ? await _process.StandardError.ReadToEndAsync() : "no answer in 20 s";
            throw new InvalidOperationException($"The SMTP server (aiosmtpd) did not start: {error}");
        }
    }

    /// <summary>The server goes away: connections are refused until it is started again.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
            return;
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Every message received so far, oldest first.</summary>
    public IReadOnlyList<ReceivedMail> All() =>
        Directory.GetFiles(_folder, "*.eml").Order(StringComparer.Ordinal).Select(Read).ToList();

    /// <summary>The messages received since the last call, oldest first.</summary>
    public IReadOnlyList<ReceivedMail> TakeNew()
    {
        var files = Directory.GetFiles(_folder, "*.eml").Order(StringComparer.Ordinal).Where(f => !_taken.Contains(f)).ToList();
        _taken.UnionWith(files);
        return files.Select(Read).ToList();
    }

    private static ReceivedMail Read(string file)
    {
        using var stream = File.OpenRead(file);
        var message = MimeMessage.Load(stream);
        return new ReceivedMail(message.Headers["X-Envelope-To"] ?? "", message);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
