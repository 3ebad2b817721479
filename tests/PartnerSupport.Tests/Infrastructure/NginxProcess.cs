using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PartnerSupport.Tests.Infrastructure;

/// <summary>
/// A real nginx ending TLS in front of server processes, as installations run: started by the test
/// with its own configuration, prefix, logs and certificate in a temporary folder, listening on a
/// free port of 127.0.0.1 (never the system service, never port 80). It connects to the servers
/// from <see cref="ProxyAddress"/> (<c>proxy_bind</c>), the address the servers are told to trust.
/// API calls (<c>/v1/</c>) go round-robin over the servers; the portal's pages stick to one server
/// per client address (<c>hash $remote_addr</c>), since its cookies are only readable where they
/// were made. Every answer names the server that gave it in <c>X-Upstream</c>.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    public const string ProxyAddress = "127.0.0.10";

    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _log = new();

    static NginxProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values)
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    };

    private NginxProcess(Process process, string folder, Uri baseAddress, X509Certificate2 certificate)
    {
        _process = process;
        _folder = folder;
        BaseAddress = baseAddress;
        Certificate = certificate;
    }

    /// <summary>https://127.0.0.1:port, the address clients use.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The self-signed certificate nginx presents; clients trust exactly this one.</summary>
    public X509Certificate2 Certificate { get; }

    public string Log
    {
        get
        {
            var errors = Path.Combine(_folder, "error.log");
            lock (_log)
                return _log + (File.Exists(errors) ? File.ReadAllText(errors) : "");
        }
    }

    /// <summary>nginx from PATH or Debian's /usr/sbin (./test.sh installs it when missing); null when there is none.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, "nginx"))
            .FirstOrDefault(File.Exists);

    /// <summary>The nginx to run; the test reports itself skipped when there is none.</summary>
    public static string Executable => Requires.Nginx();

    public static async Task<NginxProcess> StartAsync(IReadOnlyList<ServerProcess> servers)
    {
        var executable = Executable;
        var folder = Directory.CreateTempSubdirectory("partnersupport-nginx-").FullName;
        var certificate = WriteCertificate(folder);
        // The port is free when chosen but may be taken before nginx binds it: then try another.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), Config(folder, port, servers));
            var info = new ProcessStartInfo(executable)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            foreach (var argument in new[] { "-p", folder + "/", "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log") })
                info.ArgumentList.Add(argument);
            var process = new Process { StartInfo = info };
            var nginx = new NginxProcess(process, folder, new Uri($"https://127.0.0.1:{port}"), certificate);
            process.OutputDataReceived += (_, e) => nginx.Append(e.Data);
            process.ErrorDataReceived += (_, e) => nginx.Append(e.Data);
            process.Start();
            Running[process.Id] = process;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                await nginx.WaitUntilListeningAsync(port);
                return nginx;
            }
            catch (InvalidOperationException) when (attempt < 3 && nginx.Log.Contains("Address already in use", StringComparison.OrdinalIgnoreCase))
            {
                nginx.Stop();
                process.Dispose();
            }
            catch
            {
                await nginx.DisposeAsync();
                throw;
            }
        }
    }

    private static string Config(string folder, int port, IReadOnlyList<ServerProcess> servers)
    {
        var upstreams = string.Join("\n", servers.Select(s => $"        server {s.BaseAddress.Host}:{s.BaseAddress.Port};"));
        // master_process off: one process, so killing it leaves no worker behind holding the port.
        return $$"""
            daemon off;
            master_process off;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                upstream api {
            {{upstreams}}
                }
                upstream portal {
                    hash $remote_addr;
            {{upstreams}}
                }
                server {
                    listen 127.0.0.1:{{port}} ssl;
                    ssl_certificate {{folder}}/cert.pem;
                    ssl_certificate_key {{folder}}/key.pem;
                    proxy_bind {{ProxyAddress}};
                    proxy_set_header Host $http_host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_set_header X-Forwarded-Host $http_host;
                    add_header X-Upstream $upstream_addr always;
                    location /v1/ { proxy_pass http://api; }
                    location / { proxy_pass http://portal; }
                }
            }
            """;
    }

    private static X509Certificate2 WriteCertificate(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        File.WriteAllText(Path.Combine(folder, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        return X509CertificateLoader.LoadCertificate(certificate.RawData);
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"nginx exited with code {_process.ExitCode} before listening:\n{Log}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"nginx did not listen within {StartTimeout.TotalSeconds} s:\n{Log}");
    }

    /// <summary>
    /// A client whose connections come from <paramref name="source"/> (any 127.x.y.z: loopback holds
    /// all of 127.0.0.0/8), to <paramref name="target"/> (by default this nginx), trusting only this
    /// nginx's certificate. Cookies kept, redirects not followed, as the tests need to see them.
    /// </summary>
    public HttpClient Client(string source, Uri? target = null, CookieContainer? cookies = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = cookies ?? new CookieContainer(),
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
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString(),
            },
        };
        return new HttpClient(handler) { BaseAddress = target ?? BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
    }

    private void Stop()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        Running.TryRemove(_process.Id, out _);
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _process.Dispose();
        Certificate.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temporary-file cleanup.
        }
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
