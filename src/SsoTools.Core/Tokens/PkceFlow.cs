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

        public async Task<CreateTokenResponse> RunAsync(SignIn target, ClientRegistration registration, bool noBrowser,
            TimeSpan timeout, IFeedback feedback, CancellationToken ct)
        {
            string verifier = Pkce.NewVerifier();
            string state = Pkce.NewState();
            AuthorizationCallback callback;
            string redirectUri;
            int rejected;
            using (var listener = new LoopbackListener())
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
                if (noBrowser)
                {
                    feedback.Prompt($"To sign in to '{target.DisplayName}', open this URL in a browser on this computer:{Environment.NewLine}{url}");
                }
                else
                {
                    feedback.Prompt($"Opening the browser to sign in to '{target.DisplayName}'. If it does not open, open this URL:{Environment.NewLine}{url}");
                    if (!_ctx.Browser.TryOpen(url, out var problem))
                        feedback.Warning($"Could not open a browser: {problem}. Open the URL above yourself.");
                }

                using (var limit = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    limit.CancelAfter(timeout);
                    try { callback = await listener.WaitAsync(state, limit.Token).ConfigureAwait(false); }
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
    }
}
