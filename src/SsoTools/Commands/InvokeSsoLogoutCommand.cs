using System;
using System.Collections.Generic;
using System.Management.Automation;
using SsoTools.Model;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using SsoTools.Core.Config;

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
                    var target = sessions.Count > 0 ? resolver.ForSession(name) : resolver.ForProfile(name);
                    if (!ShouldProcess(target.DisplayName, "Sign out")) continue;
                    var roles = RolesOf(resolver.Config, target);
                    var result = Run((f, ct) => service.LogoutAsync(target, roles, f, ct));
                    if (PassThru) WriteObject(result);
                }
                catch (Core.Errors.SsoException ex) when (sessions.Count > 0 && IsUnusableSession(ex))
                {
                    // A session whose config cannot be trusted (a bad region, say) can still be signed out
                    // here: its token file goes, but nothing is sent to where that config points.
                    if (!ShouldProcess(name, "Sign out (local files only)")) continue;
                    WriteWarning(ex.Message + " Its cached token is deleted without a server-side logout.");
                    try
                    {
                        var local = new SignIn(name, "", "", null);
                        var result = Run((f, ct) => service.LogoutAsync(local, new List<KeyValuePair<string, string>>(), f, ct, callServer: false));
                        if (PassThru) WriteObject(result);
                    }
                    catch (Exception inner) when (IsCoreFailure(inner)) { WriteFailure(inner); }
                }
                catch (Exception ex) when (IsCoreFailure(ex))
                {
                    WriteFailure(ex);
                }
            }
        }

        static bool IsUnusableSession(Core.Errors.SsoException ex) =>
            ex.ErrorId == Core.Errors.ErrorIds.InvalidRegion || ex.ErrorId == Core.Errors.ErrorIds.InvalidStartUrl ||
            ex.ErrorId == Core.Errors.ErrorIds.SsoSessionIncomplete;

        static List<string> Names(string[]? names)
        {
            var list = new List<string>();
            if (names != null) foreach (string n in names) if (!string.IsNullOrEmpty(n)) list.Add(n);
            return list;
        }

        /// <summary>The roles whose cached credentials belong to this sign-in: those of its profiles.</summary>
        static List<KeyValuePair<string, string>> RolesOf(SsoConfig config, SignIn target)
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
