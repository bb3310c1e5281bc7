using System;
using System.Management.Automation;
using SsoTools.Model;

namespace SsoTools.Commands
{
    /// <summary>
    /// A cmdlet that needs one role's credentials, named by a profile (-ProfileName, default
    /// $env:AWS_PROFILE), or by -SessionName -AccountId -RoleName; both bind from the pipeline
    /// (SsoRole, SsoProfile). One parameter set, for the reason TargetCmdlet gives.
    /// </summary>
    public abstract class RoleCredentialCmdlet : SsoCmdlet
    {
        /// <summary>The profile; each cmdlet declares the parameter itself, with its own position and aliases.</summary>
        public abstract string? ProfileName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string? SessionName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        [ArgumentCompleter(typeof(AccountIdCompleter))]
        public string? AccountId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        [ArgumentCompleter(typeof(RoleNameCompleter))]
        public string? RoleName { get; set; }

        /// <summary>Fetch new credentials even when cached ones are still good.</summary>
        [Parameter] public SwitchParameter Force { get; set; }

        protected SsoRoleCredential FetchCredential() => FetchCredential(ResolvePlan(), Force);

        /// <summary>
        /// How to get this object's credentials: an IAM Identity Center role, or a chained profile's
        /// AssumeRoles on top of one. The config is read for each object; ConfigStore parses it again only when its bytes changed.
        /// </summary>
        protected Core.Resolution.CredentialPlan ResolvePlan() => ReadConfig().ResolveCredentials(SessionName, ProfileName, AccountId, RoleName);

        /// <summary>The credentials: cached ones while 15 minutes remain (unless force), else new ones.</summary>
        protected SsoRoleCredential FetchCredential(Core.Resolution.CredentialPlan plan, bool force)
        {
            var service = new Core.Credentials.ChainedCredentialService(Context);
            var credential = (!force ? service.TryCached(plan) : null)
                ?? Run((feedback, ct) => service.GetAsync(plan, force, feedback, ct));
            // Local time, like SsoToken.ExpiresAt and Get-Date; the files keep UTC.
            credential.Expiration = credential.Expiration.ToLocalTime();
            return credential;
        }
    }
}
