# Refresh against other writers of the same token file, with single-use refresh tokens (the emulator
# rotates each refresh token and answers invalid_grant to a used one, as the service does): botocore
# and the AWS CLI take no lock, so SsoTools must survive losing the race. And a refresh killed after
# the service rotated the token but before the file was written (issue 16).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    $script:Psd1 = Join-Path $ModulePath 'SsoTools.psd1'
    $script:Helper = Join-Path $ModulePath 'bin/linux-x64/ssotools-credential-process'
    $script:Rounds = if ($env:SSOTOOLS_RACE_ROUNDS) { [int]$env:SSOTOOLS_RACE_ROUNDS } else { 25 }
    $script:CliLeadMs = 700
    # The CLI costs about 2 s a run (Python start-up): it joins every fifth round, to keep the suite's time.
    $script:CliEvery = if ($env:SSOTOOLS_RACE_CLI_EVERY) { [int]$env:SSOTOOLS_RACE_CLI_EVERY } else { 5 }

    # Puts the token 5 minutes from expiry (inside every tool's refresh window), keeping botocore's format.
    function Set-TokenInWindow([string] $Path) {
        $text = [IO.File]::ReadAllText($Path)
        $when = Format-CacheTime (Get-Date).AddMinutes(5)
        [IO.File]::WriteAllText($Path, ($text -replace '"expiresAt": "[^"]*"', ('"expiresAt": "' + $when + '"')))
    }
    function Get-RefreshTokenState([string] $Path) {
        $rt = (Get-Content -Raw $Path | ConvertFrom-Json).refreshToken
        (Invoke-RestMethod -Method Post -Uri "$($script:Emu.Url)/_emulator/refresh-token" -Body (@{ refreshToken = $rt } | ConvertTo-Json) -ContentType 'application/json').state
    }
    # A pwsh that imports SsoTools once, then for each go-<n> file in $Dir runs one command and writes done-<name>-<n>.
    function Start-PwshWorker([string] $Dir, [string] $Name) {
        Start-TestPwsh @"
Import-Module '$script:Psd1'
for (`$i = 1; ; `$i++) {
    `$null = New-Item -ItemType File ('$Dir/ready-$Name-' + `$i)
    while (-not (Test-Path ('$Dir/go-' + `$i))) { if (Test-Path '$Dir/stop') { exit 0 }; Start-Sleep -Milliseconds 5 }
    `$r = try { `$n = @(Get-SsoAccount -SessionName dev -ErrorAction Stop -WarningVariable w -WarningAction SilentlyContinue).Count; "ok `$n warnings=`$(@(`$w).Count)" } catch { "fail `$(`$_.FullyQualifiedErrorId) `$(`$_.Exception.Message)" }
    # Written whole, then renamed: the driver reads it as soon as the name appears.
    Set-Content -Path ('$Dir/.done-$Name-' + `$i) -Value `$r
    Move-Item ('$Dir/.done-$Name-' + `$i) ('$Dir/done-$Name-' + `$i)
}
"@
    }
    # botocore (the AWS SDK for Python, as the AWS CLI uses it): a new session per round, so each round
    # it reads the file, refreshes in its window and writes back, without a lock.
    function Start-BotocoreWorker([string] $Dir) {
        $code = @'
import os, sys, time, botocore.session
d = sys.argv[1]
loader = None
i = 0
while True:
    i += 1
    # A new session each round (its token provider reads the file afresh) sharing the first one's loaded
    # service models, so the refresh starts at once when the go comes.
    s = botocore.session.Session(profile='P')
    if loader is None:
        loader = s.get_component('data_loader')
        s.create_client('sso-oidc', region_name='us-east-1')
        s.create_client('sso', region_name='us-east-1')
    else:
        s.register_component('data_loader', loader)
    open(os.path.join(d, 'ready-boto-%d' % i), 'w').close()
    while not os.path.exists(os.path.join(d, 'go-%d' % i)):
        if os.path.exists(os.path.join(d, 'stop')):
            sys.exit(0)
        time.sleep(0.005)
    try:
        key = s.get_credentials().get_frozen_credentials().access_key
        r = 'ok ' + key[:4]
    except Exception as e:
        r = 'fail ' + type(e).__name__
    with open(os.path.join(d, '.done-boto-%d' % i), 'w') as f:
        f.write(r)
    os.rename(os.path.join(d, '.done-boto-%d' % i), os.path.join(d, 'done-boto-%d' % i))
'@
        $psi = [System.Diagnostics.ProcessStartInfo]::new('python3')
        foreach ($a in '-c', $code, $Dir) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        [System.Diagnostics.Process]::Start($psi)
    }
    # The AWS CLI v2 only where it can be pointed at the emulator: AWS_ENDPOINT_URL_* came in 2.13; older
    # v2 releases (Debian's 2.9.19) read endpoint rule sets from AWS_DATA_PATH, so one that names the
    # emulator is written there for sso-oidc, sso and sts.
    function Get-CliSkipReason {
        if (-not (Test-Path /usr/bin/aws)) { return '/usr/bin/aws is not installed' }
        $v = "$(& /usr/bin/aws --version 2>&1)"
        if ($v -notmatch '^aws-cli/(\d+)\.(\d+)') { return "/usr/bin/aws gave no version: $v" }
        if ([int]$Matches[1] -lt 2) { return "/usr/bin/aws is the AWS CLI v1 ($v)" }
        if ([int]$Matches[2] -lt 13 -and -not (Get-CliRuleSets)) { return "/usr/bin/aws ($v) predates AWS_ENDPOINT_URL_SSO_OIDC and its endpoint rule sets were not found" }
        return $null
    }
    function Get-CliRuleSets {
        @(Get-ChildItem -Path '/usr/lib/python3/dist-packages/awscli/botocore/data', '/usr/local/aws-cli/v2/current/dist/awscli/botocore/data' -Filter 'endpoint-rule-set-1.json' -Recurse -Depth 2 -ErrorAction SilentlyContinue |
            Where-Object { $_.Directory.Parent.Name -in 'sso-oidc', 'sso', 'sts' })
    }
    # A data path whose rule sets send sso-oidc, sso and sts to the emulator (the CLI's own parameters kept).
    function New-CliDataPath {
        $data = Join-Path $env:HOME 'cli-data'
        foreach ($f in Get-CliRuleSets) {
            $rules = Get-Content -Raw $f.FullName | ConvertFrom-Json -AsHashtable
            $rules.rules = @(@{ conditions = @(); endpoint = @{ url = $script:Emu.Url; properties = @{}; headers = @{} }; type = 'endpoint' })
            $dest = Join-Path $data "$($f.Directory.Parent.Name)/$($f.Directory.Name)"
            $null = New-Item -ItemType Directory -Force $dest
            $rules | ConvertTo-Json -Depth 20 | Set-Content (Join-Path $dest 'endpoint-rule-set-1.json')
        }
        $data
    }
    function Wait-Files([string[]] $Paths, [int] $TimeoutSec) {
        $deadline = (Get-Date).AddSeconds($TimeoutSec)
        while (@($Paths | Where-Object { -not (Test-Path $_) }).Count -gt 0) {
            if ((Get-Date) -gt $deadline) { throw "not written within $TimeoutSec s: $(@($Paths | Where-Object { -not (Test-Path $_) }) -join ', ')" }
            Start-Sleep -Milliseconds 5
        }
    }

    # Runs $script:Rounds rounds; each puts the token in the window and lets every worker go at once.
    # $Native: the credential helper joins each round too (a process per round: it starts in milliseconds).
    function Invoke-Race([string[]] $PwshNames, [switch] $Botocore, [switch] $Cli, [switch] $Native) {
        $dir = Join-Path $env:HOME 'race'
        $null = New-Item -ItemType Directory $dir
        $path = Get-TokenCachePath 'dev'
        $workers = @($PwshNames | ForEach-Object { Start-PwshWorker $dir $_ })
        $boto = if ($Botocore) { Start-BotocoreWorker $dir }
        $rows = [System.Collections.Generic.List[object]]::new()
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            for ($i = 1; $i -le $script:Rounds; $i++) {
                # Every worker waiting at the line, so that all start together.
                Wait-Files (@($PwshNames | ForEach-Object { "$dir/ready-$_-$i" }) + @(if ($Botocore) { "$dir/ready-boto-$i" })) 120
                Set-TokenInWindow $path
                Get-ChildItem (Join-Path $env:HOME '.aws/cli/cache') -ErrorAction SilentlyContinue | Remove-Item
                Reset-EmulatorCounters $script:Emu
                # The CLI starts in about a second (Python): started first, it reaches its refresh near the others.
                $cliProc = if ($Cli -and ($i - 1) % $script:CliEvery -eq 0) {
                    Start-Process -FilePath /usr/bin/aws -ArgumentList 'sts', 'get-caller-identity', '--profile', 'P' -PassThru -NoNewWindow -RedirectStandardOutput "$dir/cli-$i.out" -RedirectStandardError "$dir/cli-$i.err" -Environment $script:CliEnvironment
                    Start-Sleep -Milliseconds $script:CliLeadMs
                }
                $null = New-Item -ItemType File "$dir/go-$i"
                $helperRun = if ($Native) { Start-Process -FilePath $script:Helper -ArgumentList 'P' -PassThru -NoNewWindow -RedirectStandardOutput "$dir/native-$i.out" -RedirectStandardError "$dir/native-$i.err" }
                Wait-Files (@($PwshNames | ForEach-Object { "$dir/done-$_-$i" }) + @(if ($Botocore) { "$dir/done-boto-$i" })) 60
                if ($helperRun) { $helperRun.WaitForExit() }
                if ($cliProc) { $cliProc.WaitForExit() }
                $c = Get-EmulatorCounters $script:Emu
                $rows.Add([pscustomobject]@{
                        Round     = $i
                        Pwsh      = @($PwshNames | ForEach-Object { (Get-Content -Raw "$dir/done-$_-$i").Trim() })
                        Boto      = if ($Botocore) { (Get-Content -Raw "$dir/done-boto-$i").Trim() }
                        Native    = if ($helperRun) { [pscustomobject]@{ Exit = $helperRun.ExitCode; Out = (Get-Content -Raw "$dir/native-$i.out"); Err = (Get-Content -Raw "$dir/native-$i.err") } }
                        Cli       = if ($cliProc) { [pscustomobject]@{ Exit = $cliProc.ExitCode; Err = (Get-Content -Raw "$dir/cli-$i.err") } }
                        Refreshes = [int]$c.'CreateToken:refresh_token'
                        State     = Get-RefreshTokenState $path
                    })
            }
            Write-Host "    $($script:Rounds) rounds in $($clock.Elapsed.TotalSeconds.ToString('0.0')) s"
        }
        finally {
            $null = New-Item -ItemType File "$dir/stop" -Force
            foreach ($w in $workers) { if (-not $w.Process.WaitForExit(10000)) { $w.Process.Kill($true) } }
            if ($boto -and -not $boto.WaitForExit(10000)) { $boto.Kill() }
        }
        $rows
    }
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Refreshing one token together with other tools (single-use refresh tokens)' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        Set-EmulatorOptions $script:Emu @{ singleUseRefreshTokens = $true; faultPath = '' }
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Set-SsoProfile -Name P -SessionName dev -AccountId 111111110001 -RoleName ReadOnly | Out-Null
        Invoke-SsoLogin -SessionName dev 6>$null | Out-Null
    }
    AfterEach {
        Set-EmulatorOptions $script:Emu @{ latencyMs = 0 }
        Remove-Sandbox $script:Sandbox
    }

    It 'SsoTools and botocore (and the AWS CLI v2 where it can be pointed at the emulator): SsoTools never fails and the session is never lost' {
        $cliSkip = Get-CliSkipReason
        if ($cliSkip) { Write-Host "    (AWS CLI part skipped: $cliSkip)" }
        else { $script:CliEnvironment = @{ AWS_DATA_PATH = (New-CliDataPath) } }

        # Service latency keeps each refresh in flight long enough for the other tool to read the old file.
        Set-EmulatorOptions $script:Emu @{ latencyMs = 100 }
        $rows = Invoke-Race -PwshNames 'a' -Botocore -Cli:(-not $cliSkip)

        $rows | Should -HaveCount $script:Rounds
        foreach ($r in $rows) {
            $r.Pwsh[0] | Should -Match '^ok 3 ' -Because "round $($r.Round): SsoTools must not fail"
            $r.State | Should -Be 'live' -Because "round $($r.Round): the file must hold a refresh token the service still accepts"
            if ($r.Cli) { $r.Cli.Exit | Should -Be 0 -Because "round $($r.Round): the AWS CLI said $($r.Cli.Err)" }
        }
        Test-BotocoreJson (Get-TokenCachePath 'dev') | Should -BeTrue -Because "the file stays botocore's format"
        # The race must really happen: rounds where both refreshed with the same refresh token (one got invalid_grant).
        if (-not $cliSkip) { @($rows | Where-Object Cli).Count | Should -Be ([Math]::Ceiling($script:Rounds / $script:CliEvery)) }
        $contested = @($rows | Where-Object Refreshes -gt 1).Count
        Write-Host "    $($script:Rounds) rounds, $contested contested (both refreshed), SsoTools warnings in $(@($rows | Where-Object { $_.Pwsh[0] -notmatch 'warnings=0' }).Count), botocore failures: $(@($rows | Where-Object Boto -notmatch '^ok').Count)"
        $contested | Should -BeGreaterThan 0 -Because 'a race nobody lost proves nothing'
    }

    It 'two SsoTools processes and the native credential helper: none fails and the session is never lost' {
        Test-Path $script:Helper | Should -BeTrue -Because 'build.ps1 Build publishes the helper'

        $rows = Invoke-Race -PwshNames 'a', 'b' -Native

        $rows | Should -HaveCount $script:Rounds
        foreach ($r in $rows) {
            $r.Pwsh[0] | Should -Match '^ok 3 ' -Because "round $($r.Round): the first pwsh"
            $r.Pwsh[1] | Should -Match '^ok 3 ' -Because "round $($r.Round): the second pwsh"
            $r.Native.Exit | Should -Be 0 -Because "round $($r.Round): the helper said $($r.Native.Err)"
            $r.Native.Out | Should -Match '"AccessKeyId": ?"ASIA'
            $r.State | Should -Be 'live' -Because "round $($r.Round): no session lost"
            # SsoTools' processes take the lock and read again: one refresh a round, never a contested one.
            $r.Refreshes | Should -Be 1 -Because "round $($r.Round): one refresh under the lock"
        }
    }
}

Describe 'A refresh killed after the service rotated the refresh token, before the file was written' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        Set-EmulatorOptions $script:Emu @{ singleUseRefreshTokens = $true; faultPath = '' }
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName dev 6>$null | Out-Null
        $script:Path = Get-TokenCachePath 'dev'
    }
    AfterEach {
        Set-EmulatorOptions $script:Emu @{ faultPath = '' }
        Remove-Sandbox $script:Sandbox
    }

    It 'the old token keeps working while valid; once expired, the error says the refresh token was used by an interrupted refresh' {
        Set-TokenInWindow $script:Path
        $before = Get-FileSha $script:Path
        Reset-EmulatorCounters $script:Emu
        # The emulator runs the refresh (rotating the refresh token), sends half its answer and holds the rest.
        Set-EmulatorOptions $script:Emu @{ faultPath = '/token'; faultMode = 'stall'; faultCount = 1 }
        $child = Start-TestPwsh "Import-Module '$script:Psd1'; Get-SsoAccount -SessionName dev"
        try {
            $deadline = (Get-Date).AddSeconds(60)
            while ([int](Get-EmulatorCounters $script:Emu).FaultStalled -lt 1) {
                if ((Get-Date) -gt $deadline -or $child.Process.HasExited) { throw "the refresh never reached the stalled answer: $($child.Stderr.Result)" }
                Start-Sleep -Milliseconds 20
            }
            $child.Process.Kill($true)   # SIGKILL, between the service's answer and the file write
            $child.Process.WaitForExit()
        }
        finally { if (-not $child.Process.HasExited) { $child.Process.Kill($true) } }
        Get-FileSha $script:Path | Should -Be $before -Because 'the killed process wrote nothing'
        Get-RefreshTokenState $script:Path | Should -Be 'spent' -Because 'the service rotated it: the file holds a used refresh token'

        # Valid still: the next command works, with a warning that names the cause.
        $r = Wait-TestPwsh (Start-TestPwsh "Import-Module '$script:Psd1'; `$n = @(Get-SsoAccount -SessionName dev -WarningVariable w -WarningAction SilentlyContinue).Count; `"count=`$n`"; `"warning=`$w`"")
        $r.ExitCode | Should -Be 0
        $r.Stdout | Should -Match 'count=3'
        $r.Stdout | Should -Match 'warning=.*could not be refreshed.*refresh token works once.*interrupted'

        # Expired: the error says what happened and that a new sign-in is needed.
        Set-CachedToken dev -ExpiresAt (Get-Date).AddMinutes(-1)
        $r = Wait-TestPwsh (Start-TestPwsh "Import-Module '$script:Psd1'; try { Get-SsoAccount -SessionName dev -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }")
        $r.Stdout | Should -Match '^TokenExpired,'
        $r.Stdout | Should -Match 'invalid_grant|InvalidGrant'
        $r.Stdout | Should -Match 'interrupted'
        $r.Stdout | Should -Match "run 'Invoke-SsoLogin -SessionName dev'"
    }
}
