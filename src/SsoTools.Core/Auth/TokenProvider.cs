using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SSOOIDC.Model;
using SsoTools.Core.Cache;
using SsoTools.Core.Errors;
using SsoTools.Core.IO;

namespace SsoTools.Core.Auth
{
    /// <summary>
    /// The one way every command gets a token: from the cache, refreshed as botocore refreshes
    /// (compat.md section 5), one refresh at a time across processes.
    /// </summary>
    public sealed class TokenProvider
    {
        public static readonly TimeSpan RefreshWindow = TimeSpan.FromMinutes(15);
        public static readonly TimeSpan MandatoryWindow = TimeSpan.FromMinutes(10);
        static readonly TimeSpan AttemptSpacing = TimeSpan.FromMinutes(1);

        // At most one refresh attempt a minute per token file in this process.
        static readonly ConcurrentDictionary<string, DateTime> LastAttempt = new ConcurrentDictionary<string, DateTime>(StringComparer.Ordinal);

        readonly SsoContext _ctx;

        public TokenProvider(SsoContext ctx) { _ctx = ctx; }

        public string PathFor(SsoTarget target) => _ctx.Tokens.PathFor(target.SessionName, target.StartUrl);

        /// <summary>The cached token as it is, refreshed or not; null when there is none.</summary>
        public CachedToken? Peek(SsoTarget target) => Load(target, PathFor(target));

        public async Task<CachedToken> GetTokenAsync(SsoTarget target, ILoginFeedback feedback, CancellationToken ct, bool forceRefresh = false)
        {
            string path = PathFor(target);
            var token = Load(target, path) ?? throw NotLoggedIn(target);
            var now = _ctx.Clock.UtcNow;
            var remaining = token.ExpiresAt - now;

            if (target.IsLegacy)
            {
                if (forceRefresh)
                    throw new SsoException(ErrorIds.TokenExpired, SsoErrorKind.InvalidOperation,
                        $"'{target.DisplayName}' is a legacy profile (no sso_session): its token cannot be refreshed. Run '{target.LoginHint} -Force', or move it to an sso-session.", target.DisplayName);
                if (remaining <= TimeSpan.Zero) throw Expired(target, null);
                return token;
            }

            if (!forceRefresh && remaining >= RefreshWindow) return token;

            if (!token.CanRefreshAt(now))
            {
                if (forceRefresh)
                    throw new SsoException(ErrorIds.TokenExpired, SsoErrorKind.InvalidOperation,
                        $"The token of '{target.DisplayName}' cannot be refreshed (no refresh token, or the client registration expired). Run '{target.LoginHint} -Force'.", target.DisplayName);
                if (remaining <= TimeSpan.Zero) throw Expired(target, null);
                return token;
            }

            if (!forceRefresh && LastAttempt.TryGetValue(path, out var last) && now - last < AttemptSpacing)
            {
                if (remaining <= TimeSpan.Zero) throw Expired(target, null);
                return token;
            }

            return await RefreshAsync(target, path, token, forceRefresh, feedback, ct).ConfigureAwait(false);
        }

        async Task<CachedToken> RefreshAsync(SsoTarget target, string path, CachedToken seen, bool force, ILoginFeedback feedback, CancellationToken ct)
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
                    var remaining = token.ExpiresAt - now;
                    if (!force && remaining > MandatoryWindow)
                    {
                        feedback.Warning($"Could not refresh the token of '{target.DisplayName}' ({ex.GetType().Name}); using it until it expires at {CacheTime.Format(token.ExpiresAt)}.");
                        return token;
                    }
                    throw Expired(target, ex);
                }

                var refreshed = FromResponse(target, response, token.ClientId, token.ClientSecret, token.RegistrationExpiresAt, now);
                // The old refresh token is spent now: the new one must reach the file, or every
                // process's next refresh fails. A busy file is waited for by AtomicFile, as every write is.
                try { _ctx.Tokens.Save(path, refreshed); }
                catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is SsoException)
                {
                    feedback.Warning($"Refreshed the token of '{target.DisplayName}' but could not save it to {path} ({ex.Message}); other processes will need Invoke-SsoLogin.");
                    return refreshed;
                }
                feedback.Verbose($"Refreshed the token of '{target.DisplayName}'; it now expires at {CacheTime.Format(refreshed.ExpiresAt)}.");
                return refreshed;
            }
        }

        CachedToken? Load(SsoTarget target, string path)
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
                throw new SsoException(ex.IsBusy ? ErrorIds.CacheFileBusy : ErrorIds.CacheFileMalformed, ex.IsBusy ? SsoErrorKind.ResourceUnavailable : SsoErrorKind.InvalidData,
                    ex.Message.Replace("sign in again with Invoke-SsoLogin", "run '" + target.LoginHint + "'"), path, ex);
            }
        }

        /// <summary>The cache file's contents for a CreateToken answer, as botocore writes them (a refresh token only when one came back).</summary>
        internal static CachedToken FromResponse(SsoTarget target, CreateTokenResponse response, string? clientId, string? clientSecret, DateTime? registrationExpiresAt, DateTime nowUtc) =>
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

        public static SsoException NotLoggedIn(SsoTarget target) =>
            new SsoException(ErrorIds.NotLoggedIn, SsoErrorKind.AuthenticationError,
                $"You are not signed in to '{target.DisplayName}'. Run '{target.LoginHint}' first.", target.DisplayName);

        public static SsoException Expired(SsoTarget target, Exception? inner) =>
            new SsoException(ErrorIds.TokenExpired, SsoErrorKind.AuthenticationError,
                $"The sign-in for '{target.DisplayName}' has expired" + (inner != null ? " and could not be refreshed" : "") +
                $". Run '{target.LoginHint}' to sign in again.", target.DisplayName, inner);
    }
}
