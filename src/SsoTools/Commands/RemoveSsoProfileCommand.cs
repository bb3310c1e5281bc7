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
                    string? section = ConfigNames.FindProfileSection(Document, name);
                    if (section == null)
                        throw new Core.Errors.SsoException(Core.Errors.ErrorIds.SsoProfileNotFound, Core.Errors.SsoErrorKind.ObjectNotFound,
                            $"The profile '{name}' does not exist in {ConfigTarget}. List SSO profiles with Get-SsoProfile.", name);
                    if (!ShouldProcess($"[{section}] in {ConfigTarget}", "Remove profile")) continue;
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
