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
        [Parameter] public SwitchParameter NoBrowser { get; set; }
        [Parameter] public SwitchParameter Force { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 600;

        protected override void ProcessRecord()
        {
            try
            {
                var target = ResolveTarget();
                var options = new LoginOptions
                {
                    UseDeviceCode = UseDeviceCode,
                    NoBrowser = NoBrowser,
                    Force = Force,
                    Timeout = TimeSpan.FromSeconds(TimeoutSec),
                };
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
