using System;
using SsoTools.Core.Cache;
using SsoTools.Model;

namespace SsoTools.Commands
{
    static class LoginStatus
    {
        /// <summary>Login state at a glance, from the cached token alone (no network).</summary>
        public static void Fill(SsoSession session, CachedToken? token, DateTime nowUtc)
        {
            if (token == null)
            {
                session.LoginState = SsoLoginState.NotLoggedIn;
                return;
            }
            bool refreshable = token.CanRefreshAt(nowUtc);
            session.ExpiresAt = token.ExpiresAt.ToLocalTime();
            session.Refreshable = refreshable;
            session.LoginState = token.ExpiresAt > nowUtc ? SsoLoginState.LoggedIn
                : refreshable ? SsoLoginState.ExpiredRefreshable : SsoLoginState.Expired;
        }
    }
}
