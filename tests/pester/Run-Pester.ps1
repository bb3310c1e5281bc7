<#
.SYNOPSIS
    Runs the Pester suite against the built module and writes a {Passed, Failed} summary.
    Called by build.ps1 Test in a fresh pwsh -NoProfile.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Summary,
    # The suite, and the runbook example of docs/runbook-testing.md (it must keep working as documented).
    [string[]] $Path = @($PSScriptRoot, (Join-Path $PSScriptRoot '../../docs/examples')),
    # Tests tagged Stress (long waits) run only when asked: build.ps1 Stress.
    [switch] $Stress
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$env:SSOTOOLS_MODULE = (Resolve-Path $ModulePath).Path
# The NuGet packages folder (<root>/pester/5.7.1/tools/Pester.psd1), known now: tests change HOME.
$env:SSOTOOLS_NUGET_PACKAGES = (Resolve-Path (Join-Path (Split-Path $PesterPath) '../../..')).Path
$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.RenderMode = 'Plaintext'
$config.Output.Verbosity = 'Normal'
if ($Stress) { $config.Filter.Tag = 'Stress' } else { $config.Filter.ExcludeTag = 'Stress' }
$result = Invoke-Pester -Configuration $config
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content -Path $Summary -Encoding utf8
exit 0
