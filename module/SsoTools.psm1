# The module's root: a static RootModule that Gallery tooling can read, which picks the build for
# this PowerShell. PowerShell 7 loads Core/ (net8.0): the loader first, so that SsoTools.Core and
# the AWS SDK resolve in a load context of their own (src/SsoTools.Loader); Windows PowerShell 5.1
# loads Desktop/ (netstandard2.0). The cmdlets are exported through the manifest's CmdletsToExport.
# Only Microsoft.PowerShell.Core here (Import-Module) and .NET: a cmdlet of another module (Join-Path)
# would load that module first, which costs a first import in a new HOME about 100 ms.
if ($PSEdition -eq 'Core') {
    Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'Core', 'SsoTools.Loader.dll'))
    Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'Core', 'SsoTools.dll'))
}
else {
    Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'Desktop', 'SsoTools.dll'))
}
