using System;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Cache;
using SsoTools.Core.Net;
using SsoTools.Core.Resolution;
using SsoTools.Core.Tokens;
using SsoTools.Model;

namespace SsoTools.Core.Portal
{
    /// <summary>
    /// Whether a sign-in is signed in, the one definition (Get-SsoSession, Get-SsoToken, Invoke-SsoLogin's
    /// output): from its cached token and the clock alone, no network; VerifyAsync also asks the service,
    /// which may have revoked a token the cache still calls good.
    /// </summary>
    public sealed class LoginStatus
    {
        LoginStatus(SsoLoginState state, CachedToken? token, bool refreshable, bool verified)
        {
            State = state;
            Token = token;
            Refreshable = refreshable;
            Verified = verified;
        }

        public SsoLoginState State { get; }

        /// <summary>The cached token the state was read from; null when there is none.</summary>
        public CachedToken? Token { get; }

        /// <summary>When the access token expires (UTC); null when there is no token.</summary>
        public DateTime? ExpiresAt => Token?.ExpiresAt;

        /// <summary>A refresh can work now: the token has what a refresh needs, its registration has not expired, and it is no legacy profile's (never refreshed).</summary>
        public bool Refreshable { get; }

        /// <summary>True when the service itself was asked (VerifyAsync got an answer); false when the state is only what the cache claims.</summary>
        public bool Verified { get; }

        /// <summary>The state of this token (null: none) at nowUtc.</summary>
        public static LoginStatus Of(SignIn target, CachedToken? token, DateTime nowUtc)
        {
            if (token == null) return new LoginStatus(SsoLoginState.NotLoggedIn, null, refreshable: false, verified: false);
            bool refreshable = !target.IsLegacy && token.CanRefreshAt(nowUtc);
            var state = token.ExpiresAt > nowUtc ? SsoLoginState.LoggedIn
                : refreshable ? SsoLoginState.ExpiredRefreshable : SsoLoginState.Expired;
            return new LoginStatus(state, token, refreshable, verified: false);
        }

        /// <summary>
        /// The state of the sign-in's cached token now (the context's clock), read only: nothing is
        /// refreshed. A token of another start URL is none (TokenProvider.Peek); an unreadable one throws.
        /// </summary>
        public static LoginStatus Read(SsoContext ctx, SignIn target) => Of(target, new TokenProvider(ctx).Peek(target), ctx.Clock.UtcNow);

        /// <summary>
        /// For a token the cache calls good, asks IAM Identity Center whether it still accepts it (one
        /// cheap call): Revoked when it does not. Any other state is returned as it is, without a call.
        /// When the service cannot tell, the state stays the cache's claim, with a warning.
        /// </summary>
        public async Task<LoginStatus> VerifyAsync(SsoContext ctx, SignIn target, IFeedback feedback, CancellationToken ct)
        {
            if (State != SsoLoginState.LoggedIn || Token == null) return this;
            bool? accepted = await TokenCheck.IsAcceptedAsync(ctx, target, Token.AccessToken, ct).ConfigureAwait(false);
            if (!accepted.HasValue)
            {
                feedback.Warning($"Could not ask IAM Identity Center about '{target.DisplayName}'; its state is what the cache claims.");
                return this;
            }
            return new LoginStatus(accepted.Value ? SsoLoginState.LoggedIn : SsoLoginState.Revoked, Token, Refreshable, verified: true);
        }

        /// <summary>Fills in the session's LoginState, ExpiresAt (local time), Refreshable and Verified; only LoginState when there is no token.</summary>
        public void Describe(SsoSession session)
        {
            session.LoginState = State;
            session.Verified = Verified;
            if (Token == null) return;
            session.ExpiresAt = Token.ExpiresAt.ToLocalTime();
            session.Refreshable = Refreshable;
        }
    }
}
