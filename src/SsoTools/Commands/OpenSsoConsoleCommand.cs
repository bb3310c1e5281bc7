using System;
using System.Management.Automation;
using SsoTools.Model;

namespace SsoTools.Commands
{
    [Cmdlet(VerbsCommon.Open, "SsoConsole")]
    public sealed class OpenSsoConsoleCommand : ConsoleCmdlet
    {
        /// <summary>Print the URL to the host instead of opening a browser.</summary>
        [Parameter] public SwitchParameter NoBrowser { get; set; }

        protected override void ProcessRecord()
        {
            SsoConsoleUrl url;
            try { url = GetConsoleUrl(); }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                WriteFailure(ex);
                return;
            }
            string what = $"{url.RoleName} in {url.AccountId}";
            if (!NoBrowser)
            {
                if (Context.Browser.TryOpen(url.Url, out string? problem))
                {
                    WriteVerbose($"Opened the console for {what} ({url.Destination}).");
                    return;
                }
                WriteWarning($"Could not open a browser ({problem}); the sign-in URL follows on the host.");
            }
            // The host only: not a stream a script could log, and not Verbose or Debug.
            Host.UI.WriteLine($"Console sign-in for {what}, valid until {url.ExpiresAt:T} (anyone with this URL is signed in as that role):");
            Host.UI.WriteLine(url.Url);
        }
    }
}
