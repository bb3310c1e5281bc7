using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SSOOIDC.Model;
using SsoTools.Core.Cache;
using SsoTools.Core.Errors;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;

namespace SsoTools.Core.Tokens
{
    /// <summary>Authorization code with PKCE through the browser and a loopback listener (compat.md section 4).</summary>
    public sealed class PkceFlow
    {
        readonly SsoContext _ctx;

        public PkceFlow(SsoContext ctx) { _ctx = ctx; }

        /// <summary>
        /// The browser goes to /authorize and is redirected to a loopback listener on this machine. Where
        /// that redirect may not arrive (no browser opened here, WSL's Windows browser, a fixed port for an
        /// ssh tunnel), the user may paste the address the browser ended on instead: the same state check
        /// applies, and whichever comes first completes the sign-in.
        /// </summary>
        public async Task<CreateTokenResponse> RunAsync(SignIn target, ClientRegistration registration, LoginOptions options,
            IFeedback feedback, CancellationToken ct)
        {
            string verifier = Pkce.NewVerifier();
            string state = Pkce.NewState();
            TimeSpan timeout = options.Timeout;
            int? fixedPort = options.CallbackPort ?? target.CallbackPort;
            AuthorizationCallback callback;
            string redirectUri;
            int rejected;
            using (var listener = Listen(target, fixedPort))
            {
                redirectUri = listener.RedirectUri;
                string url = SsoClients.OidcBaseUrl(target.Region) + "/authorize" +
                    "?response_type=code" +
                    "&client_id=" + Uri.EscapeDataString(registration.ClientId) +
                    "&redirect_uri=" + Uri.EscapeDataString(redirectUri) +
                    "&state=" + Uri.EscapeDataString(state) +
                    "&code_challenge_method=S256" +
                    "&scopes=" + Uri.EscapeDataString(string.Join(" ", target.EffectiveScopes)) +
                    "&code_challenge=" + Uri.EscapeDataString(Pkce.Challenge(verifier));
                feedback.Verbose($"Waiting for the browser on {redirectUri}.");
                var availability = _ctx.Browser.Availability;
                bool opened = false;
                if (options.NoBrowser)
                {
                    feedback.Prompt($"To sign in to '{target.DisplayName}', open this URL in a browser:{Environment.NewLine}{url}");
                }
                else if (!availability.CanOpen)
                {
                    feedback.Prompt($"No browser can be opened here ({availability.Reason}). To sign in to '{target.DisplayName}', open this URL in a browser:{Environment.NewLine}{url}");
                }
                else
                {
                    feedback.Prompt($"Opening the browser to sign in to '{target.DisplayName}'. If it does not open, open this URL:{Environment.NewLine}{url}");
                    opened = _ctx.Browser.TryOpen(url, out var problem);
                    if (!opened) feedback.Warning($"Could not open a browser: {problem}. Open the URL above yourself.");
                }
                // A browser on this machine reaches the listener; elsewhere the redirect may not.
                bool offerPaste = !opened || availability.Remote || fixedPort.HasValue;

                using (var limit = CancellationTokenSource.CreateLinkedTokenSource(ct))
                using (var pasteStop = CancellationTokenSource.CreateLinkedTokenSource(limit.Token))
                {
                    limit.CancelAfter(timeout);
                    try
                    {
                        var received = listener.WaitAsync(state, limit.Token);
                        AuthorizationCallback? fromPaste = null;
                        if (offerPaste)
                        {
                            var pasted = ReadPastedAsync(target, listener.Port, state, feedback, pasteStop.Token);
                            var first = await Task.WhenAny(received, pasted).ConfigureAwait(false);
                            pasteStop.Cancel();
                            // The paste won: its callback, or its error (a wrong state), or the time limit.
                            if (first == pasted) fromPaste = await pasted.ConfigureAwait(false);
                        }
                        if (fromPaste != null) feedback.Verbose("The sign-in was completed with the pasted address.");
                        callback = fromPaste ?? await received.ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        throw new SsoException(ErrorIds.LoginTimedOut, SsoErrorKind.OperationTimeout,
                            $"The sign-in to '{target.DisplayName}' was not completed within {timeout.TotalMinutes:0.#} minutes. Run '{target.LoginHint}' to start again (or -TimeoutSec to wait longer).", target.DisplayName);
                    }
                }
                rejected = listener.RejectedCallbacks;
            }

            // The listener returns only the callback that carries our state; anything else was answered with an error page.
            if (rejected > 0)
                feedback.Verbose($"Ignored {rejected} request(s) to {redirectUri} that did not carry this sign-in's state.");
            if (callback.Error != null)
            {
                bool denied = callback.Error == "access_denied";
                throw new SsoException(denied ? ErrorIds.LoginDenied : ErrorIds.LoginFailed, denied ? SsoErrorKind.PermissionDenied : SsoErrorKind.AuthenticationError,
                    $"The sign-in to '{target.DisplayName}' failed in the browser: {callback.Error}" +
                    (string.IsNullOrEmpty(callback.ErrorDescription) ? "" : " (" + callback.ErrorDescription + ")") +
                    $". Run '{target.LoginHint}' to try again.", target.DisplayName);
            }

            try
            {
                return await _ctx.Clients.Oidc(target.Region).CreateTokenAsync(new CreateTokenRequest
                {
                    ClientId = registration.ClientId,
                    ClientSecret = registration.ClientSecret,
                    GrantType = "authorization_code",
                    Code = callback.Code,
                    CodeVerifier = verifier,
                    RedirectUri = redirectUri,
                }, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; } // Ctrl+C; a client timeout is mapped below
            catch (InvalidClientException) { throw; }
            catch (Exception ex) { throw ServiceErrors.Map(ex, target, "CreateToken"); }
        }

        static LoopbackListener Listen(SignIn target, int? port)
        {
            try { return new LoopbackListener(port ?? 0); }
            catch (System.Net.Sockets.SocketException ex) when (port.HasValue)
            {
                bool inUse = ex.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse;
                throw new SsoException(ErrorIds.CallbackPortUnavailable, SsoErrorKind.ResourceUnavailable,
                    (inUse
                        ? $"Port {port} on 127.0.0.1 is in use, so the sign-in to '{target.DisplayName}' cannot receive the browser's redirect there. "
                        : $"Port {port} on 127.0.0.1 cannot be listened on ({ex.SocketErrorCode}), so the sign-in to '{target.DisplayName}' cannot receive the browser's redirect there. ") +
                    "Stop what uses it (an earlier sign-in, another ssh -L forward), or choose another -CallbackPort (or the session's " + Config.SsoConfig.CallbackPortKey + ").",
                    target.DisplayName, ex);
            }
        }

        /// <summary>
        /// Asks for the address the browser ended on until one is a callback: one with this sign-in's
        /// state completes it, one with another state is refused (nothing is sent); never returns when
        /// the host cannot ask (the listener alone decides then).
        /// </summary>
        static async Task<AuthorizationCallback?> ReadPastedAsync(SignIn target, int port, string state, IFeedback feedback, CancellationToken ct)
        {
            string prompt = $"If the browser cannot reach this computer, it ends on an address that starts with http://127.0.0.1:{port}/oauth/callback " +
                $"(the page may not load). Paste that whole address here, or just wait:{Environment.NewLine}> ";
            int empty = 0;
            for (int asked = 0; ; asked++)
            {
                string? line = await feedback.ReadLineAsync(asked == 0 ? prompt : "> ", ct).ConfigureAwait(false);
                // A host that cannot ask, or one that answers nothing again and again (input at its end):
                // the listener alone decides.
                if (line == null || (line.Trim().Length == 0 && ++empty >= 3))
                {
                    await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                    return null;
                }
                if (line.Trim().Length == 0) continue;
                empty = 0;
                var callback = LoopbackListener.ParsePasted(line);
                if (callback == null)
                {
                    feedback.Warning($"That is not the address of this sign-in's redirect (http://127.0.0.1:{port}/oauth/callback?code=…&state=…). Paste it whole, or wait.");
                    continue;
                }
                if (!LoopbackListener.BelongsTo(callback, state))
                    throw new SsoException(ErrorIds.LoginStateMismatch, SsoErrorKind.SecurityError,
                        $"The pasted address does not belong to this sign-in to '{target.DisplayName}' (its state is not the one SsoTools sent), so it was refused and nothing was sent to IAM Identity Center. " +
                        $"Run '{target.LoginHint}' again and paste the address the browser shows after that sign-in.", target.DisplayName);
                return callback;
            }
        }
    }
}
