using System;
using System.Management.Automation;
using SsoTools.Model;
using SsoTools.Core.Formats;

namespace SsoTools.Commands
{
    /// <summary>Credentials as text for other tools, in the formats of `aws configure export-credentials`.</summary>
    [Cmdlet(VerbsData.Export, "SsoCredential")]
    [OutputType(typeof(string))]
    public sealed class ExportSsoCredentialCommand : RoleCredentialCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public override string? ProfileName { get; set; }

        [Parameter]
        public CredentialFormat Format { get; set; } = CredentialFormat.Process;

        protected override void ProcessRecord()
        {
            try { WriteObject(CredentialFormatter.Format(FetchCredential(), Format).TrimEnd('\n')); }
            catch (Exception ex) when (IsCoreFailure(ex)) { WriteFailure(ex); }
        }
    }
}
