using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SsoTools.Core.Tokens
{
    /// <summary>What the browser brought back to the loopback callback.</summary>
    public sealed class AuthorizationCallback
    {
        public string? Code { get; set; }
        public string? State { get; set; }
        public string? Error { get; set; }
        public string? ErrorDescription { get; set; }
    }

    /// <summary>
    /// A one-shot HTTP listener for the OAuth redirect, bound to 127.0.0.1 only (never every
    /// interface, unlike the AWS CLI) on a port the OS picks, or on the one the user fixed (an
    /// `ssh -L PORT:127.0.0.1:PORT` carries the redirect back to it). It answers the browser with a small
    /// page and ignores requests that are not the callback (favicon and the like). Only a callback
    /// that carries the expected state ends the wait: any local process can connect to the port,
    /// so a callback with a wrong or missing state gets an error page and the wait goes on.
    /// </summary>
    public sealed class LoopbackListener : IDisposable
    {
        public const string CallbackPath = "/oauth/callback";
        readonly TcpListener _listener;

        public LoopbackListener() : this(0) { }

        /// <param name="port">0: any free port. A fixed port in use (or not allowed) throws SocketException.</param>
        public LoopbackListener(int port)
        {
            _listener = new TcpListener(IPAddress.Loopback, port);
            // A fixed port must be ours alone: never share it with another listener (Windows' default allows that).
            if (System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows)) _listener.ExclusiveAddressUse = true;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        }

        /// <summary>
        /// The callback in an address the user pasted (the one the browser ended on), or null when the
        /// text is no callback address (http, path /oauth/callback, a code or an error). The state is
        /// not checked here: the caller compares it as the listener does.
        /// </summary>
        public static AuthorizationCallback? ParsePasted(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (!Uri.TryCreate(text!.Trim(), UriKind.Absolute, out var uri)) return null;
            if (uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != CallbackPath) return null;
            var query = ParseQuery(uri.Query.StartsWith("?", StringComparison.Ordinal) ? uri.Query.Substring(1) : uri.Query);
            if (!query.ContainsKey("code") && !query.ContainsKey("error")) return null;
            return new AuthorizationCallback
            {
                Code = Get(query, "code"),
                State = Get(query, "state"),
                Error = Get(query, "error"),
                ErrorDescription = Get(query, "error_description"),
            };
        }

        /// <summary>Whether a callback carries this sign-in's state (compared in constant time).</summary>
        public static bool BelongsTo(AuthorizationCallback callback, string expectedState) => FixedTimeEquals(callback.State, expectedState);

        public int Port { get; }
        public string RedirectUri => "http://127.0.0.1:" + Port + CallbackPath;

        /// <summary>Ignored callbacks (a wrong or missing state), for a test or a verbose message.</summary>
        public int RejectedCallbacks => _rejected;
        int _rejected;

        public async Task<AuthorizationCallback> WaitAsync(string expectedState, CancellationToken ct)
        {
            var result = new TaskCompletionSource<AuthorizationCallback>(TaskCreationOptions.RunContinuationsAsynchronously);
            // netstandard2.0 has no cancellable Accept: stopping the listener ends it at once.
            using (ct.Register(() => { result.TrySetCanceled(); try { _listener.Stop(); } catch { } }))
            {
                _ = AcceptLoopAsync(result, expectedState);
                return await result.Task.ConfigureAwait(false);
            }
        }

        /// <summary>Each connection on its own: a browser's idle preconnect must not hold up the real callback.</summary>
        async Task AcceptLoopAsync(TaskCompletionSource<AuthorizationCallback> result, string expectedState)
        {
            while (!result.Task.IsCompleted)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false); }
                catch (Exception) { return; } // stopped
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        var callback = await HandleAsync(client, expectedState, () => Interlocked.Increment(ref _rejected)).ConfigureAwait(false);
                        if (callback != null) result.TrySetResult(callback);
                    }
                });
            }
        }

        static async Task<AuthorizationCallback?> HandleAsync(TcpClient client, string expectedState, Action rejected)
        {
            try
            {
                client.ReceiveTimeout = 10000;
                var stream = client.GetStream();
                string? target = await ReadRequestTargetAsync(stream).ConfigureAwait(false);
                if (target == null) return null;
                int q = target.IndexOf('?');
                string path = q >= 0 ? target.Substring(0, q) : target;
                var query = ParseQuery(q >= 0 ? target.Substring(q + 1) : "");
                if (path != CallbackPath || (!query.ContainsKey("code") && !query.ContainsKey("error")))
                {
                    await RespondAsync(stream, "404 Not Found", "Not found").ConfigureAwait(false);
                    return null;
                }
                var result = new AuthorizationCallback
                {
                    Code = Get(query, "code"),
                    State = Get(query, "state"),
                    Error = Get(query, "error"),
                    ErrorDescription = Get(query, "error_description"),
                };
                // Not the answer to this sign-in (forged, or from an older attempt): say so, keep waiting.
                if (!FixedTimeEquals(result.State, expectedState))
                {
                    rejected();
                    await RespondAsync(stream, "400 Bad Request", Page("Not this sign-in",
                        "This request does not belong to the sign-in SsoTools is waiting for, so it was ignored. Finish the sign-in from the page SsoTools opened.")).ConfigureAwait(false);
                    return null;
                }
                string body = result.Error == null
                    ? Page("Signed in", "SsoTools received the sign-in. You may close this tab and return to PowerShell.")
                    : Page("Sign-in failed", "The sign-in did not complete (" + WebUtility.HtmlEncode(result.Error) + "). You may close this tab; PowerShell shows what to do next.");
                await RespondAsync(stream, "200 OK", body).ConfigureAwait(false);
                return result;
            }
            catch (IOException) { return null; }
            catch (SocketException) { return null; }
        }

        static async Task<string?> ReadRequestTargetAsync(NetworkStream stream)
        {
            var buffer = new byte[8192];
            int total = 0;
            while (total < buffer.Length)
            {
                var read = stream.ReadAsync(buffer, total, buffer.Length - total);
                if (await Task.WhenAny(read, Task.Delay(10000)).ConfigureAwait(false) != read) return null;
                int n = await read.ConfigureAwait(false);
                if (n == 0) break;
                total += n;
                string soFar = Encoding.ASCII.GetString(buffer, 0, total);
                int eol = soFar.IndexOf("\r\n", StringComparison.Ordinal);
                if (eol >= 0)
                {
                    string[] parts = soFar.Substring(0, eol).Split(' ');
                    return parts.Length >= 2 && parts[0] == "GET" ? parts[1] : null;
                }
            }
            return null;
        }

        static async Task RespondAsync(NetworkStream stream, string status, string body)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            string head = "HTTP/1.1 " + status + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + bytes.Length +
                          "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
            byte[] headBytes = Encoding.ASCII.GetBytes(head);
            await stream.WriteAsync(headBytes, 0, headBytes.Length).ConfigureAwait(false);
            await stream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
            await stream.FlushAsync().ConfigureAwait(false);
        }

        static string Page(string title, string text) =>
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head>" +
            "<body style=\"font-family:sans-serif;margin:3em\"><h1>" + title + "</h1><p>" + text + "</p></body></html>";

        static Dictionary<string, string> ParseQuery(string query)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string pair in query.Split('&'))
            {
                if (pair.Length == 0) continue;
                int eq = pair.IndexOf('=');
                string key = Uri.UnescapeDataString((eq >= 0 ? pair.Substring(0, eq) : pair).Replace('+', ' '));
                string value = eq >= 0 ? Uri.UnescapeDataString(pair.Substring(eq + 1).Replace('+', ' ')) : "";
                if (!result.ContainsKey(key)) result[key] = value;
            }
            return result;
        }

        static bool FixedTimeEquals(string? a, string b)
        {
            if (a == null || a.Length != b.Length) return false;
            int diff = 0;
            for (int i = 0; i < a.Length; i++) diff |= a[i] ^ b[i];
            return diff == 0;
        }

        static string? Get(Dictionary<string, string> q, string key) => q.TryGetValue(key, out var v) ? v : null;

        public void Dispose()
        {
            try { _listener.Stop(); } catch { }
        }
    }
}
