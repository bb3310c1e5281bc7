# The module's root: a static RootModule that Gallery tooling can read, which picks the build for
# this PowerShell. Each build's loader comes first, so its resolver is in place before PowerShell
# reads SsoTools.dll: PowerShell 7 loads Core/ (net8.0), where the loader puts SsoTools.Core and the
# AWS SDK in a load context of their own; Windows PowerShell 5.1 loads Desktop/ (netstandard2.0),
# where the loader answers the SDK's references to older versions of the files shipped beside it
# (binding redirects without an app.config) and turns on TLS 1.2. The cmdlets are exported through
# the manifest's CmdletsToExport.
# Only Microsoft.PowerShell.Core here (Import-Module) and .NET: a cmdlet of another module (Join-Path)
# would load that module first, which costs a first import in a new HOME about 100 ms.
if ($PSEdition -eq 'Core') {
    # Core/ is built for .NET 8, which PowerShell 7.4 is the first to run on: say so, not a load exception.
    if ($PSVersionTable.PSVersion -lt [version]'7.4') {
        throw "SsoTools needs PowerShell 7.4 or later (this is PowerShell $($PSVersionTable.PSVersion), which runs on .NET $([System.Environment]::Version); SsoTools is built for .NET 8). Update PowerShell (https://aka.ms/powershell-release?tag=lts), or use Windows PowerShell 5.1 (powershell.exe), which SsoTools also supports."
    }
    Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'Core', 'SsoTools.Loader.dll'))
    Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'Core', 'SsoTools.dll'))
}
else {
    # Desktop/ is netstandard2.0 with the AWS SDK's .NET Framework needs: 4.7.2 (release 461808) or later.
    $release = [Microsoft.Win32.Registry]::GetValue('HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full', 'Release', $null)
    if ($null -eq $release -or [int]$release -lt 461808) {
        throw "SsoTools needs .NET Framework 4.7.2 or later under Windows PowerShell 5.1 (this machine has release $release). Install .NET Framework 4.8 (Windows Update or https://aka.ms/dotnet-download), or use PowerShell 7.4 or later (pwsh)."
    }
    Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'Desktop', 'SsoTools.Loader.dll'))
    Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'Desktop', 'SsoTools.dll'))
}
