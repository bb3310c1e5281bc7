using System;
using System.Management.Automation;
using SsoTools.Core.Auth;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using SsoTools.Core.Model;
using SsoTools.Core.Portal;

namespace SsoTools.Commands
{
    /// <summary>
    /// A cmdlet that needs one role's credentials, named by a profile (-ProfileName, default
    /// $env:AWS_PROFILE), or by -SessionName -AccountId -RoleName; both bind from the pipeline
    /// (SsoRole, SsoProfile). One parameter set, for the reason TargetCmdlet gives.
    /// </summary>
    public abstract class RoleCredentialCmdlet : SsoCmdlet
    {
        /// <summary>The profile; each cmdlet declares it (and its position) itself, see ProfileNameParameter.</summary>
        public abstract string? ProfileName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string? SessionName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        public string? AccountId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        public string? RoleName { get; set; }

        /// <summary>Fetch new credentials even when cached ones are still good.</summary>
        [Parameter] public SwitchParameter Force { get; set; }

        protected SsoRoleCredential FetchCredential()
        {
            var resolver = ReadConfig();
            SsoTarget target;
            string accountId, roleName;
            string? region = null;
            bool roleGiven = !string.IsNullOrEmpty(AccountId) && !string.IsNullOrEmpty(RoleName);
            if (roleGiven && (!string.IsNullOrEmpty(SessionName) || !string.IsNullOrEmpty(ProfileName)))
            {
                // An explicit (or piped) role: the session signs in; a profile only lends its
                // sign-in (legacy) and region.
                SsoValidation.AccountId(AccountId!);
                SsoProfile? profile = string.IsNullOrEmpty(ProfileName) ? null : resolver.Config.FindProfile(ProfileName!);
                if (!string.IsNullOrEmpty(SessionName))
                {
                    var session = resolver.ForSession(SessionName!);
                    target = new SsoTarget(session.SessionName, session.StartUrl, session.Region, session.ConfiguredScopes, ProfileName);
                }
                else
                {
                    target = resolver.ForProfile(profile ?? resolver.Profile(ProfileName!));
                }
                accountId = AccountId!;
                roleName = RoleName!;
                region = profile?.Region;
            }
            else
            {
                if (!string.IsNullOrEmpty(AccountId) || !string.IsNullOrEmpty(RoleName))
                    throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                        "Give -AccountId and -RoleName together, with -SessionName (or a legacy -ProfileName) to sign in with; or give only -ProfileName.", AccountId ?? RoleName);
                if (!string.IsNullOrEmpty(SessionName) && string.IsNullOrEmpty(ProfileName))
                    throw new SsoException(ErrorIds.ProfileHasNoRole, SsoErrorKind.InvalidArgument,
                        $"Credentials are for a role: give -AccountId and -RoleName with -SessionName {SessionName}, or a -ProfileName that names them. List your roles with 'Get-SsoRole -SessionName {SessionName}'.", SessionName);
                string name = string.IsNullOrEmpty(ProfileName) ? TargetCmdlet.CurrentProfile() : ProfileName!;
                var profile = resolver.Profile(name);
                target = resolver.ForProfile(profile);
                if (string.IsNullOrEmpty(profile.AccountId) || string.IsNullOrEmpty(profile.RoleName))
                    throw new SsoException(ErrorIds.ProfileHasNoRole, SsoErrorKind.InvalidOperation,
                        $"The profile '{name}' has no sso_account_id and sso_role_name: it gives bearer tokens (Get-SsoToken), not role credentials. Add a role with 'Set-SsoProfile -Name {name} -SessionName {profile.SessionName ?? "<session>"} -AccountId <id> -RoleName <role>'.", name);
                accountId = profile.AccountId!;
                roleName = profile.RoleName!;
                region = profile.Region;
            }

            var service = new RoleCredentialService(Context);
            bool force = Force;
            var credential = (!force ? service.TryCached(target, accountId, roleName) : null)
                ?? Run((feedback, ct) => service.GetAsync(target, accountId, roleName, force, feedback, ct));
            credential.Region = region;
            // Local time, like SsoToken.ExpiresAt and Get-Date; the files keep UTC.
            credential.Expiration = credential.Expiration.ToLocalTime();
            return credential;
        }
    }
}
