using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Cache;

namespace SsoTools.Core.Auth
{
    /// <summary>What one logout dropped.</summary>
    public sealed class LogoutResult
    {
        public string Name { get; set; } = "";
        public bool TokenDeleted { get; set; }
        public int CredentialFilesDeleted { get; set; }
    }

    /// <summary>
    /// compat.md section 7: Logout on the server for each dropped token (errors ignored), delete
    /// its token file and its role-credential files; registrations and other sessions stay.
    /// </summary>
    public sealed class LogoutService
    {
        readonly SsoContext _ctx;

        public LogoutService(SsoContext ctx) { _ctx = ctx; }

        /// <param name="roles">The (account, role) pairs whose cached credentials belong to this sign-in (from its profiles).</param>
        public async Task<LogoutResult> LogoutAsync(SsoTarget target, IEnumerable<KeyValuePair<string, string>> roles, ILoginFeedback feedback, CancellationToken ct)
        {
            var tokens = new TokenProvider(_ctx);
            string path = tokens.PathFor(target);
            CachedToken? token = null;
            try { token = _ctx.Tokens.Load(path); }
            catch (CacheFileException) { feedback.Verbose($"The token file of '{target.DisplayName}' is unreadable; deleting it."); }
            await new LoginService(_ctx).LogoutTokenAsync(target, token, feedback, ct).ConfigureAwait(false);

            var result = new LogoutResult { Name = target.DisplayName, TokenDeleted = _ctx.Tokens.Delete(path) };
            foreach (var role in roles)
            {
                string credPath = _ctx.RoleCredentials.PathFor(role.Key, role.Value, target.SessionName, target.StartUrl);
                if (File.Exists(credPath) && RoleCredentialCache.IsSsoFile(credPath) && IO.AtomicFile.DeleteIfExists(credPath))
                    result.CredentialFilesDeleted++;
            }
            return result;
        }

        /// <summary>Like `aws sso logout`: every token in the cache and every SSO role-credential file.</summary>
        public async Task<LogoutResult> LogoutEverythingAsync(ILoginFeedback feedback, CancellationToken ct)
        {
            var result = new LogoutResult { Name = "*" };
            if (Directory.Exists(_ctx.Tokens.Directory))
            {
                foreach (string file in Directory.GetFiles(_ctx.Tokens.Directory, "*.json"))
                {
                    CachedToken? token;
                    try { token = _ctx.Tokens.Load(file); }
                    catch (CacheFileException) { continue; }
                    if (token == null) continue; // a client registration, kept
                    var target = new SsoTarget(null, token.StartUrl ?? "", token.Region ?? "us-east-1", null);
                    if (!string.IsNullOrEmpty(token.Region))
                        await new LoginService(_ctx).LogoutTokenAsync(target, token, feedback, ct).ConfigureAwait(false);
                    if (_ctx.Tokens.Delete(file)) result.TokenDeleted = true;
                }
            }
            if (Directory.Exists(_ctx.RoleCredentials.Directory))
                foreach (string file in Directory.GetFiles(_ctx.RoleCredentials.Directory, "*.json"))
                    if (RoleCredentialCache.IsSsoFile(file) && IO.AtomicFile.DeleteIfExists(file))
                        result.CredentialFilesDeleted++;
            return result;
        }
    }
}
