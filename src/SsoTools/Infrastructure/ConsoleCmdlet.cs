using System;
using System.Management.Automation;
using SsoTools.Core.UseCases;
using SsoTools.Model;

namespace SsoTools.Commands
{
    /// <summary>
    /// Open-SsoConsole and Get-SsoConsoleUrl: a role's credentials (SSO or chained), exchanged for a
    /// console sign-in token (compat.md section 10) by Core's ConsoleService. The URL they make is a
    /// secret for 15 minutes: it goes to the browser, the host, or a [Hidden] property, never to
    /// Verbose or Debug.
    /// </summary>
    public abstract class ConsoleCmdlet : RoleCredentialCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public override string? ProfileName { get; set; }

        /// <summary>A console service (ec2, s3, ...) or an https URL of the console; the console home by default.</summary>
        [Parameter(Position = 1)]
        public string? Destination { get; set; }

        /// <summary>The console's Region; by default the profile's region, else AWS_REGION, else the sso-session's Region.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        /// <summary>How long the console session lasts (15 minutes to 12 hours); not for chained profiles.</summary>
        [Parameter]
        public TimeSpan? SessionDuration { get; set; }

        /// <summary>The sign-in URL. The request is checked before the config is read.</summary>
        protected SsoConsoleUrl GetConsoleUrl()
        {
            var request = new ConsoleRequest(Destination, Region, SessionDuration);
            var plan = ResolvePlan();
            var service = new ConsoleService(Context);
            return Run((feedback, ct) => service.GetUrlAsync(plan, request, Force, feedback, ct));
        }
    }
}
