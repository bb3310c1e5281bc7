using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace SsoTools.Emulator;

/// <summary>
/// A misbehaving network or service in front of the emulator, per path (EmulatorOptions.FaultPath,
/// FaultMode, FaultCount): the answers a proxy, a captive portal, a broken load balancer or a slow
/// link give. Browser pages and /_emulator/* are never faulted.
/// </summary>
internal static class Faults
{
    /// <summary>Modes that answer instead of the operation (nothing in the emulator's state changes).</summary>
    private static readonly HashSet<string> Before = new(StringComparer.OrdinalIgnoreCase)
        { "500", "503", "reset", "truncated", "nonjson", "html", "redirect302", "redirect307" };

    /// <summary>Modes that run the operation and then spoil how its answer is sent.</summary>
    private static readonly HashSet<string> After = new(StringComparer.OrdinalIgnoreCase) { "dribble", "stall" };

    private static bool IsServicePath(string path) =>
        !path.StartsWith("/_emulator", StringComparison.Ordinal) && path != "/device" && path != "/authorize";

    /// <summary>The fault this request gets (consuming one of FaultCount), or null.</summary>
    public static string? Take(EmulatorContext ctx, string path)
    {
        string target = ctx.Options.FaultPath;
        if (string.IsNullOrEmpty(target) || !IsServicePath(path)) return null;
        if (path.Length > 1) path = path.TrimEnd('/');
        if (target != "*" && !string.Equals(target, path, StringComparison.Ordinal)) return null;
        string mode = ctx.Options.FaultMode;
        if (!Before.Contains(mode) && !After.Contains(mode)) return null;
        if (!ctx.Options.TryConsumeFault()) return null;
        ctx.Counters.Increment("FaultsInjected");
        return mode.ToLowerInvariant();
    }

    public static bool RunsOperation(string mode) => After.Contains(mode);

    /// <summary>Answers a request with a Before fault.</summary>
    public static void Answer(EmulatorContext ctx, string mode, HttpListenerContext context)
    {
        HttpListenerResponse r = context.Response;
        switch (mode)
        {
            case "reset":
                Reset(context);
                return;
            case "500":
            case "503":
                Write(r, int.Parse(mode), "application/json", "{\"__type\":\"InternalServerException\",\"message\":\"Injected fault.\"}");
                return;
            case "nonjson":
                Write(r, 200, "text/plain", "Service temporarily rerouted.\n");
                return;
            case "html":
                Write(r, 200, "text/html", "<!DOCTYPE html><html><head><title>Sign in to the network</title></head><body><form>Accept the terms to continue.</form></body></html>");
                return;
            case "truncated":
            {
                byte[] part = Encoding.UTF8.GetBytes("{\"accountList\": [{\"accountId\": \"1111");
                r.StatusCode = 200;
                r.ContentType = "application/json";
                r.ContentLength64 = part.Length + 200;
                r.OutputStream.Write(part, 0, part.Length);
                r.OutputStream.Flush();
                r.Abort();
                return;
            }
            case "redirect302":
            case "redirect307":
            {
                var url = context.Request.Url!;
                r.StatusCode = mode == "redirect302" ? 302 : 307;
                r.RedirectLocation = ctx.TrapBaseUrl + url.PathAndQuery;
                r.ContentLength64 = 0;
                r.OutputStream.Close();
                return;
            }
        }
    }

    /// <summary>Sends an operation's answer the way an After fault does.</summary>
    public static async Task SendAsync(EmulatorContext ctx, string mode, HttpResponse answer, HttpListenerResponse r, CancellationToken stop)
    {
        byte[] body = answer.BodyBytes;
        answer.SendHeadersTo(r, body.Length);
        Stream output = r.OutputStream;
        if (mode == "stall")
        {
            int half = body.Length / 2;
            await output.WriteAsync(body.AsMemory(0, half), stop).ConfigureAwait(false);
            await output.FlushAsync(stop).ConfigureAwait(false);
            // Counted only now: a test that waits for it knows the operation has run and its answer is stuck.
            ctx.Counters.Increment("FaultStalled");
            try { await Task.Delay(TimeSpan.FromMinutes(10), stop).ConfigureAwait(false); } catch (OperationCanceledException) { }
            r.Abort();
            return;
        }
        int delay = Math.Max(1, ctx.Options.DribbleDelayMs);
        for (int i = 0; i < body.Length; i++)
        {
            await output.WriteAsync(body.AsMemory(i, 1), stop).ConfigureAwait(false);
            await output.FlushAsync(stop).ConfigureAwait(false);
            await Task.Delay(delay, stop).ConfigureAwait(false);
        }
        output.Close();
    }

    /// <summary>
    /// A TCP reset before any byte of the answer. HttpListener has no API for it (Abort still sends an empty
    /// chunked 200 on Linux), so the connection's socket is taken from its internals and closed with linger 0.
    /// </summary>
    private static void Reset(HttpListenerContext context)
    {
        const BindingFlags Any = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        object? connection = context.GetType().GetField("_connection", Any)?.GetValue(context)
                             ?? context.GetType().GetProperty("Connection", Any)?.GetValue(context);
        if (connection?.GetType().GetField("_socket", Any)?.GetValue(connection) is System.Net.Sockets.Socket socket)
        {
            socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
            socket.Close();
            return;
        }
        throw new InvalidOperationException("This runtime's HttpListener does not expose its socket: the reset fault cannot be made.");
    }

    private static void Write(HttpListenerResponse r, int status, string contentType, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        r.StatusCode = status;
        r.ContentType = contentType;
        r.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        r.ContentLength64 = bytes.Length;
        r.OutputStream.Write(bytes, 0, bytes.Length);
        r.OutputStream.Close();
    }
}

/// <summary>
/// The "other host" of the redirect faults: a second listener that answers 200 {} to anything and
/// records every request that reaches it, headers and body, so a test can prove no token or credential
/// was sent there (GET /_emulator/trap on the main server).
/// </summary>
internal sealed class Trap : IDisposable
{
    private readonly HttpListener _listener;
    private readonly List<JsonObject> _requests = new();
    private readonly EmulatorContext _ctx;

    public Trap(EmulatorContext ctx)
    {
        _ctx = ctx;
        for (int attempt = 0; ; attempt++)
        {
            var probe = new System.Net.Sockets.TcpListener(IPAddress.Parse("127.0.0.2"), 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            _listener = new HttpListener { IgnoreWriteExceptions = true };
            // 127.0.0.2, not 127.0.0.1: the trap is another host than the endpoint asked.
            _listener.Prefixes.Add("http://127.0.0.2:" + port + "/");
            try { _listener.Start(); BaseUrl = "http://127.0.0.2:" + port; break; }
            catch (HttpListenerException) when (attempt < 20) { _listener.Close(); }
        }
        _ = Task.Run(LoopAsync);
    }

    public string BaseUrl { get; } = "";

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext c;
            try { c = await _listener.GetContextAsync().ConfigureAwait(false); }
            catch (Exception) { return; }
            try
            {
                string body;
                using (var reader = new StreamReader(c.Request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync().ConfigureAwait(false);
                var headers = new JsonObject();
                foreach (string? key in c.Request.Headers.AllKeys) if (key != null) headers[key] = c.Request.Headers[key];
                lock (_requests) _requests.Add(new JsonObject { ["method"] = c.Request.HttpMethod, ["url"] = c.Request.Url?.PathAndQuery, ["headers"] = headers, ["body"] = body });
                _ctx.Counters.Increment("TrapRequests");
                byte[] ok = Encoding.UTF8.GetBytes("{}");
                c.Response.ContentType = "application/json";
                c.Response.ContentLength64 = ok.Length;
                c.Response.OutputStream.Write(ok, 0, ok.Length);
                c.Response.OutputStream.Close();
            }
            catch (Exception) { try { c.Response.Abort(); } catch (Exception) { } }
        }
    }

    public JsonArray Requests()
    {
        var list = new JsonArray();
        lock (_requests) foreach (JsonObject r in _requests) list.Add(r.DeepClone());
        return list;
    }

    public void Clear() { lock (_requests) _requests.Clear(); }

    public void Dispose()
    {
        try { _listener.Stop(); } catch (Exception) { }
        _listener.Close();
    }
}
