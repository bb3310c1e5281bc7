using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Cache;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using SsoTools.Core.IO;
using SsoTools.Model;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;
using SsoTools.Core.Tokens;

namespace SsoTools.Core.UseCases
{
    /// <summary>
    /// compat.md section 7: Logout on the server for each dropped token (errors ignored), delete
    /// its token file and its role-credential files; registrations and other sessions stay.
    /// Everything happens under the token's lock, the one refreshes and sign-ins take: a refresh
    /// in flight in another process either finishes first (and its new token is the one revoked
    /// and deleted) or starts after and finds no token. Either way the session stays ended.
    /// </summary>
    public sealed class LogoutService
    {
        readonly SsoContext _ctx;

        public LogoutService(SsoContext ctx) { _ctx = ctx; }

        /// <param name="roles">The (account, role) pairs whose cached credentials belong to this sign-in (from its profiles).</param>
        /// <param name="callServer">False when the session's config is unusable (its region is not to be trusted): only the local files go.</param>
        public async Task<LogoutResult> LogoutAsync(SignIn target, IEnumerable<KeyValuePair<string, string>> roles, IFeedback feedback, CancellationToken ct, bool callServer = true)
        {
            string path = new TokenProvider(_ctx).PathFor(target);
            using (await TokenLock.AcquireAsync(path, target.DisplayName, ct).ConfigureAwait(false))
            {
                CachedToken? token = null;
                try { token = _ctx.Tokens.Load(path); }
                catch (CacheFileException) { feedback.Verbose($"The token file of '{target.DisplayName}' is unreadable; deleting it."); }
                if (callServer) await new LoginService(_ctx).LogoutTokenAsync(target, token, feedback, ct).ConfigureAwait(false);

                var result = new LogoutResult { Name = target.DisplayName, TokenDeleted = _ctx.Tokens.Delete(path) };
                foreach (var role in roles)
                {
                    string credPath = _ctx.RoleCredentials.PathFor(role.Key, role.Value, target.SessionName, target.StartUrl);
                    if (File.Exists(credPath) && RoleCredentialCache.IsSsoFile(credPath) && AtomicFile.DeleteIfExists(credPath))
                        result.CredentialFilesDeleted++;
                }
                return result;
            }
        }

        /// <summary>Like `aws sso logout`: every token in the cache and every SSO role-credential file.</summary>
        public async Task<LogoutResult> LogoutEverythingAsync(IFeedback feedback, CancellationToken ct)
        {
            var result = new LogoutResult { Name = "*" };
            if (Directory.Exists(_ctx.Tokens.Directory))
            {
                foreach (string file in Directory.GetFiles(_ctx.Tokens.Directory, "*.json"))
                {
                    using (await TokenLock.AcquireAsync(file, Path.GetFileName(file), ct).ConfigureAwait(false))
                    {
                        CachedToken? token;
                        try { token = _ctx.Tokens.Load(file); }
                        catch (CacheFileException) { continue; }
                        catch (SsoException) { continue; } // not a regular file: left alone
                        if (token == null) continue; // a client registration, kept
                        // The region decides where the token is sent: only a real region name gets it.
                        if (!string.IsNullOrEmpty(token.Region) && SsoValidation.IsRegion(token.Region!))
                        {
                            var target = new SignIn(null, token.StartUrl ?? "", token.Region!, null);
                            await new LoginService(_ctx).LogoutTokenAsync(target, token, feedback, ct).ConfigureAwait(false);
                        }
                        else feedback.Verbose($"{file} names no valid region; it is deleted without a server logout.");
                        if (_ctx.Tokens.Delete(file)) result.TokenDeleted = true;
                    }
                }
            }
            if (Directory.Exists(_ctx.RoleCredentials.Directory))
                foreach (string file in Directory.GetFiles(_ctx.RoleCredentials.Directory, "*.json"))
                    if (RoleCredentialCache.IsSsoFile(file) && AtomicFile.DeleteIfExists(file))
                        result.CredentialFilesDeleted++;
            return result;
        }
    }
}
