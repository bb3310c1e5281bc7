using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SsoTools.Emulator;

/// <summary>
/// A running emulator: an HTTP listener on 127.0.0.1 speaking SSO OIDC, the SSO portal's rest-json,
/// STS and the console federation endpoint. Tests start one in-process with StartAsync; Program runs
/// one as a console process; Start-SsoTestServer runs one inside a PowerShell session. It is built
/// on System.Net.HttpListener, part of every .NET runtime: no ASP.NET Core is needed.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly EmulatorContext _ctx;
    private readonly Router _router;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private EmulatorServer(HttpListener listener, EmulatorContext ctx, int port)
    {
        _listener = listener;
        _ctx = ctx;
        _router = new Router(ctx);
        Port = port;
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>http://127.0.0.1:PORT, without a trailing slash: the value for
    /// AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO.</summary>
    public string BaseUrl => _ctx.BaseUrl;

    public int Port { get; }

    /// <summary>Live options: changes apply to the next request.</summary>
    public EmulatorOptions Options => _ctx.Options;

    /// <summary>A snapshot of the request counters (every key present, zero or not).</summary>
    public IReadOnlyDictionary<string, long> Counters => _ctx.Counters.Snapshot();

    public static Task<EmulatorServer> StartAsync(EmulatorOptions? options = null) =>
        StartAsync(options, TimeProvider.System, CancellationToken.None);

    internal static Task<EmulatorServer> StartAsync(EmulatorOptions? options, TimeProvider time, CancellationToken cancellationToken)
    {
        options ??= new EmulatorOptions();
        var ctx = new EmulatorContext(options, time);
        // HttpListener takes no port 0: ask the system for a free port, then listen on it (a few tries,
        // in case another process takes it in between).
        for (int attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int port = options.Port != 0 ? options.Port : FreePort();
            var listener = new HttpListener { IgnoreWriteExceptions = true };
            listener.Prefixes.Add(Prefix(port));
            try
            {
                listener.Start();
            }
            catch (HttpListenerException) when (options.Port == 0 && attempt < 20)
            {
                listener.Close();
                continue;
            }
            ctx.BaseUrl = Prefix(port).TrimEnd('/');
            // 127.0.0.2 is not configured everywhere (macOS): without it the redirect faults point nowhere.
            try { ctx.Trap = new Trap(ctx); } catch (Exception) { ctx.Trap = null; }
            return Task.FromResult(new EmulatorServer(listener, ctx, port));
        }
    }

    /// <summary>
    /// Windows' HTTP.sys lets a user who is not an administrator listen on "localhost" only (any other
    /// host, 127.0.0.1 included, needs a URL reservation), and matches the Host header against it:
    /// there the server is http://localhost:port (loopback still); elsewhere http://127.0.0.1:port.
    /// </summary>
    internal static string Prefix(int port) =>
        (OperatingSystem.IsWindows() ? "http://localhost:" : "http://127.0.0.1:") + port + "/";

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                continue;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            string? fault = Faults.Take(_ctx, context.Request.Url?.AbsolutePath ?? "/");
            if (fault is not null && !Faults.RunsOperation(fault))
            {
                Faults.Answer(_ctx, fault, context);
                return;
            }
            var http = new HttpContext(context, _stop.Token);
            await _router.HandleAsync(http).ConfigureAwait(false);
            if (fault is not null) await Faults.SendAsync(_ctx, fault, http.Response, context.Response, _stop.Token).ConfigureAwait(false);
            else http.Response.SendTo(context.Response);
        }
        catch (Exception)
        {
            // The client went away, or the server is stopping: nothing to answer.
            try { context.Response.Abort(); } catch (Exception) { }
        }
    }

    public void ResetCounters() => _ctx.Counters.Reset();

    /// <summary>Every access token issued so far is rejected by the portal (401); refresh tokens still work.</summary>
    public void ExpireAllTokens() => _ctx.State.ExpireAllTokens();

    /// <summary>All client registrations become unknown (InvalidClientException).</summary>
    public void ForgetClients() => _ctx.State.ForgetClients();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { _listener.Stop(); } catch (Exception) { }
        try { await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); } catch (Exception) { }
        _listener.Close();
        _ctx.Trap?.Dispose();
        _stop.Dispose();
    }
}
