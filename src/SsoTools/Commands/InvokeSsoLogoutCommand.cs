using System;
using System.Collections.Generic;
using System.Management.Automation;
using SsoTools.Model;
using SsoTools.Core.UseCases;

namespace SsoTools.Commands
{
    /// <summary>Signs out: Logout on the server, then the token file and the session's cached role credentials go.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "SsoLogout", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = TargetSet)]
    [OutputType(typeof(LogoutResult))]
    public sealed class InvokeSsoLogoutCommand : SsoCmdlet
    {
        const string TargetSet = "Target";
        const string AllSet = "All";

        // One set for both names (as TargetCmdlet): piped objects carry one name and a null for the other.
        [Parameter(ParameterSetName = TargetSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyCollection]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string[]? SessionName { get; set; }

        [Parameter(ParameterSetName = TargetSet, ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyCollection]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string[]? ProfileName { get; set; }

        /// <summary>Every cached token and SSO role credential, like `aws sso logout`.</summary>
        [Parameter(ParameterSetName = AllSet, Mandatory = true)]
        public SwitchParameter All { get; set; }

        /// <summary>Output what was dropped.</summary>
        [Parameter] public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var service = new LogoutService(Context);
            if (All)
            {
                if (!ShouldProcess("every cached SSO token and role credential", "Sign out")) return;
                var result = Run((f, ct) => service.LogoutEverythingAsync(f, ct));
                if (PassThru) WriteObject(result);
                return;
            }

            var resolver = ReadConfig();
            var sessions = Names(SessionName);
            var profiles = sessions.Count > 0 ? new List<string>() : Names(ProfileName);
            if (sessions.Count == 0 && profiles.Count == 0)
            {
                WriteFailure(new Core.Errors.SsoException(Core.Errors.ErrorIds.InvalidValue, Core.Errors.SsoErrorKind.InvalidArgument,
                    "Name what to sign out of: -SessionName, -ProfileName, or -All for everything.", null));
                return;
            }
            foreach (string name in sessions.Count > 0 ? sessions : profiles)
            {
                try
                {
                    var plan = sessions.Count > 0 ? service.ForSession(resolver, name) : service.ForProfile(resolver, name);
                    if (!ShouldProcess(plan.Name, plan.LocalOnly ? "Sign out (local files only)" : "Sign out")) continue;
                    var result = Run((f, ct) => service.LogoutAsync(plan, f, ct));
                    if (PassThru) WriteObject(result);
                }
                catch (Exception ex) when (IsCoreFailure(ex))
                {
                    WriteFailure(ex);
                }
            }
        }

        static List<string> Names(string[]? names)
        {
            var list = new List<string>();
            if (names != null) foreach (string n in names) if (!string.IsNullOrEmpty(n)) list.Add(n);
            return list;
        }
    }
}
