#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks SsoTools. Plain PowerShell, no extra modules.
.DESCRIPTION
    Build  - compiles the module into out/SsoTools/ (Core/ for PowerShell 7, Desktop/ for 5.1).
    Test   - Build, then xunit and Pester; ends with one 'N passed, N failed' line; exit 1 on any failure.
    Demo   - Build, start the local emulator and walk the whole flow in a sandbox HOME.
    Bench  - Build, then the benchmarks in bench/; results land in bench/results/.
    Package - Build, then out/packages/SsoTools.<version>.nupkg: a PowerShell Gallery package made by
             Publish-PSResource into a local folder repository (Install-PSResource can install from it).
    Stress - Build, then the long reliability loops: 1000 seeded SIGKILLs of a writer, and the Pester
             tests tagged Stress (a service slower than the client timeout). Figures: docs/reliability.md.
    Run from the repository root after 'dotnet tool restore':  dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Stress', 'Package')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out/SsoTools'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

function Invoke-Native([string] $What, [scriptblock] $Command) {
    Write-Host "==> $What" -ForegroundColor Cyan
    & $Command | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)." }
}

function Get-ModuleVersion {
    $props = [xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))
    return ($props.Project.PropertyGroup | Where-Object { $_['Version'] } | Select-Object -First 1).Version
}

# The pwsh that runs this script, as a command line usable for child processes.
function Get-PwshCommand {
    # Under 'dotnet pwsh' the process is dotnet itself, so a child needs dotnet + pwsh.dll.
    $exe = [Environment]::ProcessPath
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet' -and (Test-Path $dll)) { return @($exe, $dll) }
    return @($exe)
}

function Invoke-Build {
    $version = Get-ModuleVersion
    Invoke-Native 'dotnet build src/SsoTools' { dotnet build (Join-Path $Root 'src/SsoTools/SsoTools.csproj') -c $Configuration --nologo -v quiet -clp:NoSummary }
    Invoke-Native 'dotnet build src/SsoTools.Loader' { dotnet build (Join-Path $Root 'src/SsoTools.Loader/SsoTools.Loader.csproj') -c $Configuration --nologo -v quiet -clp:NoSummary }

    if (Test-Path $Out) { Remove-Item -Recurse -Force $Out }
    $null = New-Item -ItemType Directory -Force -Path $Out, (Join-Path $Out 'Core/Dependencies'), (Join-Path $Out 'Desktop'), (Join-Path $Out 'en-US')

    # An explicit list: nothing ships by accident.
    $bin = Join-Path $Root "src/SsoTools/bin/$Configuration"
    $common = 'SsoTools.dll', 'SsoTools.Model.dll', 'SsoTools.Core.dll', 'AWSSDK.Core.dll', 'AWSSDK.SSO.dll', 'AWSSDK.SSOOIDC.dll', 'AWSSDK.SecurityToken.dll'
    $desktopOnly = 'System.Text.Json.dll', 'System.Text.Encodings.Web.dll', 'Microsoft.Bcl.AsyncInterfaces.dll',
        'System.Memory.dll', 'System.Buffers.dll', 'System.Runtime.CompilerServices.Unsafe.dll',
        'System.Threading.Tasks.Extensions.dll', 'System.Numerics.Vectors.dll', 'System.ValueTuple.dll'
    # PowerShell 7: only SsoTools.dll and the loader in the default load context; SsoTools.Core and
    # the AWS SDK load from Core/Dependencies into a context of their own (src/SsoTools.Loader).
    $defaultContext = 'SsoTools.dll', 'SsoTools.Model.dll'
    foreach ($f in $defaultContext) { Copy-Item (Join-Path $bin "net8.0/$f") (Join-Path $Out 'Core') }
    Copy-Item (Join-Path $Root "src/SsoTools.Loader/bin/$Configuration/net8.0/SsoTools.Loader.dll") (Join-Path $Out 'Core')
    # Windows PowerShell 5.1: the loader's binding redirects must be in Desktop/ beside the files they answer with.
    Copy-Item (Join-Path $Root "src/SsoTools.Loader/bin/$Configuration/netstandard2.0/SsoTools.Loader.dll") (Join-Path $Out 'Desktop')
    foreach ($f in $common | Where-Object { $defaultContext -notcontains $_ }) { Copy-Item (Join-Path $bin "net8.0/$f") (Join-Path $Out 'Core/Dependencies') }
    # Start-SsoTestServer's emulator (PowerShell 7 only): the same one the tests use.
    Copy-Item (Join-Path $bin 'net8.0/SsoTools.Emulator.dll') (Join-Path $Out 'Core/Dependencies')
    foreach ($f in $common + $desktopOnly) {
        $src = Join-Path $bin "netstandard2.0/$f"
        if (Test-Path $src) { Copy-Item $src (Join-Path $Out 'Desktop') }
        elseif ($common -contains $f) { throw "Missing build output $src" }
    }
    Copy-Item (Join-Path $Root 'module/SsoTools.psm1'), (Join-Path $Root 'module/SsoTools.Format.ps1xml'), (Join-Path $Root 'module/SsoTools.Types.ps1xml') $Out
    Copy-Item (Join-Path $Root 'help/about/*.help.txt') (Join-Path $Out 'en-US')

    $manifest = Get-Content -Raw (Join-Path $Root 'SsoTools.psd1')
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$version'"
    Set-Content -Path (Join-Path $Out 'SsoTools.psd1') -Value $manifest -NoNewline -Encoding utf8

    $helpScript = Join-Path $Root 'tools/New-MamlHelp.ps1'
    if (Test-Path $helpScript) {
        $pwsh = Get-PwshCommand
        Invoke-Native 'help (MAML from help/*.md)' { & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $helpScript -ModulePath $Out -HelpSource (Join-Path $Root 'help') -Destination (Join-Path $Out 'en-US/SsoTools.dll-Help.xml') }
    }
    Invoke-HelperBuild
    Write-Host "Built SsoTools $version into $Out"
}

# The native credential_process helper (NativeAOT) for this machine's runtime identifier, into
# out/SsoTools/bin/<rid>/. Without a C toolchain it is left out, with a warning: the module then
# writes a pwsh credential_process line instead (Set-SsoProfile -CredentialProcess).
function Invoke-HelperBuild {
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    $publish = Join-Path $Root "src/SsoTools.CredentialHelper/bin/publish/$rid"
    $linker = @()
    if (-not (Get-Command clang -ErrorAction SilentlyContinue) -and (Get-Command gcc -ErrorAction SilentlyContinue)) { $linker = @('-p:CppCompilerAndLinker=gcc') }
    Write-Host "==> dotnet publish src/SsoTools.CredentialHelper (NativeAOT, $rid)" -ForegroundColor Cyan
    & dotnet publish (Join-Path $Root 'src/SsoTools.CredentialHelper/SsoTools.CredentialHelper.csproj') -c $Configuration -r $rid @linker -o $publish --nologo -v quiet -clp:NoSummary | Out-Host
    $exe = Join-Path $publish ('ssotools-credential-process' + $(if ($IsWindows) { '.exe' } else { '' }))
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path $exe)) {
        Write-Warning "The native credential helper could not be built for $rid (a C toolchain is needed for NativeAOT); Set-SsoProfile -CredentialProcess will write a pwsh line instead."
        return
    }
    $dest = Join-Path $Out "bin/$rid"
    $null = New-Item -ItemType Directory -Force $dest
    Copy-Item $exe $dest
}

# Builds the emulator; returns the path of its dll.
function Invoke-EmulatorBuild {
    Invoke-Native 'dotnet build src/SsoTools.Emulator' { dotnet build (Join-Path $Root 'src/SsoTools.Emulator/SsoTools.Emulator.csproj') -c $Configuration --nologo -v quiet -clp:NoSummary }
    return Join-Path $Root "src/SsoTools.Emulator/bin/$Configuration/net8.0/SsoTools.Emulator.dll"
}

function Get-PesterPath {
    Invoke-Native 'restore Pester from NuGet' { dotnet restore (Join-Path $Root 'tests/tools/tools.csproj') --nologo -v quiet }
    $line = @(dotnet nuget locals global-packages --list) | Where-Object { $_ -match '^global-packages:' } | Select-Object -First 1
    $path = Join-Path ($line -replace '^global-packages:\s*', '').Trim() 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester 5.7.1 not found at $path" }
    return $path
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $Root 'out/test-results'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    $null = New-Item -ItemType Directory -Force $results

    $emulator = Invoke-EmulatorBuild

    # xunit
    Write-Host '==> xunit' -ForegroundColor Cyan
    dotnet test (Join-Path $Root 'tests/SsoTools.Core.Tests/SsoTools.Core.Tests.csproj') -c $Configuration --nologo `
        --logger "trx;LogFileName=xunit.trx" --logger 'console;verbosity=minimal' --results-directory $results
    $xunitExit = $LASTEXITCODE
    $trx = Join-Path $results 'xunit.trx'
    $xPassed = 0; $xFailed = 0; $xSkipped = 0
    if (Test-Path $trx) {
        $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
        $xPassed = [int]$counters.passed
        $xFailed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $xSkipped = [int]$counters.notExecuted
    }
    if ($xunitExit -ne 0 -and $xFailed -eq 0) { $xFailed = 1; Write-Host 'xunit did not finish cleanly.' -ForegroundColor Red }

    # Pester, in a fresh pwsh that imports the built module from out/
    $pester = Get-PesterPath
    $pwsh = Get-PwshCommand
    $summary = Join-Path $results 'pester.json'
    $runner = Join-Path $Root 'tests/pester/Run-Pester.ps1'
    Write-Host '==> Pester' -ForegroundColor Cyan
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $runner -PesterPath $pester -ModulePath $Out -Summary $summary
    $pPassed = 0; $pFailed = 0; $pSkipped = 0
    if (Test-Path $summary) {
        $s = Get-Content -Raw $summary | ConvertFrom-Json
        $pPassed = [int]$s.Passed; $pFailed = [int]$s.Failed; $pSkipped = [int]$s.Skipped
    }
    else { $pFailed = 1; Write-Host 'Pester did not finish.' -ForegroundColor Red }

    $passed = $xPassed + $pPassed
    $failed = $xFailed + $pFailed
    $skipped = $xSkipped + $pSkipped
    Write-Host "xunit: $xPassed passed, $xFailed failed, $xSkipped skipped; Pester: $pPassed passed, $pFailed failed, $pSkipped skipped"
    # The one closing line CI reads; skipped tests (each with its reason in the log) are never counted as passed.
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $emulator = Invoke-EmulatorBuild
    . (Join-Path $Root 'tools/Emulator.ps1')
    $emu = Start-SsoEmulator -Dll $emulator -Arguments @('--accounts', '3', '--roles-per-account', '2')
    $sandbox = Join-Path ([System.IO.Path]::GetTempPath()) ("ssotools-demo-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Force $sandbox
    try {
        Write-Host "Emulator: $($emu.Url)   Sandbox HOME: $sandbox (your ~/.aws is not touched)" -ForegroundColor Yellow
        $pwsh = Get-PwshCommand
        $env:SSOTOOLS_DEMO_HOME = $sandbox
        $env:SSOTOOLS_DEMO_ENDPOINT = $emu.Url
        & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Demo.ps1') -ModulePath $Out
        if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
    }
    finally {
        Stop-SsoEmulator $emu
        Remove-Item -Recurse -Force $sandbox -ErrorAction SilentlyContinue
        Remove-Item Env:SSOTOOLS_DEMO_HOME, Env:SSOTOOLS_DEMO_ENDPOINT -ErrorAction SilentlyContinue
    }
}

function Invoke-Bench {
    Invoke-Build
    $emulator = Invoke-EmulatorBuild
    $pwsh = Get-PwshCommand
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Invoke-Benchmarks.ps1') -ModulePath $Out -Pwsh ($pwsh -join "`n") -EmulatorDll $emulator
    if ($LASTEXITCODE -ne 0) { throw "The benchmarks failed (exit code $LASTEXITCODE)." }
}

function Invoke-Stress {
    Invoke-Build
    $null = Invoke-EmulatorBuild
    $results = Join-Path $Root 'out/stress-results'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    $null = New-Item -ItemType Directory -Force $results
    Write-Host '==> crash safety: seeded SIGKILLs of a writer' -ForegroundColor Cyan
    $env:SSOTOOLS_CRASH_KILLS = if ($env:SSOTOOLS_CRASH_KILLS) { $env:SSOTOOLS_CRASH_KILLS } else { '1000' }
    dotnet test (Join-Path $Root 'tests/SsoTools.Core.Tests/SsoTools.Core.Tests.csproj') -c $Configuration --nologo `
        --filter 'FullyQualifiedName~CrashSafety' --logger 'console;verbosity=detailed' --results-directory $results
    $crashExit = $LASTEXITCODE
    Write-Host '==> Pester (Stress)' -ForegroundColor Cyan
    $pwsh = Get-PwshCommand
    $summary = Join-Path $results 'pester.json'
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $Root 'tests/pester/Run-Pester.ps1') -PesterPath (Get-PesterPath) -ModulePath $Out -Summary $summary -Stress
    $s = Get-Content -Raw $summary | ConvertFrom-Json
    Write-Host "crash safety exit $crashExit; Pester (Stress): $($s.Passed) passed, $($s.Failed) failed"
    if ($crashExit -ne 0 -or $s.Failed -gt 0) { exit 1 }
}

function Invoke-Package {
    Invoke-Build
    $package = & (Join-Path $Root 'tools/New-Package.ps1') -ModulePath $Out -Destination (Join-Path $Root 'out/packages')
    Write-Host "Packaged $package"
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Stress' { Invoke-Stress }
    'Package' { Invoke-Package }
}
