using System;
using System.Management.Automation;
using SsoTools.Model;

namespace SsoTools.Commands
{
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
}
