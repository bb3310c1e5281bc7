# Safe beside other writers and other programs (issue 22): a relative AWS_CONFIG_FILE means the file
# a native command started from the same prompt reads.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'A relative AWS_CONFIG_FILE' {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'after Set-Location, edits the file that aws (botocore) started from that prompt reads, and shows its full path' {
        $start = Join-Path $script:Sandbox 'start'; $work = Join-Path $script:Sandbox 'work'
        $null = New-Item -ItemType Directory -Force $start, $work
        $r = Wait-TestPwsh (Start-TestPwsh -WorkingDirectory $start -Environment @{ AWS_CONFIG_FILE = 'rel.config' } -Command @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Join-Path $ModulePath 'SsoTools.psd1')'
Set-Location '$work'
`$s = New-SsoSession -Name rel -StartUrl https://d-123.awsapps.com/start -Region us-east-1
`$p = Set-SsoProfile -Name relp -SessionName rel -AccountId 111122223333 -RoleName ReadOnly
'session=' + `$s.ConfigPath
'profile=' + (Get-SsoProfile -Name relp).ConfigPath
# A native command from this prompt: botocore reads the same relative path from its own working folder.
python3 -c "import botocore.session; print('botocore=' + botocore.session.Session(profile='relp').get_scoped_config()['sso_role_name'])"
"@) 90
        $r.ExitCode | Should -Be 0 -Because $r.Stderr
        $r.Stdout | Should -Match ([regex]::Escape('session=' + (Join-Path $work 'rel.config')))
        $r.Stdout | Should -Match ([regex]::Escape('profile=' + (Join-Path $work 'rel.config')))
        $r.Stdout | Should -Match 'botocore=ReadOnly'
        Join-Path $work 'rel.config' | Should -Exist
        Join-Path $start 'rel.config' | Should -Not -Exist
    }
}

# `aws configure set` (and older AWS CLI caches) rewrite a file in place: truncate, write. This writer
# does the same, slowed down a million times (half the file, a pause, the rest) so that every read
# of SsoTools can land in the window, while the cmdlets run. Its own change is a counter in
# [profile hand], as `aws configure set` would make.
Describe 'A file another program rewrites in place while SsoTools reads it' {
    BeforeAll {
        $script:Writer = @'
import os, sys, time, re
path, stop, pause, gap, kind = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
n = 0
print('ready', flush=True)
while not os.path.exists(stop):
    with open(path, 'rb') as f:
        data = f.read()
    n += 1
    if kind == 'config':
        data = re.sub(rb'counter = \d+', b'counter = %d' % n, data)
    with open(path, 'r+b') as f:
        f.truncate(0)
        half = len(data) // 2
        f.write(data[:half]); f.flush(); os.fsync(f.fileno())
        time.sleep(pause)
        f.write(data[half:]); f.flush()
    time.sleep(gap)
print(n)
'@
        function Start-InPlaceWriter([string] $Path, [double] $Pause, [double] $Gap, [string] $Kind) {
            $stop = Join-Path $env:HOME ('stop-' + [guid]::NewGuid().ToString('N'))
            $psi = [System.Diagnostics.ProcessStartInfo]::new('python3')
            foreach ($a in '-c', $script:Writer, $Path, $stop, "$Pause", "$Gap", $Kind) { $psi.ArgumentList.Add($a) }
            $psi.RedirectStandardOutput = $true; $psi.UseShellExecute = $false
            $p = [System.Diagnostics.Process]::Start($psi)
            $null = $p.StandardOutput.ReadLine() # 'ready': it runs before the cmdlets do
            [pscustomobject]@{ Process = $p; Stop = $stop; Out = $p.StandardOutput.ReadToEndAsync() }
        }
        function Stop-InPlaceWriter($W) {
            Set-Content -Path $W.Stop -Value ''
            if (-not $W.Process.WaitForExit(20000)) { $W.Process.Kill() }
            [int]($W.Out.Result.Trim())
        }
    }
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'New-SsoSession and Set-SsoProfile lose no line: each edit lands on the whole file or is refused with ConfigFileBusy' {
        # 8,000 hand-written lines, and the key the other program keeps changing.
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('[profile hand]'); $lines.Add('counter = 0')
        foreach ($i in 1..1000) { $lines.Add("[profile keep$i]"); $lines.Add('region = eu-west-1'); $lines.Add("# note $i, kept as written"); $lines.Add('output = json') }
        Set-Content -Path $env:AWS_CONFIG_FILE -Value (($lines -join "`n") + "`n") -NoNewline
        $w = Start-InPlaceWriter $env:AWS_CONFIG_FILE 0.4 1.4 'config'
        $landed = [System.Collections.Generic.List[string]]::new()
        $refused = 0
        try {
            foreach ($k in 1..5) {
                foreach ($cmd in @(
                        { New-SsoSession -Name "s$k" -StartUrl https://d-123.awsapps.com/start -Region us-east-1 -ErrorAction Stop | Out-Null; "[sso-session s$k]" },
                        { Set-SsoProfile -Name "p$k" -SessionName s1 -AccountId 111122223333 -RoleName ReadOnly -ErrorAction Stop | Out-Null; "[profile p$k]" })) {
                    try { $landed.Add((& $cmd)) }
                    catch {
                        $_.FullyQualifiedErrorId | Should -BeLike 'ConfigFileBusy,*'
                        $refused++
                    }
                    Start-Sleep -Milliseconds (Get-Random -Minimum 0 -Maximum 900)
                }
            }
        }
        finally { $rounds = Stop-InPlaceWriter $w }
        $rounds | Should -BeGreaterThan 3
        $text = Get-Content -Raw $env:AWS_CONFIG_FILE
        $after = $text -split "`n"
        foreach ($l in $lines) { if ($l -notlike 'counter = *') { $after | Should -Contain $l } }
        foreach ($h in $landed) { $after | Should -Contain $h }
        $landed.Count | Should -BeGreaterThan 5 -Because "$refused were refused"
        (Invoke-Python -Code "import botocore.configloader as c, sys; print(len(c.raw_config_parse(sys.argv[1])))" -Arguments $env:AWS_CONFIG_FILE) | Should -Be (1001 + $landed.Count)
    }

    It 'a token and a role-credential file rewritten in place are read whole: no CacheFileMalformed, no lost session' {
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        $null = Invoke-SsoLogin -SessionName s
        $role = Get-SsoAccount -SessionName s | Select-Object -First 1 | Get-SsoRole | Select-Object -First 1
        $null = Set-SsoProfile -Name p -SessionName s -AccountId $role.AccountId -RoleName $role.RoleName
        $first = Get-SsoRoleCredential -ProfileName p
        $token = Get-TokenCachePath 's'
        $cred = Get-RoleCredentialCachePath $role.AccountId $role.RoleName 's'
        $wt = Start-InPlaceWriter $token 0.3 0.05 'json'
        $wc = Start-InPlaceWriter $cred 0.3 0.05 'json'
        $errors = @()
        $reads = 0
        $until = [DateTime]::UtcNow.AddSeconds(5)
        try {
            while ([DateTime]::UtcNow -lt $until) {
                $reads++
                try {
                    $c = Get-SsoRoleCredential -ProfileName p -ErrorAction Stop
                    $c.AccessKeyId | Should -Be $first.AccessKeyId
                    $null = Get-SsoToken -SessionName s -ErrorAction Stop
                }
                catch { $errors += $_.FullyQualifiedErrorId }
            }
        }
        finally { $rt = Stop-InPlaceWriter $wt; $rc = Stop-InPlaceWriter $wc }
        $rt | Should -BeGreaterThan 5
        $rc | Should -BeGreaterThan 5
        $reads | Should -BeGreaterThan 5
        # Never "malformed, delete it": every read waited for a whole file.
        $errors | Should -BeNullOrEmpty
        Test-BotocoreJson $token | Should -BeTrue
        "$((Get-SsoSession -Name s).LoginState)" | Should -Be 'LoggedIn'
    }
}

Describe 'The native helper on a very large config' {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'answers from a 50 MB config in under five times its size in memory, with the same credentials' {
        $helper = @(Get-ChildItem (Join-Path $ModulePath 'bin/*/ssotools-credential-process') -ErrorAction SilentlyContinue)[0].FullName
        if (-not $helper -or $IsWindows -or -not (Test-Path /usr/bin/time)) { Set-ItResult -Skipped -Because 'needs the native helper and GNU time (Linux)'; return }
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        $null = Invoke-SsoLogin -SessionName s
        $role = Get-SsoAccount -SessionName s | Select-Object -First 1 | Get-SsoRole | Select-Object -First 1
        $null = Set-SsoProfile -Name target -SessionName s -AccountId $role.AccountId -RoleName $role.RoleName
        $c = Get-SsoRoleCredential -ProfileName target
        # 50 MB of other profiles, hand-written ones before and after the one asked for.
        $null = Invoke-Python -Code @'
import sys
path = sys.argv[1]
with open(path, 'rb') as f:
    own = f.read()
block = []
for i in range(230000):
    block.append('[profile p%d]\nsso_session = s\nsso_account_id = %012d\nsso_role_name = Role%d\nregion = eu-west-1\n# note %d\n' % (i, 100000000000 + i % 997, i % 7, i))
half = ''.join(block).encode()
with open(path, 'wb') as f:
    f.write(half)
    f.write(own)
    f.write(half.replace(b'[profile p', b'[profile q'))
'@ -Arguments $env:AWS_CONFIG_FILE
        (Get-Item $env:AWS_CONFIG_FILE).Length | Should -BeGreaterThan 50MB
        $psi = [System.Diagnostics.ProcessStartInfo]::new('/usr/bin/time')
        foreach ($a in '-f', 'maxrss=%M', $helper, '--profile', 'target') { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
        $p = [System.Diagnostics.Process]::Start($psi)
        $out = $p.StandardOutput.ReadToEndAsync(); $err = $p.StandardError.ReadToEndAsync()
        $p.WaitForExit(120000) | Should -BeTrue
        $p.WaitForExit()
        $p.ExitCode | Should -Be 0 -Because $err.Result
        ($out.Result | ConvertFrom-Json).AccessKeyId | Should -Be $c.AccessKeyId
        $kb = [int]([regex]::Match($err.Result, 'maxrss=(\d+)').Groups[1].Value)
        # Relative to the file: the GC's budget grows with the CPU's cache (the same binary peaked at
        # under 200 MB on one machine and at 225 MB on one with a 105 MiB L3 cache).
        $limitKb = 5 * (Get-Item $env:AWS_CONFIG_FILE).Length / 1KB
        $kb | Should -BeLessThan $limitKb -Because "the helper peaked at $([math]::Round($kb / 1024)) MB for a $([math]::Round((Get-Item $env:AWS_CONFIG_FILE).Length / 1MB)) MB config"
    }
}

Describe 'Messages that say what happened (issue 22)' {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'Invoke-SsoLogin with 12 minutes left and a spent refresh token signs in, as its help says, instead of returning the dying token' {
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        $null = Invoke-SsoLogin -SessionName s
        $old = (Read-CachedToken 's').accessToken
        # Another tool spent the refresh token (the service rotates it): a refresh gets invalid_grant.
        $null = Invoke-Python -Code @'
import json, sys
with open(sys.argv[1]) as f: t = json.load(f)
t['refreshToken'] = 'aorSpentByAnotherTool' + 'x' * 40
with open(sys.argv[1], 'w') as f: f.write(json.dumps(t))
'@ -Arguments (Get-TokenCachePath 's')
        Set-CachedToken -SessionName s -ExpiresAt (Get-Date).ToUniversalTime().AddMinutes(12)
        $t = Invoke-SsoLogin -SessionName s -WarningAction SilentlyContinue
        $t.AccessToken | Should -Not -Be $old
        ($t.ExpiresAt.ToUniversalTime() - (Get-Date).ToUniversalTime()).TotalMinutes | Should -BeGreaterThan 60
    }

    It 'the native helper: no control character reaches the terminal, and a closed stdout is not blamed on ~/.aws' {
        $helper = @(Get-ChildItem (Join-Path $ModulePath 'bin/*/ssotools-credential-process') -ErrorAction SilentlyContinue)[0].FullName
        if (-not $helper -or $IsWindows) { Set-ItResult -Skipped -Because 'needs the native helper and sh (Linux)'; return }
        $esc = [char]27
        $r = & $helper --profile "evil${esc}[31mred${esc}]0;title`a" 2>&1
        $LASTEXITCODE | Should -Be 1
        $line = "$r"
        $line | Should -Match '^SsoProfileNotFound: '
        $line.IndexOf($esc) | Should -Be -1
        $line | Should -Match ([regex]::Escape('evil\x1b[31mred\x1b]0;title\x07'))
        # Fetched credentials, then standard output closed by whatever ran the helper.
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        $null = Invoke-SsoLogin -SessionName s
        $role = Get-SsoAccount -SessionName s | Select-Object -First 1 | Get-SsoRole | Select-Object -First 1
        $null = Set-SsoProfile -Name p -SessionName s -AccountId $role.AccountId -RoleName $role.RoleName
        $err = & sh -c "'$helper' --profile p 2>&1 1>&-; echo exit=`$?"
        $text = $err -join "`n"
        $text | Should -Match 'OutputClosed: The credentials could not be written to standard output'
        $text | Should -Not -Match '~/.aws could not'
        $text | Should -Match 'exit=1'
    }
}
