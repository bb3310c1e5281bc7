using System;
using System.Collections.Generic;
using System.Management.Automation;
using SsoTools.Core.Auth;
using SsoTools.Core.Config;

namespace SsoTools.Commands
{
    /// <summary>Signs out: Logout on the server, then the token file and the session's cached role credentials go.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "SsoLogout", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(LogoutResult))]
    public sealed class InvokeSsoLogoutCommand : SsoCmdlet
    {
        const string SessionSet = "Session";
        const string ProfileSet = "Profile";
        const string AllSet = "All";

        [Parameter(ParameterSetName = SessionSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string[] SessionName { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = ProfileSet, Mandatory = true)]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string[] ProfileName { get; set; } = Array.Empty<string>();

        /// <summary>Every cached token and SSO role credential, like `aws sso logout`.</summary>
        [Parameter(ParameterSetName = AllSet, Mandatory = true)]
        public SwitchParameter All { get; set; }

        /// <summary>Output what was dropped.</summary>
        [Parameter] public SwitchParameter PassThru { get; set; }

        ConfigDocument? _doc;

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

            _doc ??= LoadConfig();
            var resolver = new TargetResolver(_doc);
            var names = ParameterSetName == SessionSet ? SessionName : ProfileName;
            foreach (string name in names)
            {
                try
                {
                    var target = ParameterSetName == SessionSet ? resolver.ForSession(name) : resolver.ForProfile(name);
                    if (!ShouldProcess(target.DisplayName, "Sign out")) continue;
                    var roles = RolesOf(resolver.Config, target);
                    var result = Run((f, ct) => service.LogoutAsync(target, roles, f, ct));
                    if (PassThru) WriteObject(result);
                }
                catch (Exception ex) when (IsCoreFailure(ex))
                {
                    WriteFailure(ex);
                }
            }
        }

        /// <summary>The roles whose cached credentials belong to this sign-in: those of its profiles.</summary>
        static List<KeyValuePair<string, string>> RolesOf(SsoConfig config, SsoTarget target)
        {
            var roles = new List<KeyValuePair<string, string>>();
            foreach (var p in config.GetProfiles())
            {
                bool same = target.SessionName != null ? p.SessionName == target.SessionName : p.SessionName == null && p.StartUrl == target.StartUrl;
                if (same && p.AccountId != null && p.RoleName != null) roles.Add(new KeyValuePair<string, string>(p.AccountId, p.RoleName));
            }
            return roles;
        }
    }
}
