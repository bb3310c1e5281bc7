<#
.SYNOPSIS
    SsoTools benchmarks. Run through 'build.ps1 Bench'. Writes bench/results/latest.json, appends
    to bench/results/history.jsonl, and prints a table.
.DESCRIPTION
    Whole-process numbers are medians of N runs (wall clock, after one warm-up run), so they include
    what a user waits for; ratios are taken against a bare 'pwsh -NoProfile -Command 1' or against
    boto3 measured in the same run, which cancels out most of the machine's speed. In-session
    numbers are medians of many calls in one warm pwsh. Everything runs in a sandbox HOME against
    the local emulator; the user's ~/.aws is never touched.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Pwsh,
    [Parameter(Mandatory)] [string] $EmulatorDll,
    [int] $Runs = 11
)
$ErrorActionPreference = 'Stop'
$pwshCmd = @($Pwsh -split "`n")
$manifest = Join-Path (Resolve-Path $ModulePath) 'SsoTools.psd1'

function Invoke-Child([string] $Command) {
    & $pwshCmd[0] @($pwshCmd | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $Command
}

# Whole-process commands are measured round-robin (A B C, A B C, …) so that a slow spell of the
# machine hits every command alike instead of skewing one of them.
function Measure-Interleaved([System.Collections.Specialized.OrderedDictionary] $Commands, [int] $Count = $Runs) {
    $times = @{}
    foreach ($name in $Commands.Keys) { & $Commands[$name] | Out-Null; $times[$name] = [System.Collections.Generic.List[double]]::new() }
    for ($i = 0; $i -lt $Count; $i++) {
        foreach ($name in $Commands.Keys) {
            $sw = [System.Diagnostics.Stopwatch]::StartNew()
            & $Commands[$name] | Out-Null
            $sw.Stop()
            if ($LASTEXITCODE -ne 0) { throw "$name failed (exit $LASTEXITCODE)" }
            $times[$name].Add($sw.Elapsed.TotalMilliseconds)
        }
    }
    $result = [ordered]@{}
    foreach ($name in $Commands.Keys) {
        $sorted = @($times[$name] | Sort-Object)
        $result[$name] = [pscustomobject]@{ Name = $name; MedianMs = [math]::Round($sorted[[int][math]::Floor($sorted.Count / 2)], 2); MinMs = [math]::Round($sorted[0], 2); Runs = $Count }
    }
    return $result
}

# --- the sandbox: emulator, HOME, a signed-in session and 100 profiles with warm caches ---
. (Join-Path $PSScriptRoot '../tools/Emulator.ps1')
$emu = Start-SsoEmulator -Dll $EmulatorDll -Arguments @('--accounts', '50', '--roles-per-account', '2', '--page-size', '100')
$url = $emu.Url
$sandbox = Join-Path ([IO.Path]::GetTempPath()) ('ssotools-bench-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
$null = New-Item -ItemType Directory -Force (Join-Path $sandbox '.aws')
$env:HOME = $sandbox; $env:USERPROFILE = $sandbox
$env:AWS_CONFIG_FILE = Join-Path $sandbox '.aws/config'
$env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $sandbox '.aws/credentials'
$env:AWS_ENDPOINT_URL_SSO = $url; $env:AWS_ENDPOINT_URL_SSO_OIDC = $url
$env:AWS_EC2_METADATA_DISABLED = 'true'
Remove-Item Env:AWS_PROFILE, Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY, Env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue

try {
    Import-Module $manifest
    New-SsoSession -Name bench -StartUrl https://d-1234567890.awsapps.com/start -Region us-east-1 | Out-Null
    Invoke-SsoLogin -SessionName bench -UseDeviceCode -NoBrowser 6>$null | Out-Null
    $profiles = Get-SsoAccount -SessionName bench | Get-SsoRole | Set-SsoProfile -NameTemplate 'p-{AccountId}-{RoleName}' -Region us-west-2
    if ($profiles.Count -ne 100) { throw "expected 100 profiles, got $($profiles.Count)" }
    $names = $profiles.ProfileName
    foreach ($n in $names) { Get-SsoRoleCredential -ProfileName $n | Out-Null }   # warm the role-credential cache
    $one = $names[0]

    # 1 and 4. Whole processes: a bare pwsh, pwsh importing SsoTools, pwsh exporting credentials, boto3
    $py = "import sys, boto3; boto3.Session(profile_name=sys.argv[1]).get_credentials().get_frozen_credentials().access_key"
    $processes = Measure-Interleaved ([ordered]@{
        'pwsh -NoProfile -Command 1' = { Invoke-Child '1' }
        'pwsh: Import-Module SsoTools' = { Invoke-Child "Import-Module '$manifest'" }
        'pwsh: Import + Export-SsoCredential -Format Process' = { Invoke-Child "Import-Module '$manifest'; Export-SsoCredential -ProfileName '$one' -Format Process" }
        'python3: boto3 get_credentials (one process)' = { & python3 -c $py $one }
    })
    $bare = $processes['pwsh -NoProfile -Command 1']
    $import = $processes['pwsh: Import-Module SsoTools']
    $export = $processes['pwsh: Import + Export-SsoCredential -Format Process']
    $pyOne = $processes['python3: boto3 get_credentials (one process)']

    # 2. Credentials for one profile, warm caches, warm session: many calls, one process
    $inSession = Invoke-Child @"
Import-Module '$manifest'
1..50 | ForEach-Object { Get-SsoRoleCredential -ProfileName '$one' } | Out-Null
`$t = foreach (`$i in 1..1000) { `$sw = [Diagnostics.Stopwatch]::StartNew(); `$null = Get-SsoRoleCredential -ProfileName '$one'; `$sw.Elapsed.TotalMilliseconds }
`$s = `$t | Sort-Object
'{0} {1}' -f `$s[500], `$s[0]
"@
    $parts = ("$inSession".Trim()) -split ' '
    $warmOne = [pscustomobject]@{ Name = 'Get-SsoRoleCredential, warm caches, warm session (per call)'; MedianMs = [math]::Round([double]$parts[0], 3); MinMs = [math]::Round([double]$parts[1], 3); Runs = 1000 }

    # 3. 100 profiles: one pwsh session against 100 boto3 processes
    $list = ($names | ForEach-Object { "'$_'" }) -join ','
    $ours100 = Invoke-Child @"
Import-Module '$manifest'
`$names = @($list)
`$names | ForEach-Object { Get-SsoRoleCredential -ProfileName `$_ } | Out-Null
`$t = foreach (`$r in 1..5) { `$sw = [Diagnostics.Stopwatch]::StartNew(); foreach (`$n in `$names) { `$null = Get-SsoRoleCredential -ProfileName `$n }; `$sw.Elapsed.TotalMilliseconds }
(`$t | Sort-Object)[2]
"@
    $ours100Ms = [math]::Round([double]("$ours100".Trim()), 2)
    & python3 -c $py $one | Out-Null   # warm-up
    $sw = [Diagnostics.Stopwatch]::StartNew()
    foreach ($n in $names) { & python3 -c $py $n; if ($LASTEXITCODE -ne 0) { throw "boto3 failed for $n" } }
    $boto100Ms = [math]::Round($sw.Elapsed.TotalMilliseconds, 1)

    # 5. Sync-SsoProfile at organisation scale, throttled (its own emulators and sandboxes)
    $sync = & (Join-Path $PSScriptRoot 'Invoke-SyncBenchmark.ps1') -ModulePath $ModulePath -EmulatorDll $EmulatorDll

    # 6. Set-SsoProfile with 500 and 5,000 piped profiles: one write each; how the cost grows
    $scale = Invoke-Child @"
Import-Module '$manifest'
foreach (`$n in 500, 5000) {
    `$roles = 1..`$n | ForEach-Object { [pscustomobject]@{ SessionName = 'bench'; AccountId = '{0:d12}' -f (200000000000 + `$_); AccountName = "a`$_"; RoleName = 'ReadOnly' } }
    `$sw = [Diagnostics.Stopwatch]::StartNew()
    `$roles | Set-SsoProfile -NameTemplate 'scale-{AccountId}' | Out-Null
    `$sw.Stop()
    `$sw.Elapsed.TotalMilliseconds
    Get-SsoProfile -Name 'scale-*' | Remove-SsoProfile -Confirm:`$false
}
"@
    $scaleMs = @("$scale".Trim() -split '\s+' | ForEach-Object { [math]::Round([double]$_, 1) })

    # 7. The native credential_process helper, warm caches: per call, against a process that only prints
    # a fixed string (/bin/echo), boto3 in a process, and 'aws configure export-credentials' where the
    # installed AWS CLI has it (v2). Tight loops in bash: the caller's own overhead is what a tool pays.
    $helper = @(Get-ChildItem (Join-Path $ModulePath 'bin/*/ssotools-credential-process'))[0].FullName
    $loop = 'n=$1; shift; s=$(date +%s%N); for ((i=0;i<n;i++)); do "$@" >/dev/null || exit 1; done; e=$(date +%s%N); echo $(( (e-s)/n ))'
    function Measure-Loop([string[]] $Cmd, [int] $N) {
        $ns = & bash -c $loop bash $N @Cmd
        if ($LASTEXITCODE -ne 0) { throw "$($Cmd -join ' ') failed" }
        return [double]$ns / 1e6
    }
    $helperRounds = [System.Collections.Generic.List[double]]::new(); $echoRounds = [System.Collections.Generic.List[double]]::new()
    $null = Measure-Loop @($helper, '--profile', $one) 20
    foreach ($round in 1..7) {
        $helperRounds.Add((Measure-Loop @($helper, '--profile', $one) 100))
        $echoRounds.Add((Measure-Loop @('/bin/echo', '{"Version": 1}') 100))
    }
    $helperMs = [math]::Round((@($helperRounds | Sort-Object))[3], 2)
    $echoMs = [math]::Round((@($echoRounds | Sort-Object))[3], 2)
    $cliVersion = "$(& aws --version 2>&1)".Trim()
    $cliMs = $null
    & aws configure export-credentials --profile $one --format process *> $null
    if ($LASTEXITCODE -eq 0) {
        $cli = Measure-Interleaved ([ordered]@{ 'aws configure export-credentials' = { & aws configure export-credentials --profile $one --format process } })
        $cliMs = $cli['aws configure export-credentials'].MedianMs
    }
    $helperResult = [ordered]@{
        HelperMs = $helperMs
        FixedStringProcessMs = $echoMs
        RatioToFixedString = [math]::Round($helperMs / $echoMs, 2)
        Boto3ProcessMs = $pyOne.MedianMs
        Boto3RatioToHelper = [math]::Round($pyOne.MedianMs / $helperMs, 1)
        AwsCli = $cliVersion
        AwsCliExportMs = $cliMs
        AwsCliRatioToHelper = $(if ($cliMs) { [math]::Round($cliMs / $helperMs, 1) } else { $null })
        PwshExportMs = $export.MedianMs
    }

    $result = [ordered]@{
        Date = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
        Machine = "$([Environment]::ProcessorCount) cores, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription)"
        PowerShell = $PSVersionTable.PSVersion.ToString()
        ImportCostMs = [math]::Round($import.MedianMs - $bare.MedianMs, 1)
        ImportRatioToBarePwsh = [math]::Round($import.MedianMs / $bare.MedianMs, 3)
        WarmCredentialMedianMs = $warmOne.MedianMs
        Hundred = [ordered]@{ SsoToolsOneSessionMs = $ours100Ms; Boto3HundredProcessesMs = $boto100Ms; Ratio = [math]::Round($boto100Ms / $ours100Ms, 1) }
        ExportProcessVsBoto3 = [ordered]@{ PwshExportMs = $export.MedianMs; Boto3ProcessMs = $pyOne.MedianMs; Ratio = [math]::Round($export.MedianMs / $pyOne.MedianMs, 2) }
        SyncAt20PerSecond = $sync.At20PerSecond
        SyncAt2PerSecond = $sync.At2PerSecond
        CredentialHelper = $helperResult
        SetProfileScale = [ordered]@{ Profiles500Ms = $scaleMs[0]; Profiles5000Ms = $scaleMs[1]; Ratio = [math]::Round($scaleMs[1] / $scaleMs[0], 1) }
        Measurements = @($bare, $import, $warmOne, $pyOne, $export)
    }
    $dir = Join-Path $PSScriptRoot 'results'
    $null = New-Item -ItemType Directory -Force $dir
    $result | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $dir 'latest.json') -Encoding utf8
    ($result | ConvertTo-Json -Depth 5 -Compress) | Add-Content (Join-Path $dir 'history.jsonl') -Encoding utf8

    $result.Measurements | Format-Table Name, MedianMs, MinMs, Runs -AutoSize | Out-Host
    Write-Host ("Import-Module SsoTools: +{0} ms over a bare pwsh (ratio {1})." -f $result.ImportCostMs, $result.ImportRatioToBarePwsh)
    Write-Host ("Credentials for one profile, warm caches, warm session: median {0} ms per call." -f $warmOne.MedianMs)
    Write-Host ("100 profiles: SsoTools in one session {0} ms; boto3 in 100 processes {1} ms; SsoTools is {2}x faster." -f $ours100Ms, $boto100Ms, $result.Hundred.Ratio)
    Write-Host ("One process: pwsh Export-SsoCredential {0} ms; python3 boto3 {1} ms; ratio {2}." -f $export.MedianMs, $pyOne.MedianMs, $result.ExportProcessVsBoto3.Ratio)
    foreach ($s in $sync.At20PerSecond, $sync.At2PerSecond) {
        Write-Host ("Sync-SsoProfile, {0} accounts x 3 roles, throttled at {1}/s, {2} ms latency: {3} s ({4}x the {5} s floor), {6} profiles, {7} errors, {8} 429s; boto3 plain loop {9} s." -f `
            $s.Accounts, $s.ThrottlePerSecond, $s.LatencyMs, $s.SyncSeconds, $s.RatioToFloor, $s.FloorSeconds, $s.ProfilesWritten, $s.Errors, $s.Throttled429, $s.Boto3Seconds)
    }
    Write-Host ("credential_process helper: {0} ms per call ({1}x a process that prints a fixed string, {2} ms); boto3 in a process {3} ms ({4}x the helper); pwsh Export-SsoCredential {5} ms; {6}" -f `
        $helperResult.HelperMs, $helperResult.RatioToFixedString, $helperResult.FixedStringProcessMs, $helperResult.Boto3ProcessMs, $helperResult.Boto3RatioToHelper, $helperResult.PwshExportMs,
        $(if ($helperResult.AwsCliExportMs) { "aws configure export-credentials $($helperResult.AwsCliExportMs) ms ($($helperResult.AwsCliRatioToHelper)x the helper)." } else { "$($helperResult.AwsCli): no 'aws configure export-credentials' (AWS CLI v2 only), so no CLI ratio." }))
    Write-Host ("Set-SsoProfile, one pipeline: 500 profiles {0} ms, 5,000 profiles {1} ms (x{2})." -f $scaleMs[0], $scaleMs[1], $result.SetProfileScale.Ratio)
}
finally {
    Stop-SsoEmulator $emu
    Remove-Item -Recurse -Force $sandbox -ErrorAction SilentlyContinue
}
