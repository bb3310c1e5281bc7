using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using SsoTools.Core.Cache;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using SsoTools.Model;
using SsoTools.Core.Portal;
using SsoTools.Core.Credentials;
using SsoTools.Core.Formats;

namespace SsoTools.Commands
{
    /// <summary>
    /// Checks SSO profiles the way a runbook needs to know before it relies on them: the config
    /// resolves, the session is signed in, the role is still assigned, the names and region are valid.
    /// One object per profile; nothing is changed.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "SsoProfile")]
    [OutputType(typeof(SsoProfileTest))]
    public sealed class TestSsoProfileCommand : SsoCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string[]? ProfileName { get; set; }

        /// <summary>Check only whether the config resolves and a token is cached; ask the service nothing.</summary>
        [Parameter] public SwitchParameter Offline { get; set; }

        // Roles per (sign-in, account), asked once per command.
        readonly Dictionary<string, HashSet<string>?> _roles = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);

        protected override void ProcessRecord()
        {
            var resolver = ReadConfig();
            var config = resolver.Config;
            var patterns = Wildcards.ForNames(ProfileName);
            var found = new HashSet<string>(StringComparer.Ordinal);

            // Every SSO profile, usable or not: one that cannot sign in is reported with ConfigValid false.
            var all = config.SsoProfileNames();
            var names = all.Where(n => Wildcards.Any(patterns, n)).OrderBy(n => n, StringComparer.Ordinal);
            foreach (string name in names)
            {
                found.Add(name);
                WriteObject(Test(resolver, name));
            }
            foreach (string n in Wildcards.Unmatched(ProfileName, found))
                WriteFailure(Wildcards.NotFound(ConfigErrors.ProfileNotFound(n, resolver.ConfigPath), n, all));
        }

        SsoProfileTest Test(TargetResolver resolver, string name)
        {
            var problems = new List<string>();
            var result = new SsoProfileTest { ProfileName = name, NameValid = ConfigNames.ValidateName(name) == null, RegionValid = true };
            if (!result.NameValid) problems.Add($"The name '{name}' is one SsoTools would not write: {ConfigNames.ValidateName(name)}.");
            SsoProfile profile;
            SignIn target;
            try
            {
                profile = resolver.Profile(name);
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
            try { token = new TokenProvider(Context).Peek(target); }
            catch (SsoException ex) { problems.Add(ex.Message); unreadable = true; }
            var now = DateTime.UtcNow;
            result.SignedIn = token != null && (token.ExpiresAt > now || (!target.IsLegacy && token.CanRefreshAt(now)));
            if (!result.SignedIn)
            {
                if (!unreadable)
                    problems.Add(token == null
                        ? $"Not signed in to '{target.DisplayName}': run '{target.LoginHint}'."
                        : $"The sign-in for '{target.DisplayName}' has expired and cannot be refreshed: run '{target.LoginHint}'.");
                result.Problems = problems.ToArray();
                return result;
            }
            if (Offline || profile.AccountId == null || profile.RoleName == null)
            {
                if (profile.AccountId == null) problems.Add("The profile names no role (sso_account_id, sso_role_name): it gives bearer tokens only.");
                result.Problems = problems.ToArray();
                return result;
            }

            try
            {
                var roles = RolesOf(target, profile.AccountId);
                result.RoleAssigned = roles != null && roles.Contains(profile.RoleName);
                if (result.RoleAssigned == false)
                    problems.Add(roles == null
                        ? $"The account {profile.AccountId} is no longer one you can reach through '{target.DisplayName}'."
                        : $"The role '{profile.RoleName}' is no longer assigned to you in {profile.AccountId}; you have: {string.Join(", ", roles.OrderBy(r => r, StringComparer.Ordinal))}.");
            }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                problems.Add("Could not ask IAM Identity Center about the role: " + ex.Message);
            }
            result.Problems = problems.ToArray();
            return result;
        }

        /// <summary>The roles you have in the account (null when the account is not yours), asked once per sign-in and account.</summary>
        HashSet<string>? RolesOf(SignIn target, string accountId)
        {
            string key = (target.SessionName ?? target.StartUrl) + "|" + accountId;
            if (_roles.TryGetValue(key, out var known)) return known;
            HashSet<string>? roles;
            try
            {
                var list = Run(async (feedback, ct) =>
                {
                    var token = await new TokenProvider(Context).GetTokenAsync(target, feedback, ct).ConfigureAwait(false);
                    return await new PortalService(Context).ListRolesAsync(target, token.AccessToken, accountId, null, ct).ConfigureAwait(false);
                });
                roles = new HashSet<string>(list.Select(r => r.RoleName), StringComparer.Ordinal);
            }
            catch (SsoException ex) when (ex.ErrorId == ErrorIds.AccountNotFound)
            {
                roles = null;
            }
            _roles[key] = roles;
            return roles;
        }
    }
}
