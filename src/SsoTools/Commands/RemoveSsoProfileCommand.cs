using System;
using System.Management.Automation;
using SsoTools.Core.Config;

namespace SsoTools.Commands
{
    [Cmdlet(VerbsCommon.Remove, "SsoProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    public sealed class RemoveSsoProfileCommand : ConfigChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            foreach (string name in Name)
            {
                try
                {
                    string section = ConfigNames.ProfileSection(name);
                    if (Document.HasSection(section) && !ShouldProcess($"[{section}] in {ConfigTarget}", "Remove profile")) continue;
                    Apply(e => e.RemoveProfile(name));
                }
                catch (Exception ex) when (IsCoreFailure(ex))
                {
                    WriteFailure(ex);
                }
            }
        }
    }
}
