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
    # PowerShell 7 loads the net8.0 build (0600 files, atomic replace); Windows PowerShell the netstandard2.0 one.
    RootModule           = if ($PSEdition -eq 'Core') { 'Core/SsoTools.dll' } else { 'Desktop/SsoTools.dll' }
    # PowerShell 7: the loader is imported first and isolates the AWS SDK (see src/SsoTools.Loader).
    NestedModules        = if ($PSEdition -eq 'Core') { @('Core/SsoTools.Loader.dll') } else { @() }
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
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('AWS', 'SSO', 'IAMIdentityCenter', 'Authentication', 'PSEdition_Core', 'PSEdition_Desktop')
            LicenseUri = 'https://www.apache.org/licenses/LICENSE-2.0'
        }
    }
}
