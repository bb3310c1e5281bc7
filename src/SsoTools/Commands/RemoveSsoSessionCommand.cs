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
                    string? section = Core.Config.ConfigNames.FindSsoSessionSection(Document, name);
                    if (section == null)
                        throw Wildcards.NotFound(Core.Errors.ConfigErrors.SessionNotFound(name, ConfigTarget), name, SessionNames());
                    bool force = Force;
                    var all = Core.Config.ConfigNames.FindSsoSessionSections(Document, name);
                    ApplyIfConfirmed(string.Join(", ", all.ConvertAll(s => "[" + s + "]")) + " in " + ConfigTarget, "Remove sso-session", e => e.RemoveSession(name, force), out bool _);
                }
                catch (Exception ex) when (IsCoreFailure(ex))
                {
                    WriteFailure(ex);
                }
            }
        }

        System.Collections.Generic.IEnumerable<string> SessionNames()
        {
            foreach (string section in Document.SectionNames)
                if (Core.Config.ConfigNames.TryGetSsoSessionName(section, out string name)) yield return name;
        }
    }
}
