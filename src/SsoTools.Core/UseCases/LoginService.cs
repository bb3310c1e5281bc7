using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SSOOIDC.Model;
using SsoTools.Core.Cache;
using SsoTools.Core.Errors;
using SsoTools.Model;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;
using SsoTools.Core.Tokens;
using SsoTools.Core.Portal;

namespace SsoTools.Core.UseCases
{
    /// <summary>Invoke-SsoLogin's engine: reuse a good token, else run a flow and cache what it gives.</summary>
    public sealed class LoginService
    {
        readonly SsoContext _ctx;
        readonly TokenProvider _tokens;

        public LoginService(SsoContext ctx)
        {
            _ctx = ctx;
            _tokens = new TokenProvider(ctx);
        }

        public async Task<SsoToken> LoginAsync(SignIn target, LoginOptions options, IFeedback feedback, CancellationToken ct)
        {
            string path = _tokens.PathFor(target);
            // A folder or FIFO where the token goes is refused now, not after the user signed in.
            IO.FileErrors.EnsureRegularOrMissing(path);
            if (!options.Force)
            {
                var existing = await TryExistingAsync(target, feedback, ct).ConfigureAwait(false);
                if (existing != null)
                {
                    feedback.Verbose($"Already signed in to '{target.DisplayName}' until {CacheTime.Format(existing.ExpiresAt)}; use -Force to sign in again.");
                    return ToSsoToken(target, existing, path, _ctx.Clock.UtcNow);
                }
            }

            bool pkce = ChooseBrowserFlow(target, options, _ctx.Browser.Availability, feedback);
            CreateTokenResponse response;
            ClientRegistration registration;
            try
            {
                registration = await new ClientRegistrar(_ctx).GetAsync(target, pkce, forceNew: false, feedback, ct).ConfigureAwait(false);
                if (pkce && registration.FromCache) await CheckClientAsync(target, registration, ct).ConfigureAwait(false);
                response = await RunFlowAsync(target, registration, pkce, options, feedback, ct).ConfigureAwait(false);
            }
            catch (InvalidClientException)
            {
                // The service forgot the client (deleted or expired early): register again once
                // instead of failing until the user deletes the cache, as the AWS CLI does.
                feedback.Verbose("IAM Identity Center no longer knows the cached client; registering a new one.");
                registration = await new ClientRegistrar(_ctx).GetAsync(target, pkce, forceNew: true, feedback, ct).ConfigureAwait(false);
                try { response = await RunFlowAsync(target, registration, pkce, options, feedback, ct).ConfigureAwait(false); }
                catch (InvalidClientException ex) { throw ServiceErrors.Map(ex, target, "CreateToken"); }
            }

            var token = TokenProvider.FromResponse(target, response, registration.ClientId, registration.ClientSecret, registration.ExpiresAt, _ctx.Clock.UtcNow);
            // Under the refresh lock: a refresher in another process must not write its older token over this one.
            // The token it replaces is read under the same lock, so the one revoked below is the last one written.
            CachedToken? replaced = null;
            using (await TokenLock.AcquireAsync(path, target.DisplayName, ct).ConfigureAwait(false))
            {
                try { replaced = _tokens.Peek(target); }
                catch (SsoException) { feedback.Verbose($"The cached token of '{target.DisplayName}' was unreadable; it is replaced."); }
                _ctx.Tokens.Save(path, token);
            }
            feedback.Verbose($"Signed in to '{target.DisplayName}' until {CacheTime.Format(token.ExpiresAt)}.");
            // -Force: the old session ends only now that the new one is saved. A sign-in that failed,
            // timed out or was cancelled above left it working.
            if (replaced != null && replaced.AccessToken != token.AccessToken && replaced.ExpiresAt > _ctx.Clock.UtcNow)
            {
                await LogoutTokenAsync(target, replaced, feedback, ct).ConfigureAwait(false);
                // Should the service tie both tokens to one server-side sign-in session, revoking the
                // old one ends the new one too: say so now rather than at the next command.
                if (await TokenCheck.IsAcceptedAsync(_ctx, target, token.AccessToken, ct).ConfigureAwait(false) == false)
                    throw new SsoException(ErrorIds.TokenRejected, SsoErrorKind.AuthenticationError,
                        $"Signing out the session this sign-in replaced ended the new session of '{target.DisplayName}' too. Run '{target.LoginHint}' to sign in again (the old session is gone now, so this will not happen twice).", target.DisplayName);
            }
            return ToSsoToken(target, token, path, _ctx.Clock.UtcNow);
        }

        Task<CreateTokenResponse> RunFlowAsync(SignIn target, ClientRegistration registration, bool pkce, LoginOptions options, IFeedback feedback, CancellationToken ct) =>
            pkce
                ? new PkceFlow(_ctx).RunAsync(target, registration, options, feedback, ct)
                : new DeviceCodeFlow(_ctx).RunAsync(target, registration, options.NoBrowser, options.Timeout, feedback, ct);

        /// <summary>
        /// The browser (authorization code with PKCE) or the device code: as forced, else the browser
        /// where one can answer here and the device code where none can (an SSH session without a
        /// display, a container, CI, no opener), said in one line. Legacy profiles know the device code only.
        /// </summary>
        public static bool ChooseBrowserFlow(SignIn target, LoginOptions options, BrowserAvailability availability, IFeedback feedback)
        {
            if (target.IsLegacy)
            {
                if (options.Flow == LoginFlow.Browser)
                    throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                        $"The profile '{target.DisplayName}' has its own sso_start_url (the legacy form, without an sso-session), which signs in with a device code only, as in the AWS CLI. " +
                        "Drop -UseBrowser, or give the profile an sso-session (New-SsoSession, then Set-SsoProfile -SessionName).", target.DisplayName);
                return false;
            }
            switch (options.Flow)
            {
                case LoginFlow.DeviceCode: return false;
                case LoginFlow.Browser: return true;
            }
            if (availability.CanOpen) return true;
            if (target.CallbackPort.HasValue)
            {
                feedback.Prompt($"No browser can be opened here ({availability.Reason}); '{target.DisplayName}' has a fixed callback port ({target.CallbackPort}), so the browser sign-in runs: open its URL where that port is forwarded (-UseDeviceCode for a code instead).");
                return true;
            }
            feedback.Prompt($"No browser can answer a sign-in here ({availability.Reason}); signing in to '{target.DisplayName}' with a device code instead (-UseBrowser to use the browser anyway).");
            return false;
        }

        /// <summary>
        /// For a cached PKCE client, asks the service whether it still knows it before a browser is
        /// opened: /authorize shows an error page for an unknown client and never redirects, so the
        /// login would only time out. A made-up code gets InvalidGrant from a known client and
        /// InvalidClient from a forgotten one; only the latter matters (it re-registers).
        /// </summary>
        async Task CheckClientAsync(SignIn target, ClientRegistration registration, CancellationToken ct)
        {
            try
            {
                await _ctx.Clients.Oidc(target.Region).CreateTokenAsync(new CreateTokenRequest
                {
                    ClientId = registration.ClientId,
                    ClientSecret = registration.ClientSecret,
                    GrantType = "authorization_code",
                    Code = "ssotools-client-check",
                    CodeVerifier = Pkce.NewVerifier(),
                    RedirectUri = ClientRegistrar.RedirectUriWithoutPort,
                }, ct).ConfigureAwait(false);
            }
            catch (InvalidClientException) { throw; }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; } // Ctrl+C; a client timeout is mapped below
            catch (Exception) { /* any other answer: the client is known */ }
        }

        /// <summary>A token good for more than 15 minutes, or one that refreshes; else null.</summary>
        async Task<CachedToken?> TryExistingAsync(SignIn target, IFeedback feedback, CancellationToken ct)
        {
            CachedToken? token;
            try { token = _tokens.Peek(target); }
            catch (SsoException) { return null; }
            if (token == null) return null;
            var now = _ctx.Clock.UtcNow;
            if (token.ExpiresAt - now > TokenProvider.RefreshWindow)
            {
                // The cache says it is good; the service may have revoked it. One cheap call tells.
                if (await TokenCheck.IsAcceptedAsync(_ctx, target, token.AccessToken, ct).ConfigureAwait(false) == false)
                {
                    feedback.Verbose($"IAM Identity Center no longer accepts the cached token of '{target.DisplayName}' (revoked, or signed out elsewhere).");
                    if (target.IsLegacy || !token.CanRefreshAt(now)) return null;
                    // An access token the service let expire early may still have a working refresh token.
                    try { return await _tokens.GetTokenAsync(target, feedback, ct, forceRefresh: true).ConfigureAwait(false); }
                    catch (SsoException) { return null; }
                }
                return token;
            }
            if (target.IsLegacy || !token.CanRefreshAt(now)) return null;
            try
            {
                var refreshed = await _tokens.GetTokenAsync(target, feedback, ct).ConfigureAwait(false);
                // Only a token that really was refreshed counts: an old one kept after a failed refresh does not.
                return refreshed.ExpiresAt - _ctx.Clock.UtcNow > TokenProvider.RefreshWindow ? refreshed : null;
            }
            catch (SsoException) { return null; }
        }

        /// <summary>Logout for a dropped token; service errors are ignored (the token may be dead already).</summary>
        public async Task LogoutTokenAsync(SignIn target, CachedToken? token, IFeedback feedback, CancellationToken ct)
        {
            if (token == null || token.ExpiresAt <= _ctx.Clock.UtcNow) return;
            try
            {
                // Through the portal's retries: one 429 or 5xx must not leave the server session alive.
                await new Portal.PortalService(_ctx).LogoutAsync(target, token.AccessToken, ct).ConfigureAwait(false);
                feedback.Verbose($"Signed out of '{target.DisplayName}' on the server.");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (SsoException ex)
            {
                feedback.Verbose($"Logout of '{target.DisplayName}' on the server failed ({ex.ErrorId}); the local token is dropped anyway.");
            }
        }

        /// <summary>The token as Invoke-SsoLogin and Get-SsoToken show it; Refreshable as LoginStatus defines it at nowUtc.</summary>
        public static SsoToken ToSsoToken(SignIn target, CachedToken token, string path, DateTime nowUtc) => new SsoToken
        {
            SessionName = target.SessionName,
            // Only legacy tokens carry the profile: pipeline binding must find one name, not two.
            ProfileName = target.IsLegacy ? target.ProfileName : null,
            StartUrl = target.StartUrl,
            Region = target.Region,
            ExpiresAt = token.ExpiresAt.ToLocalTime(),
            Refreshable = LoginStatus.Of(target, token, nowUtc).Refreshable,
            RegistrationExpiresAt = token.RegistrationExpiresAt?.ToLocalTime(),
            CachePath = path,
            AccessToken = token.AccessToken,
        };
    }
}
