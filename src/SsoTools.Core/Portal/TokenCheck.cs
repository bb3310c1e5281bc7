using System;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Config;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;

namespace SsoTools.Core.Portal
{
    /// <summary>
    /// Asks the service whether it still accepts a token, with the cheapest call there is
    /// (ListAccounts, one result). A cache file says a token is good until it expires; the service
    /// may have revoked it long before (a logout elsewhere, an administrator).
    /// </summary>
    public static class TokenCheck
    {
        /// <summary>
        /// True when the portal accepts the token, false when it rejects it (401), null when it could
        /// not tell (no sso:account:access scope to call with, or the service failed or was unreachable).
        /// </summary>
        public static async Task<bool?> IsAcceptedAsync(SsoContext ctx, SignIn target, string accessToken, CancellationToken ct)
        {
            bool canCall = false;
            foreach (string scope in target.EffectiveScopes)
                if (scope == SsoConfig.DefaultScope) canCall = true;
            if (!canCall) return null;
            try
            {
                await new Portal.PortalService(ctx).FirstAccountAsync(target, accessToken, ct).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (Errors.SsoException ex) when (ex.ErrorId == Errors.ErrorIds.TokenRejected) { return false; }
            catch (Errors.SsoException) { return null; }
        }
    }
}
