using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SSOOIDC.Model;
using SsoTools.Core.Cache;
using SsoTools.Core.Errors;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;

namespace SsoTools.Core.Tokens
{
    /// <summary>
    /// The one way every command gets a token: from the cache, refreshed as botocore refreshes
    /// (compat.md section 5), one refresh at a time across processes.
    /// </summary>
    public sealed class TokenProvider
    {
        public static readonly TimeSpan RefreshWindow = TimeSpan.FromMinutes(15);
        static readonly TimeSpan AttemptSpacing = TimeSpan.FromMinutes(1);

        // At most one failed refresh attempt a minute per token file in this process (botocore: one attempt a minute).
        static readonly ConcurrentDictionary<string, DateTime> LastAttempt = new ConcurrentDictionary<string, DateTime>(StringComparer.Ordinal);
        // Why that attempt failed, so a token that expires within the minute gets the real cause, not "expired".
        static readonly ConcurrentDictionary<string, SsoException?> LastFailure = new ConcurrentDictionary<string, SsoException?>(StringComparer.Ordinal);

        readonly SsoContext _ctx;

        public TokenProvider(SsoContext ctx) { _ctx = ctx; }

        public string PathFor(SignIn target) => _ctx.Tokens.PathFor(target.SessionName, target.StartUrl);

        /// <summary>A session's token file from its name alone (the key is the name, CacheKeys.Token): for a session whose config cannot be resolved.</summary>
        public string PathForSession(string sessionName) => _ctx.Tokens.PathFor(sessionName, startUrl: "");

        /// <summary>The cached token as it is, refreshed or not; null when there is none.</summary>
        public CachedToken? Peek(SignIn target) => Load(target, PathFor(target));

        public async Task<CachedToken> GetTokenAsync(SignIn target, IFeedback feedback, CancellationToken ct, bool forceRefresh = false)
        {
            string path = PathFor(target);
            var token = Load(target, path) ?? throw NotLoggedIn(target);
            var now = _ctx.Clock.UtcNow;
            var remaining = token.ExpiresAt - now;

            if (target.IsLegacy)
            {
                if (forceRefresh)
                    throw new SsoException(ErrorIds.TokenExpired, SsoErrorKind.InvalidOperation,
                        $"'{target.DisplayName}' is a legacy profile (no sso_session): its token cannot be refreshed. Run '{target.ForcedLoginHint}', or move it to an sso-session.", target.DisplayName);
                if (remaining <= TimeSpan.Zero) throw Expired(target, null);
                return token;
            }

            if (!forceRefresh && remaining >= RefreshWindow) return token;

            if (!token.CanRefreshAt(now))
            {
                if (forceRefresh)
                    throw new SsoException(ErrorIds.TokenExpired, SsoErrorKind.InvalidOperation,
                        $"The token of '{target.DisplayName}' cannot be refreshed (no refresh token, or the client registration expired). Run '{target.ForcedLoginHint}'.", target.DisplayName);
                if (remaining <= TimeSpan.Zero) throw Expired(target, null);
                return token;
            }

            if (!forceRefresh && LastAttempt.TryGetValue(path, out var last) && now - last < AttemptSpacing)
            {
                if (remaining <= TimeSpan.Zero)
                    throw LastFailure.TryGetValue(path, out var failed) && failed != null ? failed : Expired(target, null);
                return token;
            }

            return await RefreshAsync(target, path, token, forceRefresh, feedback, ct).ConfigureAwait(false);
        }

        async Task<CachedToken> RefreshAsync(SignIn target, string path, CachedToken seen, bool force, IFeedback feedback, CancellationToken ct)
        {
            using (await TokenLock.AcquireAsync(path, target.DisplayName, ct).ConfigureAwait(false))
            {
                // Another process may have refreshed while we waited: read again before deciding.
                var token = Load(target, path) ?? throw NotLoggedIn(target);
                var now = _ctx.Clock.UtcNow;
                bool someoneElseRefreshed = token.AccessToken != seen.AccessToken;
                if (token.ExpiresAt - now >= RefreshWindow && (!force || someoneElseRefreshed))
                {
                    feedback.Verbose($"The token of '{target.DisplayName}' was already refreshed by another process.");
                    return token;
                }
                if (!token.CanRefreshAt(now))
                {
                    if (token.ExpiresAt <= now) throw Expired(target, null);
                    return token;
                }

                LastAttempt[path] = now;
                LastFailure[path] = null;
                feedback.Verbose($"Refreshing the token of '{target.DisplayName}'.");
                CreateTokenResponse response;
                try
                {
                    response = await _ctx.Clients.Oidc(target.Region).CreateTokenAsync(new CreateTokenRequest
                    {
                        GrantType = "refresh_token",
                        ClientId = token.ClientId,
                        ClientSecret = token.ClientSecret,
                        RefreshToken = token.RefreshToken,
                    }, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; } // Ctrl+C; a client timeout is mapped below
                catch (Exception ex)
                {
                    var failure = RefreshFailed(target, token, ex);
                    LastFailure[path] = failure;
                    // Another tool (the AWS CLI, botocore, an SDK: none takes our lock) may have refreshed meanwhile,
                    // spending the refresh token we sent: its new token is in the file now.
                    var current = Load(target, path);
                    // invalid_grant: our refresh token was just spent, most likely by a tool whose answer is on its way to
                    // the file. Give it a moment to write rather than fail an expired token it is about to replace.
                    for (int wait = 0; ex is InvalidGrantException && wait < 20 && current != null && current.AccessToken == token.AccessToken; wait++)
                    {
                        await Task.Delay(100, ct).ConfigureAwait(false);
                        current = Load(target, path);
                    }
                    var after = _ctx.Clock.UtcNow;
                    if (current != null && current.AccessToken != token.AccessToken && current.ExpiresAt > after)
                    {
                        feedback.Verbose($"The refresh of '{target.DisplayName}' failed, but another tool had just refreshed it; using its token (expires at {CacheTime.Format(current.ExpiresAt)}).");
                        LastAttempt.TryRemove(path, out _); // a lost race, not a failing service
                        return current;
                    }
                    // As botocore: a token that has not expired is used, whatever the window; only an expired one is an error.
                    if (!force && token.ExpiresAt > after)
                    {
                        feedback.Warning($"Could not refresh the token of '{target.DisplayName}'; using it until it expires at {CacheTime.Format(token.ExpiresAt)}. {failure.Message}");
                        return token;
                    }
                    throw failure;
                }

                var refreshed = FromResponse(target, response, token.ClientId, token.ClientSecret, token.RegistrationExpiresAt, now);
                LastAttempt.TryRemove(path, out _); // the spacing spares a failing service; this one answered
                // The old refresh token is spent now: the new one must reach the file, or every
                // process's next refresh fails. A busy file is waited for by AtomicFile, as every write is.
                try { _ctx.Tokens.Save(path, refreshed); }
                catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is SsoException)
                {
                    feedback.Warning($"Refreshed the token of '{target.DisplayName}' but could not save it to {path} ({ex.Message}); other processes will need to sign in again ({target.LoginHint}).");
                    return refreshed;
                }
                feedback.Verbose($"Refreshed the token of '{target.DisplayName}'; it now expires at {CacheTime.Format(refreshed.ExpiresAt)}.");
                return refreshed;
            }
        }

        CachedToken? Load(SignIn target, string path)
        {
            try
            {
                var token = _ctx.Tokens.Load(path);
                // A session moved to another start URL (New-SsoSession -Force) must not reuse the old organization's token.
                if (token != null && !string.IsNullOrEmpty(token.StartUrl) && token.StartUrl != target.StartUrl) return null;
                return token;
            }
            catch (CacheFileException ex)
            {
                throw ex.WithRemedy($"Delete it and run '{target.LoginHint}'.");
            }
        }

        /// <summary>The cache file's contents for a CreateToken answer, as botocore writes them (a refresh token only when one came back).</summary>
        internal static CachedToken FromResponse(SignIn target, CreateTokenResponse response, string? clientId, string? clientSecret, DateTime? registrationExpiresAt, DateTime nowUtc) =>
            new CachedToken
            {
                StartUrl = target.StartUrl,
                Region = target.Region,
                AccessToken = response.AccessToken,
                ExpiresAt = CacheTime.Truncate(nowUtc + TimeSpan.FromSeconds(response.ExpiresIn ?? 0)),
                ClientId = clientId,
                ClientSecret = clientSecret,
                RegistrationExpiresAt = registrationExpiresAt,
                RefreshToken = response.RefreshToken,
            };

        /// <summary>
        /// What a failed refresh means, worded by its cause: the network or the service's own fault (the
        /// sign-in is not lost: try again), or a refresh token the service refused (sign in again).
        /// </summary>
        internal static SsoException RefreshFailed(SignIn target, CachedToken token, Exception ex)
        {
            string head = $"The token of '{target.DisplayName}' (expires at {CacheTime.Format(token.ExpiresAt)}) could not be refreshed. ";
            var endpoint = ServiceEndpoint.Oidc(target.Region);
            var failure = ServiceErrors.Classify(ex, endpoint, "CreateToken", target.DisplayName);
            if (failure != null)
                return new SsoException(failure.ErrorId, failure.Kind, head + failure.Message +
                    " Signing in again does not help with this: the refresh token was not refused, and the next command tries again.", target.DisplayName, ex);
            if (ex is AmazonServiceException ase)
            {
                string code = ServiceErrors.Code(ase);
                string reason = ServiceErrors.Reason(ase);
                string said = $"IAM Identity Center refused the refresh ({code}, HTTP {(int)ase.StatusCode}{(reason.Length > 0 ? ": " + reason : "")}). ";
                string why =
                    ex is InvalidGrantException ? "A refresh token works once: this one was already used, by a refresh that was interrupted before it saved its answer, or by another tool (the AWS CLI, an SDK) that did not save its new token. " :
                    ex is InvalidClientException || ex is UnauthorizedClientException ? "The client registration in the token file is no longer known to the service. " :
                    ex is ExpiredTokenException ? "The refresh token has expired. " : "";
                return new SsoException(ErrorIds.TokenExpired, SsoErrorKind.AuthenticationError,
                    head + said + why + $"A new sign-in is needed: run '{target.LoginHint}'.", target.DisplayName, ex);
            }
            return ServiceErrors.Unknown(ex, endpoint, "CreateToken (refresh)", target.DisplayName);
        }

        public static SsoException NotLoggedIn(SignIn target) =>
            new SsoException(ErrorIds.NotLoggedIn, SsoErrorKind.AuthenticationError,
                $"You are not signed in to '{target.DisplayName}'. Run '{target.LoginHint}' first.", target.DisplayName);

        public static SsoException Expired(SignIn target, Exception? inner) =>
            new SsoException(ErrorIds.TokenExpired, SsoErrorKind.AuthenticationError,
                $"The sign-in for '{target.DisplayName}' has expired" + (inner != null ? " and could not be refreshed" : "") +
                $". Run '{target.LoginHint}' to sign in again.", target.DisplayName, inner);
    }
}
