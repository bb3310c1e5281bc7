using System;
using System.Management.Automation;
using SsoTools.Model;

namespace SsoTools.Commands
{
    [Cmdlet(VerbsCommon.Get, "SsoRoleCredential")]
    [OutputType(typeof(SsoRoleCredential))]
    public sealed class GetSsoRoleCredentialCommand : RoleCredentialCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public override string? ProfileName { get; set; }

        protected override void ProcessRecord()
        {
            try { WriteObject(FetchCredential()); }
            catch (Exception ex) when (IsCoreFailure(ex)) { WriteFailure(ex); }
        }
    }
}
