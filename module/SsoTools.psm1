# The module's root: a static RootModule that Gallery tooling can read, which picks the build for
# this PowerShell. PowerShell 7 loads Core/ (net8.0): the loader first, so that SsoTools.Core and
# the AWS SDK resolve in a load context of their own (src/SsoTools.Loader); Windows PowerShell 5.1
# loads Desktop/ (netstandard2.0). The cmdlets are exported through the manifest's CmdletsToExport.
if ($PSEdition -eq 'Core') {
    Import-Module -Name (Join-Path $PSScriptRoot 'Core/SsoTools.Loader.dll')
    Import-Module -Name (Join-Path $PSScriptRoot 'Core/SsoTools.dll')
}
else {
    Import-Module -Name (Join-Path $PSScriptRoot 'Desktop/SsoTools.dll')
}
