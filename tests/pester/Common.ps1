# Shared by every *.Tests.ps1: the built module, a sandbox HOME, and the emulator as a process.
# Dot-source it in BeforeAll. Nothing here touches the real ~/.aws.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModulePath = if ($env:SSOTOOLS_MODULE) { $env:SSOTOOLS_MODULE } else { Join-Path $RepoRoot 'out/SsoTools' }
$script:EmulatorDll = Join-Path $RepoRoot 'src/SsoTools.Emulator/bin/Release/net8.0/SsoTools.Emulator.dll'
$script:PwshExe = [Environment]::ProcessPath
$script:PwshArgs = @(if ([IO.Path]::GetFileNameWithoutExtension($PwshExe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })

Import-Module (Join-Path $ModulePath 'SsoTools.psd1') -Force

. (Join-Path $RepoRoot 'tools/Emulator.ps1')
function Start-TestEmulator([string[]] $Arguments = @()) { Start-SsoEmulator -Dll $script:EmulatorDll -Arguments $Arguments }
function Stop-TestEmulator($Emulator) { Stop-SsoEmulator $Emulator }

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
    $env:AWS_ENDPOINT_URL_STS = $Emulator.Url
    $env:AWS_ENDPOINT_URL_SIGNIN = $Emulator.Url
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    Remove-Item Env:AWS_PROFILE, Env:AWS_DEFAULT_PROFILE, Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY, Env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue
    # A headless "browser": follows the authorize redirect to the loopback listener, or approves a device code.
    # Windows: a .cmd file (CreateProcess runs it through cmd.exe) with the curl.exe Windows 10+ ships.
    if ($IsWindows) {
        $browser = Join-Path $dir 'browser.cmd'
        Set-Content -Path $browser -Value "@curl.exe -s -L -o NUL --max-time 20 %1`r`n" -NoNewline
    }
    else {
        $browser = Join-Path $dir 'browser.sh'
        Set-Content -Path $browser -Value "#!/bin/sh`nexec curl -s -L -o /dev/null --max-time 20 `"`$1`"`n" -NoNewline
        chmod +x $browser
    }
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

# Runs python3 with the sandbox environment; returns stdout lines. -Arguments become sys.argv[1:].
function Invoke-Python([string] $Code, [string[]] $Arguments = @()) {
    $out = & python3 -c $Code @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "python3 failed: $($out -join "`n")" }
    return $out
}

# ---- login, refresh and logout helpers ------------------------------------------------------

# A $BROWSER stand-in: a sh script whose body gets the URL as $1. Returns its path. The tests that
# use one are skipped on Windows (their bodies are sh; the sandbox's own browser has a .cmd twin).
function New-BrowserScript([string] $Name, [string] $Body) {
    $path = Join-Path $env:HOME $Name
    Set-Content -Path $path -Value "#!/bin/sh`n$Body`n" -NoNewline
    chmod +x $path
    return $path
}

# The timestamp form of the cache files: UTC, whole seconds, Z.
function Format-CacheTime([datetime] $Time) {
    $Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [cultureinfo]::InvariantCulture)
}

# A token file as an object; timestamps stay strings.
function Read-CachedToken([string] $SessionName) {
    Get-Content -Raw (Get-TokenCachePath $SessionName) | ConvertFrom-Json -DateKind String
}

# Changes a cached token as botocore would write it (json.dumps: one line, ", " and ": ", no newline):
# -ExpiresAt sets expiresAt, -Remove drops keys; the other keys keep their values and order.
function Set-CachedToken {
    param([Parameter(Mandatory)] [string] $SessionName, [datetime] $ExpiresAt, [string[]] $Remove = @())
    $changes = @{}
    if ($PSBoundParameters.ContainsKey('ExpiresAt')) { $changes.expiresAt = Format-CacheTime $ExpiresAt }
    $null = Invoke-Python -Code @'
import json, sys
path, changes, remove = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
with open(path) as f:
    token = json.load(f)
token.update(changes)
for key in remove:
    token.pop(key, None)
with open(path, 'w') as f:
    f.write(json.dumps(token))
'@ -Arguments @((Get-TokenCachePath $SessionName), ($changes | ConvertTo-Json -Compress), (ConvertTo-Json -Compress -InputObject @($Remove)))
}

# True when the file is exactly what Python's json.dumps makes of its own content (botocore's format).
function Test-BotocoreJson([string] $Path) {
    (Invoke-Python -Code @'
import json, sys
with open(sys.argv[1], newline='') as f:
    text = f.read()
print(json.dumps(json.loads(text)) == text)
'@ -Arguments $Path) -eq 'True'
}

# Client registration files in the token cache folder (no accessToken, a clientSecret).
function Get-RegistrationCacheFile {
    $dir = Join-Path $env:HOME '.aws/sso/cache'
    if (-not (Test-Path $dir)) { return }
    Get-ChildItem -Path $dir -Filter *.json | Where-Object {
        $j = Get-Content -Raw $_.FullName | ConvertFrom-Json -DateKind String
        $j.clientSecret -and -not $j.accessToken
    }
}

# ~/.aws/cli/cache/<sha1 of {"accountId":…,"roleName":…,"sessionName":…}>.json (compat.md section 6).
function Get-RoleCredentialCachePath([string] $AccountId, [string] $RoleName, [string] $SessionName) {
    $key = '{"accountId":"' + $AccountId + '","roleName":"' + $RoleName + '","sessionName":"' + $SessionName + '"}'
    $sha = [System.Security.Cryptography.SHA1]::HashData([Text.Encoding]::UTF8.GetBytes($key))
    Join-Path $env:HOME (".aws/cli/cache/" + [Convert]::ToHexString($sha).ToLowerInvariant() + '.json')
}

# Another pwsh process running -Command $Command with this process's environment (HOME, endpoints,
# BROWSER), changed by -Environment (a $null value removes the variable), in -WorkingDirectory.
# Its stdout and stderr are read as it runs; Wait-TestPwsh collects them.
function Start-TestPwsh([string] $Command, [hashtable] $Environment = @{}, [string] $WorkingDirectory) {
    $psi = [System.Diagnostics.ProcessStartInfo]::new($script:PwshExe)
    foreach ($a in @($script:PwshArgs) + @('-NoProfile', '-NonInteractive', '-Command', $Command)) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    foreach ($k in $Environment.Keys) {
        if ($null -eq $Environment[$k]) { $null = $psi.Environment.Remove($k) } else { $psi.Environment[$k] = [string]$Environment[$k] }
    }
    if ($WorkingDirectory) { $psi.WorkingDirectory = $WorkingDirectory }
    $p = [System.Diagnostics.Process]::Start($psi)
    [pscustomobject]@{ Process = $p; Stdout = $p.StandardOutput.ReadToEndAsync(); Stderr = $p.StandardError.ReadToEndAsync() }
}

function Wait-TestPwsh($Child, [int] $TimeoutSec = 60) {
    if (-not $Child.Process.WaitForExit($TimeoutSec * 1000)) {
        $Child.Process.Kill($true)
        throw "pwsh $($Child.Process.Id) did not finish within $TimeoutSec s"
    }
    $Child.Process.WaitForExit()
    [pscustomobject]@{ ExitCode = $Child.Process.ExitCode; Stdout = $Child.Stdout.GetAwaiter().GetResult(); Stderr = $Child.Stderr.GetAwaiter().GetResult() }
}

# Waits for a file to appear (a browser script runs on its own); true when it did.
function Wait-ForFile([string] $Path, [int] $TimeoutSec = 10) {
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while (-not (Test-Path $Path)) {
        if ([DateTime]::UtcNow -gt $deadline) { return $false }
        Start-Sleep -Milliseconds 50
    }
    return $true
}

# Calls the portal with a bearer token; the HTTP status (200 while the token is good, 401 once revoked).
function Get-PortalStatus($Emulator, [string] $AccessToken) {
    $r = Invoke-WebRequest -Uri "$($Emulator.Url)/assignment/accounts" -Headers @{ 'x-amz-sso_bearer_token' = $AccessToken } -SkipHttpErrorCheck
    [int] $r.StatusCode
}
