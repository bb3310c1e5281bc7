using System;
using System.IO;
using System.Management.Automation;

namespace SsoTools.Commands
{
    /// <summary>
    /// The credential_process command for a profile: this pwsh, this module by its full path,
    /// Export-SsoCredential -Format Process. botocore splits it as a POSIX shell would, so every
    /// path is double-quoted and the profile name single-quoted inside the -Command string.
    /// </summary>
    static class CredentialProcessLine
    {
        public static string For(PSCmdlet cmdlet, string profileName)
        {
            string moduleBase = cmdlet.MyInvocation.MyCommand.Module?.ModuleBase ?? Path.GetDirectoryName(typeof(CredentialProcessLine).Assembly.Location)!;
            // The manifest sits above Core/ and Desktop/.
            string manifest = Path.Combine(moduleBase, "SsoTools.psd1");
            if (!File.Exists(manifest)) manifest = Path.Combine(Path.GetDirectoryName(moduleBase)!, "SsoTools.psd1");

            var (exe, leading) = PwshLauncher.For(cmdlet);
            string launcher = Quote(exe);
            foreach (string a in leading) launcher += " " + Quote(a);
            // Only the JSON may reach stdout (pwsh -Command writes warnings there too); errors go to stderr, plain.
            string command = "$WarningPreference = 'SilentlyContinue'; $InformationPreference = 'SilentlyContinue'; if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }; " +
                "Import-Module '" + manifest.Replace("'", "''") + "'; Export-SsoCredential -ProfileName '" + profileName.Replace("'", "''") + "' -Format Process";
            return launcher + " -NoProfile -NonInteractive -Command " + Quote(command);
        }

        // Inside double quotes shlex (POSIX) unescapes only \\ and \".
        static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
