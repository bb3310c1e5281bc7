# Files that other users (or a sudo run) left where SsoTools looks: a lock file this user may not
# open, and role credentials planted in a cache folder others may write. The real thing: another
# user is 'nobody' (setpriv drops root), and the files are chown'ed to whoever the case needs.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    $script:Helper = @(Get-ChildItem (Join-Path $ModulePath 'bin/*/ssotools-credential-process') -ErrorAction SilentlyContinue)[0].FullName
    $script:AsOther = -not $IsWindows -and (Get-Command setpriv -ErrorAction SilentlyContinue) -and ((& id -u) -eq '0')

    # The helper as the user 'nobody' (uid 65534), with this sandbox's environment.
    function Invoke-HelperAsNobody([string] $ProfileName) {
        $psi = [System.Diagnostics.ProcessStartInfo]::new('setpriv')
        foreach ($a in '--reuid=65534', '--regid=65534', '--clear-groups', '--', $script:Helper, '--profile', $ProfileName) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $p = [System.Diagnostics.Process]::Start($psi)
        $out = $p.StandardOutput.ReadToEndAsync(); $err = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit(120000)) { $p.Kill(); throw 'the helper did not finish in 120 s' }
        $p.WaitForExit()
        [pscustomobject]@{ ExitCode = $p.ExitCode; Stdout = $out.Result; Stderr = $err.Result; Seconds = $sw.Elapsed.TotalSeconds }
    }

    function New-SignedInSandbox {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        $null = Invoke-SsoLogin -SessionName s
        $script:Role = Get-SsoAccount -SessionName s | Select-Object -First 1 | Get-SsoRole | Select-Object -First 1
        $null = Set-SsoProfile -Name p -SessionName s -AccountId $script:Role.AccountId -RoleName $script:Role.RoleName
    }
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'A lock file this user may not open' {
    BeforeEach { New-SignedInSandbox }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'the native helper fails at once with the owner and the command that fixes it (not after 90 s)' {
        if (-not $script:AsOther -or -not $script:Helper) { Set-ItResult -Skipped -Because 'needs root, setpriv and the native helper (Linux) to act as another user'; return }
        # 'nobody' owns the sandbox; a run under sudo left the token's lock behind, root's and private.
        & chmod 0755 $script:Sandbox
        & chown -R 65534:65534 $script:Sandbox
        $lock = (Get-TokenCachePath 's') + '.lock'
        Set-Content -Path $lock -Value '' -NoNewline
        & chown 0:0 $lock
        & chmod 0600 $lock
        $probe = & setpriv --reuid=65534 --regid=65534 --clear-groups -- test -x $script:Helper; $ok = $LASTEXITCODE -eq 0
        if (-not $ok) { Set-ItResult -Skipped -Because "the user nobody cannot run $($script:Helper) from this clone's folder"; return }

        $r = Invoke-HelperAsNobody 'p'
        $r.ExitCode | Should -Be 1
        $r.Stdout | Should -BeNullOrEmpty
        $r.Stderr | Should -Match '^FileAccessDenied: The lock file '
        $r.Stderr | Should -Match 'belongs to root \(uid 0\), and you \(nobody \(uid 65534\)\) may not open it'
        $r.Stderr | Should -Match ([regex]::Escape("sudo rm '$lock'"))
        $r.Seconds | Should -BeLessThan 5   # the whole helper run, sign-in and fetch included; it waited 90 s before
    }
}

Describe 'Role credentials planted by another user' {
    BeforeEach {
        New-SignedInSandbox
        $script:Cache = Get-RoleCredentialCachePath $script:Role.AccountId $script:Role.RoleName 's'
        $script:Real = Get-SsoRoleCredential -ProfileName p
        # The planted file: what AWS issues in shape, another account's keys, in the very path SsoTools reads.
        $j = Get-Content -Raw $script:Cache | ConvertFrom-Json
        $j.Credentials.AccessKeyId = 'ASIAPLANTEDPLANTED00'
        $j.Credentials.Expiration = (Get-Date).ToUniversalTime().AddHours(5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")
        $script:Planted = $j
    }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'a file another user owns in a folder every user may write is never returned, and the user is told once' {
        if ($IsWindows -or (& id -u) -ne '0') { Set-ItResult -Skipped -Because 'needs root to chown a file to another user (POSIX)'; return }
        $dir = Split-Path $script:Cache
        & chmod 1777 $dir
        $script:Planted | ConvertTo-Json -Depth 5 -Compress | Set-Content -Path $script:Cache -NoNewline
        & chown 65534 $script:Cache

        $w = $null
        $c = Get-SsoRoleCredential -ProfileName p -WarningVariable w -WarningAction SilentlyContinue
        $c.AccessKeyId | Should -Not -Be 'ASIAPLANTEDPLANTED00'
        $c.AccessKeyId | Should -Match '^ASIA'
        $c.AccountId | Should -Be $script:Role.AccountId
        @($w).Count | Should -Be 1
        "$($w[0])" | Should -Match 'were not used: it belongs to nobody \(uid 65534\), not to you'
        $w2 = $null
        $null = Get-SsoRoleCredential -ProfileName p -WarningVariable w2 -WarningAction SilentlyContinue
        @($w2).Count | Should -Be 0    # said once per session
    }

    It 'a file that names another account is never returned (module and native helper)' {
        $script:Planted.Credentials.AccountId = '999999999999'
        $script:Planted | ConvertTo-Json -Depth 5 -Compress | Set-Content -Path $script:Cache -NoNewline
        if (-not $IsWindows) { & chmod 0600 $script:Cache }
        if ($script:Helper) {
            $psi = [System.Diagnostics.ProcessStartInfo]::new($script:Helper)
            foreach ($a in '--profile', 'p') { $psi.ArgumentList.Add($a) }
            $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
            $p = [System.Diagnostics.Process]::Start($psi)
            $out = $p.StandardOutput.ReadToEnd(); $null = $p.StandardError.ReadToEnd(); $p.WaitForExit()
            $p.ExitCode | Should -Be 0
            ($out | ConvertFrom-Json).AccessKeyId | Should -Not -Be 'ASIAPLANTEDPLANTED00'
            # Fresh ones replaced the planted file.
            (Get-Content -Raw $script:Cache | ConvertFrom-Json).Credentials.AccountId | Should -Be $script:Role.AccountId
            $script:Planted | ConvertTo-Json -Depth 5 -Compress | Set-Content -Path $script:Cache -NoNewline
        }
        $w = $null
        $c = Get-SsoRoleCredential -ProfileName p -WarningVariable w -WarningAction SilentlyContinue
        $c.AccessKeyId | Should -Not -Be 'ASIAPLANTEDPLANTED00'
        "$($w[0])" | Should -Match 'it holds credentials of account 999999999999, not '
    }

    It 'the user''s own good cache file is still used (no fetch)' {
        Reset-EmulatorCounters $script:Emu
        $c = Get-SsoRoleCredential -ProfileName p
        $c.AccessKeyId | Should -Be $script:Real.AccessKeyId
        (Get-EmulatorCounters $script:Emu).GetRoleCredentials | Should -Be 0
    }
}
