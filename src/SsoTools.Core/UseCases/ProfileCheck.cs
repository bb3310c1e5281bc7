using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Cache;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using SsoTools.Core.Net;
using SsoTools.Core.Portal;
using SsoTools.Core.Resolution;
using SsoTools.Core.Tokens;
using SsoTools.Model;

namespace SsoTools.Core.UseCases
{
    /// <summary>
    /// Test-SsoProfile's engine: checks a profile the way a runbook needs to know before it relies on
    /// it (the config resolves, the session is signed in, the role is still assigned, the name and
    /// region are valid). A failed check is a sentence in Problems, never an exception; nothing is
    /// changed. One instance asks for the roles once per sign-in and account, however many profiles.
    /// </summary>
    public sealed class ProfileCheck
    {
        readonly SsoContext _ctx;
        // Roles per (sign-in, account); null when the account is not one you can reach.
        readonly Dictionary<string, HashSet<string>?> _roles = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);

        public ProfileCheck(SsoContext ctx) { _ctx = ctx; }

        /// <param name="offline">Check only whether the config resolves and a token is cached; ask the service nothing.</param>
        public async Task<SsoProfileTest> TestAsync(TargetResolver resolver, string profileName, bool offline, IFeedback feedback, CancellationToken ct)
        {
            var problems = new List<string>();
            var result = new SsoProfileTest { ProfileName = profileName, NameValid = ConfigNames.ValidateName(profileName) == null, RegionValid = true };
            if (!result.NameValid) problems.Add($"The name '{profileName}' is one SsoTools would not write: {ConfigNames.ValidateName(profileName)}.");
            SsoProfile profile;
            SignIn target;
            try
            {
                profile = resolver.Profile(profileName);
                target = resolver.ForProfile(profile);
            }
            catch (SsoException ex)
            {
                problems.Add(ex.Message);
                result.Problems = problems.ToArray();
                return result;
            }
            result.ConfigValid = true;
            result.SessionName = profile.SessionName;
            result.AccountId = profile.AccountId;
            result.RoleName = profile.RoleName;
            if (profile.Region != null && !SsoValidation.IsRegion(profile.Region))
            {
                result.RegionValid = false;
                problems.Add($"The region '{SsoValidation.Printable(profile.Region)}' is not an AWS Region name.");
            }

            CachedToken? token = null;
            bool unreadable = false;
            try { token = new TokenProvider(_ctx).Peek(target); }
            catch (SsoException ex) { problems.Add(ex.Message); unreadable = true; }
            var state = LoginStatus.Of(target, token, _ctx.Clock.UtcNow).State;
            result.SignedIn = state == SsoLoginState.LoggedIn || state == SsoLoginState.ExpiredRefreshable;
            if (!result.SignedIn)
            {
                if (!unreadable)
                    problems.Add(token == null
                        ? $"Not signed in to '{target.DisplayName}': run '{target.LoginHint}'."
                        : $"The sign-in for '{target.DisplayName}' has expired and cannot be refreshed: run '{target.LoginHint}'.");
                result.Problems = problems.ToArray();
                return result;
            }
            if (offline || profile.AccountId == null || profile.RoleName == null)
            {
                if (profile.AccountId == null) problems.Add("The profile names no role (sso_account_id, sso_role_name): it gives bearer tokens only.");
                result.Problems = problems.ToArray();
                return result;
            }

            try
            {
                var roles = await RolesOfAsync(target, profile.AccountId, feedback, ct).ConfigureAwait(false);
                result.RoleAssigned = roles != null && roles.Contains(profile.RoleName);
                if (result.RoleAssigned == false)
                    problems.Add(roles == null
                        ? $"The account {profile.AccountId} is no longer one you can reach through '{target.DisplayName}'."
                        : $"The role '{profile.RoleName}' is no longer assigned to you in {profile.AccountId}; you have: {string.Join(", ", roles.OrderBy(r => r, StringComparer.Ordinal))}.");
            }
            catch (Exception ex) when (IsFailure(ex))
            {
                problems.Add("Could not ask IAM Identity Center about the role: " + ex.Message);
            }
            result.Problems = problems.ToArray();
            return result;
        }

        /// <summary>The roles you have in the account (null when the account is not yours), asked once per sign-in and account.</summary>
        async Task<HashSet<string>?> RolesOfAsync(SignIn target, string accountId, IFeedback feedback, CancellationToken ct)
        {
            string key = (target.SessionName ?? target.StartUrl) + "|" + accountId;
            if (_roles.TryGetValue(key, out var known)) return known;
            HashSet<string>? roles;
            try
            {
                var token = await new TokenProvider(_ctx).GetTokenAsync(target, feedback, ct).ConfigureAwait(false);
                var list = await new PortalService(_ctx).ListRolesAsync(target, token.AccessToken, accountId, null, ct).ConfigureAwait(false);
                roles = new HashSet<string>(list.Select(r => r.RoleName), StringComparer.Ordinal);
            }
            catch (SsoException ex) when (ex.ErrorId == ErrorIds.AccountNotFound)
            {
                roles = null;
            }
            _roles[key] = roles;
            return roles;
        }

        // What the cmdlet layer counts as a failure of the core (SsoCmdlet.IsCoreFailure): a failed
        // check is reported as a problem, anything else (a bug, Ctrl+C) goes on up.
        static bool IsFailure(Exception ex) => Failure.Of(ex) != null || ex is BadImageFormatException || ex is TypeLoadException;
    }
}
