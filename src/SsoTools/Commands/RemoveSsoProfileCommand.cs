using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SsoTools.Core.Config;

namespace SsoTools.Commands
{
    /// <summary>
    /// Removes SSO profiles, by name or wildcard; every section botocore maps to a name goes, so no
    /// other spelling takes its place. Profiles that are not SSO profiles ([default] with static keys,
    /// an assume-role profile) are left unless -Force.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "SsoProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    public sealed class RemoveSsoProfileCommand : ConfigChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ProfileName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Remove profiles that are not SSO profiles too.</summary>
        [Parameter] public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            foreach (string pattern in Name)
            {
                try
                {
                    var editor = new SsoConfigEditor(Document);
                    List<string> names;
                    if (!Wildcards.IsPlainName(pattern))
                    {
                        var wildcard = Wildcards.ForNames(new[] { pattern });
                        names = editor.ProfileNames().Where(n => Wildcards.Any(wildcard, n)).ToList();
                        foreach (string skipped in names.Where(n => !Force && !editor.IsSsoProfile(n)).ToList())
                        {
                            WriteVerbose($"'{skipped}' matches '{pattern}' but is not an SSO profile; it stays (use -Force to remove it too).");
                            names.Remove(skipped);
                        }
                    }
                    else
                    {
                        names = new List<string> { pattern };
                    }
                    foreach (string name in names) Remove(name);
                }
                catch (Exception ex) when (IsCoreFailure(ex))
                {
                    WriteFailure(ex);
                }
            }
        }

        void Remove(string name)
        {
            try
            {
                bool force = Force;
                var sections = ConfigNames.FindProfileSections(Document, name);
                if (sections.Count == 0) throw Wildcards.NotFound(Core.Errors.ConfigErrors.ProfileNotFound(name, ConfigTarget), name, new SsoConfigEditor(Document).ProfileNames());
                string target = (sections.Count == 0 ? "[" + ConfigNames.ProfileSection(name) + "]" : string.Join(", ", sections.Select(s => "[" + s + "]"))) + " in " + ConfigTarget;
                ApplyIfConfirmed(target, "Remove profile", e => e.RemoveProfile(name, force), out bool _);
            }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                WriteFailure(ex);
            }
        }
    }
}
