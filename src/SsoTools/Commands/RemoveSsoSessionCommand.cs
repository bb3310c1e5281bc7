using System;
using System.Management.Automation;

namespace SsoTools.Commands
{
    [Cmdlet(VerbsCommon.Remove, "SsoSession", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    public sealed class RemoveSsoSessionCommand : ConfigChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionName")]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Remove the session even while profiles still use it.</summary>
        [Parameter] public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            foreach (string name in Name)
            {
                try
                {
                    if (!Document.HasSection(Core.Config.ConfigNames.SsoSessionSection(name)))
                    {
                        new Core.Config.SsoConfigEditor(Document).RemoveSession(name, Force); // throws the not-found error
                        continue;
                    }
                    if (!ShouldProcess($"[sso-session {name}] in {ConfigTarget}", "Remove sso-session")) continue;
                    bool force = Force;
                    Apply(e => e.RemoveSession(name, force));
                }
                catch (Exception ex) when (IsCoreFailure(ex))
                {
                    WriteFailure(ex);
                }
            }
        }
    }
}
