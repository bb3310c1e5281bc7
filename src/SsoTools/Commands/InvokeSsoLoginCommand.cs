using System;
using System.Management.Automation;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using SsoTools.Model;

namespace SsoTools.Commands
{
    [Cmdlet(VerbsLifecycle.Invoke, "SsoLogin")]
    [OutputType(typeof(SsoToken))]
    public sealed class InvokeSsoLoginCommand : TargetCmdlet
    {
        [Parameter] public SwitchParameter UseDeviceCode { get; set; }
        /// <summary>The browser flow even where no browser can answer here (the URL is shown; the redirect may be pasted back).</summary>
        [Parameter] public SwitchParameter UseBrowser { get; set; }

        /// <summary>The loopback port of the browser's redirect (for ssh -L PORT:127.0.0.1:PORT); else the session's ssotools_callback_port, else any.</summary>
        [Parameter]
        [ValidateRange(1024, 65535)]
        public int? CallbackPort { get; set; }
        [Parameter] public SwitchParameter NoBrowser { get; set; }
        [Parameter] public SwitchParameter Force { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 600;

        protected override void ProcessRecord()
        {
            try
            {
                var options = new LoginOptions
                {
                    Flow = LoginFlows.From(UseDeviceCode, UseBrowser, CallbackPort),
                    CallbackPort = CallbackPort,
                    NoBrowser = NoBrowser,
                    Force = Force,
                    Timeout = TimeSpan.FromSeconds(TimeoutSec),
                };
                var target = ResolveTarget();
                var service = new LoginService(Context);
                WriteObject(Run((feedback, ct) => service.LoginAsync(target, options, feedback, ct)));
            }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                WriteFailure(ex);
            }
        }
    }
}
