@{
    # The version is stamped from Directory.Build.props by build.ps1; edit it there.
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f3c9e-7f64-4d3a-9b7c-3f1d2e8a6c41'
    Author               = 'SsoTools developers'
    CompanyName          = 'SsoTools'
    Copyright            = '(c) SsoTools developers. Apache-2.0.'
    Description          = 'AWS IAM Identity Center (SSO) sign-in for PowerShell: sso-sessions and profiles in ~/.aws/config, browser (PKCE) and device-code login with automatic refresh, accounts, roles and role credentials - compatible with the AWS CLI v2 and botocore.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    # A static root that picks the build for this PowerShell: net8.0 (Core/, with the loader that
    # isolates the AWS SDK) on PowerShell 7, netstandard2.0 (Desktop/) on Windows PowerShell 5.1.
    RootModule           = 'SsoTools.psm1'
    FormatsToProcess     = @('SsoTools.Format.ps1xml')
    TypesToProcess       = @('SsoTools.Types.ps1xml')
    CmdletsToExport      = @(
        'New-SsoSession'
        'Get-SsoSession'
        'Remove-SsoSession'
        'Invoke-SsoLogin'
        'Get-SsoAccount'
        'Get-SsoRole'
        'Set-SsoProfile'
        'Get-SsoProfile'
        'Remove-SsoProfile'
        'Get-SsoToken'
        'Invoke-SsoLogout'
        'Get-SsoRoleCredential'
        'Export-SsoCredential'
        'Use-SsoProfile'
        'Sync-SsoProfile'
        'Test-SsoProfile'
        'Invoke-SsoCommand'
        'Initialize-SsoProfile'
        'Get-SsoConsoleUrl'
        'Open-SsoConsole'
        'Start-SsoTestServer'
        'Stop-SsoTestServer'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'SSO', 'IAMIdentityCenter', 'IdentityCenter', 'Authentication', 'Credentials', 'AWSCLI', 'Linux', 'MacOS', 'Windows', 'PSEdition_Core', 'PSEdition_Desktop')
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ProjectUri   = 'https://github.com/SsoTools/SsoTools'
            ReleaseNotes = '0.2.0: role chaining (role_arn + source_profile) in every credential cmdlet; Open-SsoConsole and Get-SsoConsoleUrl; a native credential_process helper; Sync-SsoProfile, Initialize-SsoProfile, Test-SsoProfile and Invoke-SsoCommand for whole organisations; Export-SsoCredential -Format Fish. Breaking: the output types moved to the namespace SsoTools.Model (was SsoTools.Core.Model).'
        }
    }
}
