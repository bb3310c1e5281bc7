<#
.SYNOPSIS
    Packages a built module (out/SsoTools) as a PowerShell Gallery package with Publish-PSResource,
    into a local folder repository. Runs in a throwaway HOME, so the user's PSResourceGet
    repositories are neither read nor changed. Returns the path of the .nupkg.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Destination
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$null = New-Item -ItemType Directory -Force $Destination
$Destination = (Resolve-Path $Destination).Path
Get-ChildItem $Destination -Filter 'SsoTools.*.nupkg' | Remove-Item

$manifest = Test-ModuleManifest (Join-Path $ModulePath 'SsoTools.psd1') -ErrorAction Stop
$scratch = Join-Path ([IO.Path]::GetTempPath()) ('ssotools-package-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
$null = New-Item -ItemType Directory -Force $scratch
$script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name SsoToolsPackage -Uri '$Destination' -Trusted
Publish-PSResource -Path '$ModulePath' -Repository SsoToolsPackage
"@
$exe = [Environment]::ProcessPath
$leading = @(if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
$psi = [System.Diagnostics.ProcessStartInfo]::new($exe)
foreach ($a in $leading + @('-NoProfile', '-NonInteractive', '-Command', $script)) { $psi.ArgumentList.Add($a) }
$psi.UseShellExecute = $false
# NuGet (inside PSResourceGet) writes a NuGet/NuGet.Config in the working folder when it finds no
# user settings folder: let it write into the scratch folder, not the caller's.
$psi.WorkingDirectory = $scratch
foreach ($v in 'HOME', 'USERPROFILE') { $psi.Environment[$v] = $scratch }
foreach ($v in 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'LOCALAPPDATA', 'APPDATA', 'PSModulePath') { $null = $psi.Environment.Remove($v) }
try {
    $p = [System.Diagnostics.Process]::Start($psi)
    $p.WaitForExit()
    if ($p.ExitCode -ne 0) { throw "Publish-PSResource failed (exit code $($p.ExitCode))." }
}
finally { Remove-Item -Recurse -Force $scratch -ErrorAction SilentlyContinue }
$package = Join-Path $Destination "SsoTools.$($manifest.Version).nupkg"
if (-not (Test-Path $package)) { throw "Publish-PSResource wrote no $package." }
return $package
