using System;
using System.Management.Automation;
using SsoTools.Model;

namespace SsoTools.Commands
{
    [Cmdlet(VerbsCommon.New, "SsoSession", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(SsoSession))]
    public sealed class NewSsoSessionCommand : ConfigChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionName")]
        [AllowEmptyString]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string StartUrl { get; set; } = "";

        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [Alias("SsoRegion")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string Region { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? RegistrationScopes { get; set; }

        /// <summary>A fixed loopback port for browser sign-ins (ssotools_callback_port), for an ssh -L tunnel.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1024, 65535)]
        public int? CallbackPort { get; set; }

        /// <summary>Overwrite an existing sso-session of that name.</summary>
        [Parameter] public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                string action = Core.Config.ConfigNames.FindSsoSessionSection(Document, Name) != null ? "Overwrite sso-session" : "Create sso-session";
                string name = Name, url = StartUrl, region = Region;
                var scopes = RegistrationScopes;
                bool force = Force;
                int? port = CallbackPort;
                if (ApplyIfConfirmed($"[sso-session {Name}] in {ConfigTarget}", action, e => e.SetSession(name, url, region, scopes, force, port), out var session))
                    Emit(session);
            }
            catch (Exception ex) when (IsCoreFailure(ex) || ex is ArgumentException)
            {
                WriteFailure(ex is ArgumentException ? new Core.Errors.SsoException(Core.Errors.ErrorIds.InvalidValue, Core.Errors.SsoErrorKind.InvalidArgument, ex.Message, Name, ex) : ex);
            }
        }
    }
}
