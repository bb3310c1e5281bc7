using System;
using System.Linq;
using System.Management.Automation;
using SsoTools.Core.Config;
using SsoTools.Model;

namespace SsoTools.Commands
{
    [Cmdlet(VerbsCommon.Get, "SsoProfile")]
    [OutputType(typeof(SsoProfile))]
    public sealed class GetSsoProfileCommand : SsoCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ProfileName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only the profiles of these sso-sessions.</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string[]? SessionName { get; set; }

        protected override void ProcessRecord()
        {
            var resolver = ReadConfig();
            var config = resolver.Config;
            var names = Wildcards.ForNames(Name);
            var sessions = Wildcards.ForNames(SessionName);
            // Broken SSO profiles are not listed, but not hidden either.
            foreach (var problem in config.GetProfileProblems(ownOnly: true)) WriteWarning(problem.Message);
            var profiles = SafeProfiles(config);
            var found = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
            foreach (var profile in profiles)
            {
                if (!Wildcards.Any(names, profile.ProfileName) || !Wildcards.Any(sessions, profile.SessionName)) continue;
                found.Add(profile.ProfileName);
                WriteObject(profile);
            }
            foreach (string n in Wildcards.Unmatched(Name, found))
                WriteFailure(Wildcards.NotFound(Core.Errors.ConfigErrors.ProfileNotFound(n, resolver.ConfigPath), n, profiles.Select(p => p.ProfileName)));
        }

        System.Collections.Generic.IEnumerable<SsoProfile> SafeProfiles(SsoConfig config)
        {
            try { return config.GetProfiles(); }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                ThrowFailure(ex);
                throw;
            }
        }
    }
}
