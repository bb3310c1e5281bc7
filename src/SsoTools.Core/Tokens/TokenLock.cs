using System;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Errors;
using SsoTools.Core.IO;
using SsoTools.Core.Net;

namespace SsoTools.Core.Tokens
{
    /// <summary>
    /// The lock beside a token file (&lt;file&gt;.lock): refreshes, sign-ins, logouts and the caching of
    /// role credentials all take it, so none of them can undo another in a different process.
    /// </summary>
    public static class TokenLock
    {
        /// <summary>Longer than a refresh or logout can take: three calls at the service deadline (90 s by default).</summary>
        public static TimeSpan Timeout => TimeSpan.FromTicks(3 * ServiceTimeout.Current.Ticks);

        public static async Task<FileLock> AcquireAsync(string tokenPath, string displayName, CancellationToken ct)
        {
            try { return await FileLock.AcquireAsync(tokenPath + ".lock", Timeout, ct).ConfigureAwait(false); }
            catch (TimeoutException ex)
            {
                throw new SsoException(ErrorIds.TokenRefreshBusy, SsoErrorKind.ResourceUnavailable,
                    $"Another process has held the token of '{displayName}' for over {Timeout.TotalSeconds:0} seconds ({tokenPath}.lock). Try again; if it persists, close the process that holds it.", displayName, ex);
            }
        }
    }
}
