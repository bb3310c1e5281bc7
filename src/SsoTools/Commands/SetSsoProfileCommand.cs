using System;
using System.Linq;
using System.Management.Automation;
using SsoTools.Core.Config;
using SsoTools.Model;

namespace SsoTools.Commands
{
    [Cmdlet(VerbsCommon.Set, "SsoProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(SsoProfile))]
    public sealed class SetSsoProfileCommand : ConfigChangeCmdlet
    {
        const string NameSet = "Name";
        const string TemplateSet = "Template";

        [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ProfileName")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(AnyProfileNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>Names each profile from its input, e.g. '{AccountName}.{RoleName}'.</summary>
        [Parameter(ParameterSetName = TemplateSet, Mandatory = true)]
        [ArgumentCompleter(typeof(NameTemplateCompleter))]
        public string NameTemplate { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string SessionName { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(AccountIdCompleter))]
        public string? AccountId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RoleNameCompleter))]
        public string? RoleName { get; set; }

        /// <summary>Only for -NameTemplate's {AccountName}.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? AccountName { get; set; }

        /// <summary>The profile's default region (`region`), where its credentials are used.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        [Parameter]
        [ValidateSet("json", "yaml", "yaml-stream", "text", "table")]
        public string? Output { get; set; }

        /// <summary>Also write a credential_process line (the native helper, else pwsh running Export-SsoCredential), for tools that do not understand SSO profiles.</summary>
        [Parameter] public SwitchParameter CredentialProcess { get; set; }

        /// <summary>Replace another credential source (role_arn, static keys, ...) with the SSO keys; keep only the last of several sections that define the profile.</summary>
        [Parameter] public SwitchParameter Force { get; set; }

        readonly System.Collections.Generic.HashSet<string> _written = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);

        protected override void ProcessRecord()
        {
            try
            {
                string name = ParameterSetName == TemplateSet
                    ? SsoConfigEditor.ExpandTemplate(NameTemplate, SessionName, AccountId, AccountName, RoleName)
                    : Name;
                // Two inputs that make one name (account names need not be unique) must not overwrite each other silently.
                if (ParameterSetName == TemplateSet && !_written.Add(name))
                    throw new Core.Errors.SsoException(Core.Errors.ErrorIds.SsoProfileExists, Core.Errors.SsoErrorKind.ResourceExists,
                        $"The name template '{NameTemplate}' gives '{name}' for two inputs in this pipeline; the second ({AccountId}, {RoleName}) was not written. Add {{AccountId}} to the template to make the names unique.", name);
                var editor = new SsoConfigEditor(Document);
                string section = ConfigNames.FindProfileSection(Document, name) ?? ConfigNames.ProfileSection(name);
                var others = editor.OtherCredentialKeysOf(name);
                var duplicates = editor.DuplicateSectionsOf(name);
                string action = !Document.HasSection(section) ? "Create profile" : "Update profile";
                if (Force && others.Count > 0) action += " (replacing " + string.Join(", ", others) + " with the SSO keys)";
                if (Force && duplicates.Count > 0) action += " (removing the other definitions: " + string.Join(", ", duplicates.Take(duplicates.Count - 1).Select(d => "[" + d + "]")) + ")";
                string? accountId = Empty(AccountId), roleName = Empty(RoleName), region = Region, output = Output, session = SessionName;
                string? thisPwsh = null, caveat = null;
                string? process = CredentialProcess ? CredentialProcessLine.For(this, name, out thisPwsh, out caveat) : null;
                if (caveat != null && _caveats.Add(caveat)) WriteWarning(caveat);
                if (thisPwsh != null && _warnedPwsh++ == 0)
                    WriteWarning($"This module has no native credential helper for this platform and no pwsh is on PATH, so the credential_process line runs this PowerShell ({thisPwsh}); it stops working if that PowerShell moves. Install PowerShell so that pwsh is on PATH, then run Set-SsoProfile -CredentialProcess again.");
                bool force = Force;
                if (ApplyIfConfirmed($"[{section}] in {ConfigTarget}", action, e => e.SetProfile(name, session, accountId, roleName, region, output, process, force), out var profile))
                    Emit(profile);
            }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                WriteFailure(ex);
            }
        }

        int _warnedPwsh;
        readonly System.Collections.Generic.HashSet<string> _caveats = new System.Collections.Generic.HashSet<string>();

        static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;
    }
}
