using System;
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
            var names = Wildcards.From(Name);
            var sessions = Wildcards.From(SessionName);
            // Broken SSO profiles are not listed, but not hidden either.
            foreach (var problem in config.GetProfileProblems(ownOnly: true)) WriteWarning(problem.Message);
            var found = new System.Collections.Generic.HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var profile in SafeProfiles(config))
            {
                if (!Wildcards.Any(names, profile.ProfileName) || !Wildcards.Any(sessions, profile.SessionName)) continue;
                found.Add(profile.ProfileName);
                WriteObject(profile);
            }
            foreach (string n in Wildcards.Unmatched(Name, found))
                WriteFailure(Core.Errors.ConfigErrors.ProfileNotFound(n, resolver.ConfigPath));
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
