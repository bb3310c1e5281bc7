# Shared by every *.Tests.ps1: the built module, a sandbox HOME, and the emulator as a process.
# Dot-source it in BeforeAll. Nothing here touches the real ~/.aws.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModulePath = if ($env:SSOTOOLS_MODULE) { $env:SSOTOOLS_MODULE } else { Join-Path $RepoRoot 'out/SsoTools' }
$script:EmulatorDll = Join-Path $RepoRoot 'tests/SsoTools.Emulator/bin/Release/net10.0/SsoTools.Emulator.dll'
$script:PwshExe = [Environment]::ProcessPath
$script:PwshArgs = @(if ([IO.Path]::GetFileNameWithoutExtension($PwshExe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })

Import-Module (Join-Path $ModulePath 'SsoTools.psd1') -Force

function Start-TestEmulator {
    param([string[]] $Arguments = @())
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($script:EmulatorDll, '--port', '0') + $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardInput = $true
    $psi.UseShellExecute = $false
    $p = [System.Diagnostics.Process]::Start($psi)
    $line = $p.StandardOutput.ReadLine()
    if ($line -notmatch 'listening on (http://\S+)') { $p.Kill(); throw "The emulator did not start: $line" }
    [pscustomobject]@{ Process = $p; Url = $Matches[1] }
}

function Stop-TestEmulator($Emulator) {
    if (-not $Emulator) { return }
    try { $Emulator.Process.StandardInput.Close() } catch { }
    if (-not $Emulator.Process.WaitForExit(5000)) { $Emulator.Process.Kill() }
}

# A fresh HOME and config file, with the SDK (and botocore) pointed at the emulator.
function New-Sandbox {
    param([Parameter(Mandatory)] $Emulator)
    $dir = Join-Path ([IO.Path]::GetTempPath()) ('ssotools-test-' + [guid]::NewGuid().ToString('N').Substring(0, 10))
    $null = New-Item -ItemType Directory -Force (Join-Path $dir '.aws')
    $env:HOME = $dir
    $env:USERPROFILE = $dir
    $env:AWS_CONFIG_FILE = Join-Path $dir '.aws/config'
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $dir '.aws/credentials'
    $env:AWS_ENDPOINT_URL_SSO = $Emulator.Url
    $env:AWS_ENDPOINT_URL_SSO_OIDC = $Emulator.Url
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    Remove-Item Env:AWS_PROFILE, Env:AWS_DEFAULT_PROFILE, Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY, Env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue
    # A headless "browser": follows the authorize redirect to the loopback listener, or approves a device code.
    $browser = Join-Path $dir 'browser.sh'
    Set-Content -Path $browser -Value "#!/bin/sh`nexec curl -s -L -o /dev/null --max-time 20 `"`$1`"`n" -NoNewline
    chmod +x $browser
    $env:BROWSER = $browser
    return $dir
}

function Remove-Sandbox([string] $Dir) {
    if ($Dir -and (Test-Path $Dir)) { Remove-Item -Recurse -Force $Dir -ErrorAction SilentlyContinue }
}

function Get-EmulatorCounters($Emulator) { Invoke-RestMethod -Uri "$($Emulator.Url)/_emulator/counters" }
function Reset-EmulatorCounters($Emulator) { $null = Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/_emulator/reset" }
function Set-EmulatorOptions($Emulator, [hashtable] $Options) {
    $null = Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/_emulator/options" -Body ($Options | ConvertTo-Json) -ContentType 'application/json'
}

function Get-FileSha([string] $Path) { (Get-FileHash -Algorithm SHA256 -Path $Path).Hash }

function Get-TokenCachePath([string] $SessionName) {
    $sha = [System.Security.Cryptography.SHA1]::HashData([Text.Encoding]::UTF8.GetBytes($SessionName))
    Join-Path $env:HOME (".aws/sso/cache/" + [Convert]::ToHexString($sha).ToLowerInvariant() + '.json')
}

# Runs python3 with the sandbox environment; returns stdout lines.
function Invoke-Python([string] $Code) {
    $out = & python3 -c $Code 2>&1
    if ($LASTEXITCODE -ne 0) { throw "python3 failed: $($out -join "`n")" }
    return $out
}
