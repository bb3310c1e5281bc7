using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SsoTools.Core.Errors;
using SsoTools.Core.UseCases;
using SsoTools.Model;

namespace SsoTools.Commands
{
    /// <summary>
    /// Checks SSO profiles the way a runbook needs to know before it relies on them: the config
    /// resolves, the session is signed in, the role is still assigned, the names and region are valid.
    /// One object per profile; nothing is changed (Core's ProfileCheck does the checks).
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

        // One for the whole command: the roles are asked once per (sign-in, account), not once per pipeline object.
        ProfileCheck? _check;

        protected override void ProcessRecord()
        {
            var resolver = ReadConfig();
            var check = _check ??= new ProfileCheck(Context);
            var patterns = Wildcards.ForNames(ProfileName);
            var found = new HashSet<string>(StringComparer.Ordinal);

            // Every SSO profile, usable or not: one that cannot sign in is reported with ConfigValid false.
            var all = resolver.Config.SsoProfileNames();
            var names = all.Where(n => Wildcards.Any(patterns, n)).OrderBy(n => n, StringComparer.Ordinal);
            foreach (string name in names)
            {
                found.Add(name);
                WriteObject(Run((feedback, ct) => check.TestAsync(resolver, name, Offline, feedback, ct)));
            }
            foreach (string n in Wildcards.Unmatched(ProfileName, found))
                WriteFailure(Wildcards.NotFound(ConfigErrors.ProfileNotFound(n, resolver.ConfigPath), n, all));
        }
    }
}
