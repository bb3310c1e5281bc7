using System;
using System.Management.Automation;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using SsoTools.Core.Portal;
using SsoTools.Core.Credentials;
using SsoTools.Core.Formats;
using SsoTools.Model;

namespace SsoTools.Commands
{
    /// <summary>
    /// Open-SsoConsole and Get-SsoConsoleUrl: a role's credentials (SSO or chained), exchanged for a
    /// console sign-in token (compat.md section 10). The URL they make is a secret for 15 minutes:
    /// it goes to the browser, the host, or a [Hidden] property, never to Verbose or Debug.
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

        protected SsoConsoleUrl GetConsoleUrl()
        {
            if (!string.IsNullOrEmpty(Region)) SsoValidation.Region(Region!);
            int? duration = null;
            if (SessionDuration != null)
            {
                TimeSpan d = SessionDuration.Value;
                if (d < TimeSpan.FromMinutes(15) || d > TimeSpan.FromHours(12) || d.Ticks % TimeSpan.TicksPerSecond != 0)
                    throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                        $"-SessionDuration {d} is not possible: the console session lasts from 15 minutes to 12 hours, in whole seconds.", d);
                duration = (int)d.TotalSeconds;
            }
            var plan = ResolvePlan();
            var credential = FetchCredential(plan, Force);
            if (duration != null && plan.IsChained)
            {
                // The federation endpoint refuses SessionDuration for a chained role session.
                WriteWarning($"The profile '{plan.ProfileName}' is a chained role session: the console session lasts as long as its credentials (one hour at most), and -SessionDuration is not sent.");
                duration = null;
            }
            string ssoRegion = plan.Start.SignIn.Region;
            string region = !string.IsNullOrEmpty(Region) ? Region! : credential.Region ?? Core.Net.SsoClients.EnvironmentRegion() ?? ssoRegion;
            var partition = ConsolePartition.OfArn(credential.RoleArn) ?? ConsolePartition.OfRegion(ssoRegion);
            if (ConsolePartition.OfRegion(region) != partition)
                throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                    $"The Region '{region}' is not in the {partition.Name} partition of {credential.RoleName} in {credential.AccountId}; give a -Region of that partition.", region);
            var signin = new ConsoleSignin();
            return Run((feedback, ct) => signin.GetUrlAsync(credential, partition, region, Destination, duration, ct));
        }
    }

    [Cmdlet(VerbsCommon.Get, "SsoConsoleUrl")]
    [OutputType(typeof(SsoConsoleUrl))]
    public sealed class GetSsoConsoleUrlCommand : ConsoleCmdlet
    {
        protected override void ProcessRecord()
        {
            try { WriteObject(GetConsoleUrl()); }
            catch (Exception ex) when (IsCoreFailure(ex)) { WriteFailure(ex); }
        }
    }

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
