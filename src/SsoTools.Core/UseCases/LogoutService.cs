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

        /// <summary>What signing out of the sso-session drops. One whose config is unusable (a bad region or start URL, a missing key) is LocalOnly.</summary>
        public LogoutPlan ForSession(TargetResolver resolver, string sessionName)
        {
            SignIn target;
            try { target = resolver.ForSession(sessionName); }
            catch (SsoException ex) when (IsUnusableSession(ex))
            {
                // Its token file is keyed by the name alone; no sign-in is made up for the rest.
                return new LogoutPlan(sessionName, new TokenProvider(_ctx).PathForSession(sessionName), null, Array.Empty<KeyValuePair<string, string>>(), ex.Message);
            }
            return PlanFor(target, RolesOf(resolver.Config, target));
        }

        /// <summary>What signing out of the profile's sign-in drops: its sso-session, or the legacy profile's start URL.</summary>
        public LogoutPlan ForProfile(TargetResolver resolver, string profileName)
        {
            var target = resolver.ForProfile(profileName);
            return PlanFor(target, RolesOf(resolver.Config, target));
        }

        /// <summary>The roles whose cached credentials belong to this sign-in: those of its profiles (a legacy sign-in's are those of the start URL's legacy profiles).</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> RolesOf(SsoConfig config, SignIn target)
        {
            var roles = new List<KeyValuePair<string, string>>();
            foreach (var p in config.GetProfiles())
            {
                bool same = target.SessionName != null ? p.SessionName == target.SessionName : p.SessionName == null && p.StartUrl == target.StartUrl;
                if (same && p.AccountId != null && p.RoleName != null) roles.Add(new KeyValuePair<string, string>(p.AccountId, p.RoleName));
            }
            return roles;
        }

        static bool IsUnusableSession(SsoException ex) =>
            ex.ErrorId == ErrorIds.InvalidRegion || ex.ErrorId == ErrorIds.InvalidStartUrl || ex.ErrorId == ErrorIds.SsoSessionIncomplete;

        LogoutPlan PlanFor(SignIn target, IReadOnlyList<KeyValuePair<string, string>> roles) =>
            new LogoutPlan(target.DisplayName, new TokenProvider(_ctx).PathFor(target), target, roles, null);

        /// <param name="roles">The (account, role) pairs whose cached credentials belong to this sign-in (from its profiles).</param>
        /// <param name="callServer">False: only the local files go.</param>
        internal Task<LogoutResult> LogoutAsync(SignIn target, IEnumerable<KeyValuePair<string, string>> roles, IFeedback feedback, CancellationToken ct, bool callServer = true) =>
            DropAsync(PlanFor(target, new List<KeyValuePair<string, string>>(roles)), callServer, feedback, ct);

        /// <summary>Does what the plan says; for LocalOnly, with a warning that the server is not told.</summary>
        public Task<LogoutResult> LogoutAsync(LogoutPlan plan, IFeedback feedback, CancellationToken ct)
        {
            if (plan.LocalOnly) feedback.Warning(plan.Problem + " Its cached token is deleted without a server-side logout.");
            return DropAsync(plan, callServer: !plan.LocalOnly, feedback, ct);
        }

        async Task<LogoutResult> DropAsync(LogoutPlan plan, bool callServer, IFeedback feedback, CancellationToken ct)
        {
            string path = plan.TokenPath;
            var target = plan.SignIn;
            using (await TokenLock.AcquireAsync(path, plan.Name, ct).ConfigureAwait(false))
            {
                CachedToken? token = null;
                try { token = _ctx.Tokens.Load(path); }
                catch (CacheFileException) { feedback.Verbose($"The token file of '{plan.Name}' is unreadable; deleting it."); }
                if (callServer && target != null) await new LoginService(_ctx).LogoutTokenAsync(target, token, feedback, ct).ConfigureAwait(false);

                var result = new LogoutResult { Name = plan.Name, TokenDeleted = _ctx.Tokens.Delete(path) };
                if (target != null)
                    foreach (var role in plan.Roles)
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
                        catch (SsoException) { continue; } // unreadable, or not a regular file: left alone
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
