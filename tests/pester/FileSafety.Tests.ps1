# Files that are not files, files the user protected, links, stale temporary files, and modes
# checked when files are created (not only at the end). The suite runs as root, which may write
# anything: SsoTools must still refuse what it must not touch.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    $script:Psd1 = Join-Path $ModulePath 'SsoTools.psd1'
    function Get-Mode([string] $Path) { (& stat -c '%a' $Path).Trim() }
    function Get-Type([string] $Path) { (& stat -c '%F' $Path).Trim() }
}
AfterAll { Stop-TestEmulator $script:Emu }

# Windows: skipped, POSIX file kinds, modes, umask and strace (Windows ACLs: ProcessJob/FileAcl xunit tests).
Describe 'A config or cache path that is not a regular file' -Skip:$IsWindows {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'AWS_CONFIG_FILE=/dev/null is refused (FileNotRegular) by a writer and a reader, and /dev/null stays a device' {
        $env:AWS_CONFIG_FILE = '/dev/null'
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -Be 'FileNotRegular,SsoTools.Commands.NewSsoSessionCommand'
        { Get-SsoProfile -ErrorAction Stop } | Should -Throw -ErrorId 'FileNotRegular,SsoTools.Commands.GetSsoProfileCommand'
        Get-Type /dev/null | Should -Be 'character special file'
        Test-Path '/dev/null.lock' | Should -BeFalse
    }

    It 'a FIFO as the config is refused at once (no hang) and stays a FIFO' {
        $fifo = Join-Path $env:HOME 'config.fifo'
        & mkfifo $fifo
        $env:AWS_CONFIG_FILE = $fifo
        $child = Start-TestPwsh "Import-Module '$script:Psd1'; try { New-SsoSession -Name s -StartUrl https://d-1.awsapps.com/start -Region us-east-1 -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId }; try { Get-SsoSession -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId }"
        $r = Wait-TestPwsh $child 30
        $r.Stdout | Should -Match 'FileNotRegular,SsoTools.Commands.NewSsoSessionCommand'
        $r.Stdout | Should -Match 'FileNotRegular,SsoTools.Commands.GetSsoSessionCommand'
        Get-Type $fifo | Should -Be 'fifo'
    }

    It 'a folder as the config is refused with FileNotRegular' {
        $dir = Join-Path $env:HOME 'config.d'
        $null = New-Item -ItemType Directory $dir
        $env:AWS_CONFIG_FILE = $dir
        { Set-SsoProfile -Name p -SessionName s -AccountId 111111110001 -RoleName R -ErrorAction Stop } | Should -Throw -ErrorId 'FileNotRegular,SsoTools.Commands.SetSsoProfileCommand'
        { Get-SsoSession -ErrorAction Stop } | Should -Throw -ErrorId 'FileNotRegular,SsoTools.Commands.GetSsoSessionCommand'
        Test-Path $dir -PathType Container | Should -BeTrue
    }

    It 'a symlinked config is written through the link; a link to a device is refused' {
        $real = Join-Path $env:HOME 'dotfiles-config'
        Set-Content -Path $real -Value "# mine`n" -NoNewline
        Remove-Item $env:AWS_CONFIG_FILE -ErrorAction SilentlyContinue
        $null = New-Item -ItemType SymbolicLink -Path $env:AWS_CONFIG_FILE -Target $real
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        (Get-Item $env:AWS_CONFIG_FILE).LinkType | Should -Be 'SymbolicLink'
        Get-Content -Raw $real | Should -Match '(?s)^# mine\n\[sso-session s\]'

        $link = Join-Path $env:HOME 'to-null'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target '/dev/null'
        $env:AWS_CONFIG_FILE = $link
        { New-SsoSession -Name t -StartUrl https://d-1.awsapps.com/start -Region us-east-1 -ErrorAction Stop } | Should -Throw -ErrorId 'FileNotRegular,SsoTools.Commands.NewSsoSessionCommand'
        Get-Type /dev/null | Should -Be 'character special file'
    }

    It 'a token cache path that is a FIFO is refused (no hang) and left alone' {
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        $token = Get-TokenCachePath s
        $null = New-Item -ItemType Directory -Force (Split-Path $token)
        & mkfifo $token
        $child = Start-TestPwsh "Import-Module '$script:Psd1'; `$ErrorActionPreference = 'Stop'; foreach (`$c in { Get-SsoToken -SessionName s }, { Invoke-SsoLogin -SessionName s }, { Get-SsoSession s }) { try { & `$c 6>`$null 3>&1 | Out-String } catch { `$_.FullyQualifiedErrorId } }"
        $r = Wait-TestPwsh $child 60
        $r.Stdout | Should -Match 'FileNotRegular,SsoTools.Commands.GetSsoTokenCommand'
        $r.Stdout | Should -Match 'FileNotRegular,SsoTools.Commands.InvokeSsoLoginCommand'
        $r.Stdout | Should -Match 'The token cache of .s. cannot be read: .* is not a regular file'
        Get-Type $token | Should -Be 'fifo'
    }

    It 'a symlinked role-credential cache file is replaced by a file, never written through (as botocore)' {
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Set-SsoProfile -Name p -SessionName s -AccountId 111111110001 -RoleName ReadOnly | Out-Null
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
        $cred = Get-RoleCredentialCachePath 111111110001 ReadOnly s
        $null = New-Item -ItemType Directory -Force (Split-Path $cred)
        $victim = Join-Path $env:HOME 'victim.txt'
        Set-Content -Path $victim -Value 'do not touch' -NoNewline
        $null = New-Item -ItemType SymbolicLink -Path $cred -Target $victim
        Get-SsoRoleCredential -ProfileName p -Force | Out-Null
        (Get-Item $cred).LinkType | Should -BeNullOrEmpty
        Get-Mode $cred | Should -Be '600'
        Get-Content -Raw $victim | Should -Be 'do not touch'
    }
}

# Windows: skipped, POSIX file kinds, modes, umask and strace (Windows ACLs: ProcessJob/FileAcl xunit tests).
Describe 'A config the user may not write' -Skip:$IsWindows {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'a read-only config (0444) is refused with FileAccessDenied and left byte for byte, even for root' {
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        & chmod 0444 $env:AWS_CONFIG_FILE
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        { Set-SsoProfile -Name p -SessionName s -AccountId 111111110001 -RoleName R -ErrorAction Stop } | Should -Throw -ErrorId 'FileAccessDenied,SsoTools.Commands.SetSsoProfileCommand'
        { Remove-SsoSession -Name s -Force -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'FileAccessDenied,SsoTools.Commands.RemoveSsoSessionCommand'
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
        Get-Mode $env:AWS_CONFIG_FILE | Should -Be '444'
        # Reading is fine.
        (Get-SsoSession s).SessionName | Should -Be 's'
    }
}

# Windows: skipped, POSIX file kinds, modes, umask and strace (Windows ACLs: ProcessJob/FileAcl xunit tests).
Describe 'Temporary files' -Skip:$IsWindows {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'those a killed writer left behind are removed by the next write of the same file; a live writer''s stay' {
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        # A pid that is certainly gone: a process that has exited.
        $gone = Start-Process -FilePath sh -ArgumentList '-c', 'exit 0' -PassThru; $gone.WaitForExit()
        $live = Start-Process -FilePath sleep -ArgumentList '60' -PassThru
        try {
            $dir = Split-Path $env:AWS_CONFIG_FILE
            $stale = Join-Path $dir ".config.$($gone.Id).deadbeef.tmp"
            $busy = Join-Path $dir ".config.$($live.Id).cafebabe.tmp"
            $old = Join-Path $dir '.config.0123456789ab.tmp'   # 0.1's names, without a pid
            foreach ($f in $stale, $busy, $old) { Set-Content -Path $f -Value 'half a file' }
            (Get-Item -Force $old).LastWriteTimeUtc = [DateTime]::UtcNow.AddMinutes(-5)
            $token = Get-TokenCachePath s
            $null = New-Item -ItemType Directory -Force (Split-Path $token)
            $staleToken = Join-Path (Split-Path $token) (".$(Split-Path -Leaf $token).$($gone.Id).0badf00d.tmp")
            Set-Content -Path $staleToken -Value '{"accessToken": "half'

            Set-SsoProfile -Name p -SessionName s -AccountId 111111110001 -RoleName ReadOnly | Out-Null
            Invoke-SsoLogin -SessionName s 6>$null | Out-Null

            $stale | Should -Not -Exist
            $old | Should -Not -Exist
            $staleToken | Should -Not -Exist
            $busy | Should -Exist
            @(Get-ChildItem -Force $dir -Filter '.config.*.tmp').Name | Should -Be @(Split-Path -Leaf $busy)
        }
        finally { Stop-Process -Id $live.Id -ErrorAction SilentlyContinue }
    }
}

# Windows: skipped, POSIX file kinds, modes, umask and strace (Windows ACLs: ProcessJob/FileAcl xunit tests).
Describe 'Modes at creation' -Skip:$IsWindows {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'every file SsoTools creates under ~/.aws is created 0600 and every folder 0700 by the system call itself, even with umask 000' {
        # strace records the mode each open(O_CREAT) and mkdir passes to the kernel: a file created
        # with the default mode and chmod'ed afterwards shows 0666 here, whatever happens next.
        Remove-Item -Recurse -Force (Join-Path $env:HOME '.aws')
        $trace = Join-Path $env:HOME 'trace.txt'
        $cmd = "Import-Module '$script:Psd1'; New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null; Invoke-SsoLogin -SessionName s 6>`$null | Out-Null; Set-SsoProfile -Name p -SessionName s -AccountId 111111110001 -RoleName ReadOnly | Out-Null; Get-SsoRoleCredential -ProfileName p | Out-Null; Get-SsoToken -SessionName s -ForceRefresh | Out-Null; 'done'"
        $out = & strace -f --seccomp-bpf -qq -s 4096 -e trace=open,openat,creat,mkdir,mkdirat,chmod,fchmod,fchmodat -o $trace sh -c 'umask 000; exec "$@"' sh $script:PwshExe @script:PwshArgs -NoProfile -NonInteractive -Command $cmd
        $out | Should -Contain 'done'
        $aws = [regex]::Escape((Join-Path $env:HOME '.aws'))
        $calls = Get-Content $trace | Where-Object { $_ -match $aws -and $_ -notmatch '= -1 ' }
        $creates = @($calls | Where-Object { $_ -match 'O_CREAT' })
        $dirs = @($calls | Where-Object { $_ -match 'mkdir(at)?\(' })
        $chmods = @($calls | Where-Object { $_ -match 'chmod' })
        # The run created what it should: the folders, the config, tokens, registrations, credentials, temp and lock files.
        $creates.Count | Should -BeGreaterOrEqual 8
        @($dirs | Where-Object { $_ -match 'cli/cache"' }).Count | Should -Be 1
        @($creates | Where-Object { $_ -match '\.tmp"' }).Count | Should -BeGreaterOrEqual 4
        @($creates | Where-Object { $_ -match '\.lock"' }).Count | Should -BeGreaterOrEqual 2
        foreach ($c in $creates) { $c | Should -Match 'O_CREAT[^)]*, 0600\)' }
        foreach ($d in $dirs) { $d | Should -Match ', 0700\)' }
        # Nothing is widened afterwards (the config's own mode is copied to its temporary file: 0600 here).
        foreach ($m in $chmods) { $m | Should -Match ', 0[67]00\)' }
    }
}
