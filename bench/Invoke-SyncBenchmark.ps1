<#
.SYNOPSIS
    Sync-SsoProfile at organisation scale, against the emulator in a sandbox HOME: 300 accounts x 3
    roles, 20 ms latency on every call, every operation throttled at 20 requests a second (the
    15 s floor for 300 ListAccountRoles calls); then 30 accounts throttled at 2 a second; and the same
    listing done by boto3 in a plain loop. Returns the figures as an object (Invoke-Benchmarks.ps1
    puts them in bench/results). Run alone: pwsh bench/Invoke-SyncBenchmark.ps1 -ModulePath out/SsoTools -EmulatorDll <dll>
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorDll
)
$ErrorActionPreference = 'Stop'
$manifest = Join-Path (Resolve-Path $ModulePath) 'SsoTools.psd1'
. (Join-Path $PSScriptRoot '../tools/Emulator.ps1')

function Set-Options($Emu, [hashtable] $Options) {
    $null = Invoke-RestMethod -Method Post -Uri "$($Emu.Url)/_emulator/options" -Body ($Options | ConvertTo-Json) -ContentType 'application/json'
}

function Measure-Sync([int] $Accounts, [int] $PerSecond, [int] $LatencyMs) {
    $emu = Start-SsoEmulator -Dll $EmulatorDll -Arguments @('--accounts', "$Accounts", '--roles-per-account', '3', '--page-size', '100')
    $sandbox = Join-Path ([IO.Path]::GetTempPath()) ('ssotools-syncbench-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Force (Join-Path $sandbox '.aws')
    $saved = @{}
    foreach ($v in 'HOME', 'AWS_CONFIG_FILE', 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC') { $saved[$v] = [Environment]::GetEnvironmentVariable($v) }
    try {
        $env:HOME = $sandbox; $env:AWS_CONFIG_FILE = Join-Path $sandbox '.aws/config'
        $env:AWS_ENDPOINT_URL_SSO = $emu.Url; $env:AWS_ENDPOINT_URL_SSO_OIDC = $emu.Url
        Import-Module $manifest
        New-SsoSession -Name org -StartUrl https://d-1234567890.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName org -UseDeviceCode -NoBrowser 6>$null | Out-Null
        Set-Options $emu @{ latencyMs = $LatencyMs; throttlePerSecond = $PerSecond }
        $null = Invoke-RestMethod -Method Post -Uri "$($emu.Url)/_emulator/reset"
        $err = $null
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $out = Sync-SsoProfile -SessionName org -ErrorVariable err -ErrorAction SilentlyContinue
        $sw.Stop()
        $counters = Invoke-RestMethod "$($emu.Url)/_emulator/counters"
        $written = @(Get-SsoProfile -SessionName org).Count

        # The same listing with boto3 in a plain loop (botocore's default retries), for comparison.
        $null = Invoke-RestMethod -Method Post -Uri "$($emu.Url)/_emulator/reset"
        $py = @'
import boto3, json, os, sys, time
token = json.load(open(sys.argv[1]))["accessToken"]
sso = boto3.client("sso", region_name="us-east-1")
start = time.time(); roles = 0; failed = 0
for page in sso.get_paginator("list_accounts").paginate(accessToken=token):
    for a in page["accountList"]:
        try:
            for rp in sso.get_paginator("list_account_roles").paginate(accessToken=token, accountId=a["accountId"]):
                roles += len(rp["roleList"])
        except Exception:
            failed += 1
print(json.dumps({"seconds": time.time() - start, "roles": roles, "failedAccounts": failed}))
'@
        $tokenFile = (Get-ChildItem (Join-Path $sandbox '.aws/sso/cache') -Filter *.json | Where-Object { (Get-Content -Raw $_.FullName) -match 'accessToken' } | Select-Object -First 1).FullName
        $boto = & python3 -c $py $tokenFile | ConvertFrom-Json
        [pscustomobject]@{
            Accounts = $Accounts; RolesPerAccount = 3; ThrottlePerSecond = $PerSecond; LatencyMs = $LatencyMs
            FloorSeconds = [math]::Round($Accounts / $PerSecond, 1)
            SyncSeconds = [math]::Round($sw.Elapsed.TotalSeconds, 2)
            RatioToFloor = [math]::Round($sw.Elapsed.TotalSeconds / ($Accounts / $PerSecond), 3)
            ProfilesWritten = $written; Errors = @($err).Count; Throttled429 = [int]$counters.Throttled
            Boto3Seconds = [math]::Round($boto.seconds, 2); Boto3Roles = $boto.roles; Boto3FailedAccounts = $boto.failedAccounts
            Boto3RatioToSync = [math]::Round($boto.seconds / $sw.Elapsed.TotalSeconds, 2)
        }
    }
    finally {
        Remove-Module SsoTools -ErrorAction SilentlyContinue
        foreach ($v in $saved.Keys) { [Environment]::SetEnvironmentVariable($v, $saved[$v]) }
        Stop-SsoEmulator $emu
        Remove-Item -Recurse -Force $sandbox -ErrorAction SilentlyContinue
    }
}

[pscustomobject]@{
    At20PerSecond = Measure-Sync -Accounts 300 -PerSecond 20 -LatencyMs 20
    At2PerSecond = if ($env:SSOTOOLS_BENCH_QUICK) { $null } else { Measure-Sync -Accounts 30 -PerSecond 2 -LatencyMs 20 }
}
