using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;
using SsoTools.Core.Tokens;
using SsoTools.Core.Cache;
using SsoTools.Core.Errors;
using SsoTools.Model;
using SsoTools.Core.Portal;

namespace SsoTools.Core.Credentials
{
    /// <summary>
    /// Role credentials through the CLI's cache (compat.md section 6): the cached ones while at
    /// least 15 minutes remain, else GetRoleCredentials with a token from the token provider.
    /// A warm cache costs one small file read: no token, no network.
    /// </summary>
    public sealed class RoleCredentialService
    {
        public static readonly TimeSpan ReuseWindow = TimeSpan.FromMinutes(15);
        readonly SsoContext _ctx;

        public RoleCredentialService(SsoContext ctx) { _ctx = ctx; }

        public string PathFor(SignIn target, string accountId, string roleName) =>
            _ctx.RoleCredentials.PathFor(accountId, roleName, target.SessionName, target.StartUrl);

        /// <summary>The cached credentials when they are good for 15 more minutes; else null.</summary>
        public SsoRoleCredential? TryCached(SignIn target, string accountId, string roleName) => TryCached(target, accountId, roleName, out _);

        SsoRoleCredential? TryCached(SignIn target, string accountId, string roleName, out string? distrust)
        {
            var cached = TryCachedFile(target, PathFor(target, accountId, roleName), accountId, roleName, assumed: false, out distrust);
            return cached == null ? null : Complete(cached, target, accountId, roleName);
        }

        /// <summary>
        /// The credentials in a cache file (SSO or assumed-role) when they are good for 15 more minutes
        /// and the sign-in they come from is still there; else null.
        /// </summary>
        /// <param name="distrust">Set when a file was there but not believed (CacheTrust, or it names another account or role): the sentence to tell the user.</param>
        internal SsoRoleCredential? TryCachedFile(SignIn signIn, string path, string accountId, string roleName, bool assumed, out string? distrust)
        {
            distrust = null;
            // Signed out (the token file is gone) means no credentials, even cached ones that a
            // logout could not find (roles used without a profile, chained roles).
            if (!System.IO.File.Exists(_ctx.Tokens.PathFor(signIn.SessionName, signIn.StartUrl))) return null;
            SsoRoleCredential? cached;
            string? assumedRoleArn;
            try { cached = _ctx.RoleCredentials.Load(path, out assumedRoleArn); }
            catch (CacheFileException) { return null; } // a broken cache entry is replaced, not fatal
            if (cached == null) return null;
            string? why = CacheTrust.WhyNot(path);
            if (why == null && cached.AccountId.Length > 0 && cached.AccountId != accountId)
                why = $"it holds credentials of account {cached.AccountId}, not {accountId}";
            if (why == null && assumed && assumedRoleArn != null && !CacheTrust.AssumedRoleMatches(assumedRoleArn, accountId, roleName))
                why = $"it holds credentials of {assumedRoleArn}, not of the role {roleName} in {accountId}";
            if (why != null)
            {
                distrust = $"The cached credentials in {path} were not used: {why}. SsoTools fetched new ones from the service instead.";
                return null;
            }
            if (cached.Expiration - _ctx.Clock.UtcNow < ReuseWindow) return null;
            CredentialValues.Check(cached, path, Remedy.FetchNewCredentials(path));
            return cached;
        }

        /// <summary>The paths whose distrust this process has already told: each is said once, however many calls meet it.</summary>
        static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Told = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        internal static void TellOnce(string? distrust, string path, IFeedback feedback)
        {
            if (distrust != null && Told.TryAdd(path, true)) feedback.Warning(distrust);
        }

        public async Task<SsoRoleCredential> GetAsync(SignIn target, string accountId, string roleName, bool force, IFeedback feedback, CancellationToken ct)
        {
            string? distrust = null;
            if (!force)
            {
                var cached = TryCached(target, accountId, roleName, out distrust);
                if (cached != null) return cached;
                TellOnce(distrust, PathFor(target, accountId, roleName), feedback);
            }
            var token = await new TokenProvider(_ctx).GetTokenAsync(target, feedback, ct).ConfigureAwait(false);
            var portal = new PortalService(_ctx);
            SsoRoleCredential fresh;
            try
            {
                fresh = await portal.GetRoleCredentialsAsync(target, token.AccessToken, accountId, roleName, ct).ConfigureAwait(false);
            }
            catch (SsoException ex) when (ex.ErrorId == ErrorIds.RoleNotAssigned)
            {
                // GetRoleCredentials says "not found" for both; the role list tells which it is.
                var roles = await portal.ListRolesAsync(target, token.AccessToken, accountId, null, ct).ConfigureAwait(false);
                throw new SsoException(ErrorIds.RoleNotAssigned, SsoErrorKind.PermissionDenied,
                    $"The role '{roleName}' is not assigned to you in account {accountId}. Your roles there: {string.Join(", ", roles.Select(r => r.RoleName))}.", roleName, ex.InnerException);
            }
            try { await SaveWhileSignedInAsync(target, PathFor(target, accountId, roleName), fresh, ct).ConfigureAwait(false); }
            catch (Exception ex) when (distrust != null && (ex is UnauthorizedAccessException || ex is System.IO.IOException || (ex is SsoException s && s.ErrorId == ErrorIds.FileAccessDenied)))
            {
                // A planted file in a folder where this user may not replace it (sticky bit): the fresh credentials are used, not kept.
                feedback.Verbose("The fresh credentials were not cached: " + ex.Message);
            }
            feedback.Verbose($"Fetched credentials for {roleName} in {accountId}; they expire at {CacheTime.Format(fresh.Expiration)}.");
            return Complete(fresh, target, accountId, roleName);
        }

        /// <summary>
        /// Caches the credentials under the token's lock, and only while the token file is still
        /// there: a logout in another process (which deletes the token and these files under the
        /// same lock) must not find them written back a moment later for the AWS CLI to use.
        /// </summary>
        async Task SaveWhileSignedInAsync(SignIn target, string path, SsoRoleCredential credential, CancellationToken ct)
        {
            string tokenPath = _ctx.Tokens.PathFor(target.SessionName, target.StartUrl);
            using (await TokenLock.AcquireAsync(tokenPath, target.DisplayName, ct).ConfigureAwait(false))
            {
                if (!System.IO.File.Exists(tokenPath))
                    throw new SsoException(ErrorIds.NotLoggedIn, SsoErrorKind.AuthenticationError,
                        $"'{target.DisplayName}' was signed out while its credentials were being fetched; they were not kept. Run '{target.LoginHint}' to sign in again.", target.DisplayName);
                _ctx.RoleCredentials.Save(path, credential);
            }
        }

        static SsoRoleCredential Complete(SsoRoleCredential c, SignIn target, string accountId, string roleName)
        {
            c.AccountId = accountId;
            c.RoleName = roleName;
            c.SessionName = target.SessionName;
            c.ProfileName = target.ProfileName;
            return c;
        }
    }
}
