# Sessions that end when the user ends them, sign-ins that never leave the user worse off,
# exports that no value can break out of, and config values that decide nothing they must not.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    $script:Psd1 = Join-Path $ModulePath 'SsoTools.psd1'
    function Wait-Counter([string] $Name, [int] $AtLeast, [int] $TimeoutSec = 30) {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
        while ([DateTime]::UtcNow -lt $deadline) {
            $c = Get-EmulatorCounters $script:Emu
            if ($c.$Name -ge $AtLeast) { return $true }
            Start-Sleep -Milliseconds 50
        }
        return $false
    }
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Logout racing a refresh in another process' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        Set-EmulatorOptions $script:Emu @{ latencyMs = 0 }
        New-SsoSession -Name race -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName race 6>$null | Out-Null
        # Due for a refresh (less than 15 minutes left), in both processes.
        Set-CachedToken -SessionName race -ExpiresAt ([DateTime]::UtcNow.AddMinutes(12))
        Reset-EmulatorCounters $script:Emu
    }
    AfterEach {
        Set-EmulatorOptions $script:Emu @{ latencyMs = 0 }
        Remove-Sandbox $script:Sandbox
    }

    It 'a refresh already in flight when the logout starts: afterwards the session is signed out' {
        $old = (Read-CachedToken race).accessToken
        Set-EmulatorOptions $script:Emu @{ latencyMs = 2500 }
        $refresher = Start-TestPwsh "Import-Module '$script:Psd1'; try { (Get-SsoToken -SessionName race -ForceRefresh -ErrorAction Stop).AccessToken } catch { 'ERR ' + `$_.FullyQualifiedErrorId }"
        Wait-Counter CreateToken 1 | Should -BeTrue -Because 'the refresh reached the service'
        $logout = Start-TestPwsh "Import-Module '$script:Psd1'; Invoke-SsoLogout -SessionName race; 'logged out'"
        $r = Wait-TestPwsh $refresher 60
        $l = Wait-TestPwsh $logout 60
        $l.Stdout | Should -Match 'logged out'
        Set-EmulatorOptions $script:Emu @{ latencyMs = 0 }

        Get-TokenCachePath race | Should -Not -Exist
        { Get-SsoToken -SessionName race -ErrorAction Stop } | Should -Throw -ErrorId 'NotLoggedIn,SsoTools.Commands.GetSsoTokenCommand'
        # The token the refresher got is dead on the server too.
        $fresh = ($r.Stdout -split "`n" | Where-Object { $_ -match '^aoa' } | Select-Object -First 1)
        $fresh | Should -Not -BeNullOrEmpty -Because "the refresher finished first ($($r.Stdout))"
        $fresh = $fresh.Trim()
        # The logout signed out the token the refresh had just written, not the one it replaced.
        $logouts = @((Invoke-RestMethod "$($script:Emu.Url)/_emulator/logouts").logouts)
        $logouts[-1] | Should -Be $fresh
        $logouts | Should -Not -Contain $old
        Get-PortalStatus $script:Emu $fresh | Should -Be 401
    }

    It 'a refresh that starts while the logout is in flight finds no session' {
        # Long enough for a second pwsh to start and read the token while the logout is still in flight.
        Set-EmulatorOptions $script:Emu @{ latencyMs = 8000 }
        $old = (Read-CachedToken race).accessToken
        $logout = Start-TestPwsh "Import-Module '$script:Psd1'; Invoke-SsoLogout -SessionName race; 'logged out'; 'ENDED=' + [DateTime]::UtcNow.Ticks"
        Wait-Counter Logout 1 | Should -BeTrue -Because 'the logout reached the service'
        $refresher = Start-TestPwsh "Import-Module '$script:Psd1'; 'STARTED=' + [DateTime]::UtcNow.Ticks; try { `$null = Get-SsoToken -SessionName race -ForceRefresh -ErrorAction Stop; 'REFRESHED' } catch { 'ERR ' + `$_.FullyQualifiedErrorId }"
        $l = Wait-TestPwsh $logout 60
        $r = Wait-TestPwsh $refresher 60
        Set-EmulatorOptions $script:Emu @{ latencyMs = 0 }

        $l.Stdout | Should -Match 'logged out'
        # The refresher asked for the token before the logout had finished: the race really happened.
        [long] ($r.Stdout -replace '(?s).*STARTED=(\d+).*', '$1') | Should -BeLessThan ([long] ($l.Stdout -replace '(?s).*ENDED=(\d+).*', '$1'))
        $r.Stdout | Should -Match 'ERR NotLoggedIn,SsoTools.Commands.GetSsoTokenCommand'
        Get-TokenCachePath race | Should -Not -Exist
        Get-PortalStatus $script:Emu $old | Should -Be 401
        [int] (Get-EmulatorCounters $script:Emu).CreateToken | Should -Be 0 -Because 'nothing may refresh a session being signed out'
    }

    It 'role credentials fetched while a logout runs are not left in the cache for the AWS CLI' {
        Set-SsoProfile -Name rp -SessionName race -AccountId 111111110001 -RoleName ReadOnly | Out-Null
        Set-CachedToken -SessionName race -ExpiresAt ([DateTime]::UtcNow.AddHours(2))
        Set-EmulatorOptions $script:Emu @{ latencyMs = 2500 }
        $fetcher = Start-TestPwsh "Import-Module '$script:Psd1'; try { `$null = Get-SsoRoleCredential -ProfileName rp -ErrorAction Stop; 'FETCHED' } catch { 'ERR ' + `$_.FullyQualifiedErrorId }"
        Wait-Counter GetRoleCredentials 1 | Should -BeTrue
        Set-EmulatorOptions $script:Emu @{ latencyMs = 0 }
        Invoke-SsoLogout -SessionName race
        $f = Wait-TestPwsh $fetcher 60
        # Either the service already refused the revoked token, or the answer came back after the
        # logout and was not kept (xunit shows that second path deterministically).
        $f.Stdout | Should -Match 'ERR (NotLoggedIn|TokenRejected),SsoTools.Commands.GetSsoRoleCredentialCommand'
        Get-RoleCredentialCachePath 111111110001 ReadOnly race | Should -Not -Exist
    }
}

Describe 'Invoke-SsoLogin -Force keeps the old session until the new one works' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name f -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName f 6>$null | Out-Null
        $script:Old = (Read-CachedToken f).accessToken
        $script:OldSha = Get-FileSha (Get-TokenCachePath f)
    }
    AfterEach {
        Set-EmulatorOptions $script:Emu @{ user = 'approve' }
        Remove-Sandbox $script:Sandbox
    }

    It 'a refused -Force sign-in (<Mode>) leaves the old session usable' -ForEach @(
        @{ Mode = 'denied'; User = 'deny'; Timeout = 30; Id = 'LoginDenied' }
        @{ Mode = 'timed out'; User = 'never'; Timeout = 2; Id = 'LoginTimedOut' }
        @{ Mode = 'device code denied'; User = 'deny'; Timeout = 30; Id = 'LoginDenied'; Device = $true }
    ) {
        Set-EmulatorOptions $script:Emu @{ user = $User }
        { Invoke-SsoLogin -SessionName f -Force -TimeoutSec $Timeout -UseDeviceCode:([bool]$Device) -ErrorAction Stop 6>$null } | Should -Throw -ErrorId "$Id,SsoTools.Commands.InvokeSsoLoginCommand"
        Get-FileSha (Get-TokenCachePath f) | Should -Be $script:OldSha
        Get-PortalStatus $script:Emu $script:Old | Should -Be 200
        @(Get-SsoAccount -SessionName f).Count | Should -BeGreaterThan 0
    }

    It 'a successful -Force sign-in replaces the token, then revokes the old one' {
        $t = Invoke-SsoLogin -SessionName f -Force 6>$null
        $t.AccessToken | Should -Not -Be $script:Old
        Get-PortalStatus $script:Emu $t.AccessToken | Should -Be 200
        Get-PortalStatus $script:Emu $script:Old | Should -Be 401
    }

    It 'a -Force sign-in stopped with Ctrl+C leaves the old session usable' {
        Set-EmulatorOptions $script:Emu @{ user = 'never' }
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$script:Psd1'; Invoke-SsoLogin -SessionName f -Force -TimeoutSec 60")
        $async = $ps.BeginInvoke()
        Start-Sleep -Seconds 2
        $ps.Stop()
        $ps.Dispose()
        Get-FileSha (Get-TokenCachePath f) | Should -Be $script:OldSha
        Get-PortalStatus $script:Emu $script:Old | Should -Be 200
    }
}

Describe 'Export-SsoCredential and hostile values' {
    BeforeAll {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name x -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Set-SsoProfile -Name xp -SessionName x -AccountId 111111110001 -RoleName ReadOnly | Out-Null
        Invoke-SsoLogin -SessionName x 6>$null | Out-Null
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'SsoTools.Core' } | Select-Object -First 1
        $script:Formatter = $core.GetType('SsoTools.Core.Formats.CredentialFormatter')
        $script:Quotes = @([char]0x201C, [char]0x201D, [char]0x201E, [char]0x2018, [char]0x2019, [char]0x201A, [char]0x201B, "'", '"', '`', '$')
    }
    AfterAll {
        Set-EmulatorOptions $script:Emu @{ sessionTokenSuffix = '' }
        Remove-Sandbox $script:Sandbox
    }

    It 'a cache file whose token carries <_> is refused by every format (InvalidCredentialValue), and nothing runs' -ForEach @([char]0x201D, [char]0x2019, "'", '"', '`', '$') {
        $cred = Get-RoleCredentialCachePath 111111110001 ReadOnly x
        $null = New-Item -ItemType Directory -Force (Split-Path $cred)
        $payload = "IQoJb3JpZ2lu$_; Set-Variable -Scope Global pwned 1; $_"
        $json = [ordered]@{ ProviderType = 'sso'; Credentials = [ordered]@{ AccessKeyId = 'ASIAAAAAAAAAAAAAAAAA'; SecretAccessKey = 'a' * 40; SessionToken = $payload; Expiration = (Format-CacheTime ([DateTime]::UtcNow.AddHours(1))) } }
        Set-Content -Path $cred -Value ($json | ConvertTo-Json -Compress) -NoNewline
        foreach ($format in [Enum]::GetNames([SsoTools.Model.CredentialFormat])) {
            $err = $null
            $out = Export-SsoCredential -ProfileName xp -Format $format -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -Be 'InvalidCredentialValue,SsoTools.Commands.ExportSsoCredentialCommand'
            $err[0].ToString() | Should -Not -Match 'pwned'
        }
        { Get-SsoRoleCredential -ProfileName xp -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidCredentialValue,SsoTools.Commands.GetSsoRoleCredentialCommand'
        # -Force fetches good ones and replaces the file.
        (Get-SsoRoleCredential -ProfileName xp -Force).SessionToken | Should -Match '^[A-Za-z0-9/+=]+$'
        Get-Variable pwned -Scope Global -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'a service that answers with a quote in the session token is refused, and nothing is cached' {
        Remove-Item (Get-RoleCredentialCachePath 111111110001 ReadOnly x) -ErrorAction SilentlyContinue
        Set-EmulatorOptions $script:Emu @{ sessionTokenSuffix = ([string][char]0x201D + ';Set-Variable pwned 1') }
        { Export-SsoCredential -ProfileName xp -Format PowerShell -Force -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidCredentialValue,SsoTools.Commands.ExportSsoCredentialCommand'
        Get-RoleCredentialCachePath 111111110001 ReadOnly x | Should -Not -Exist
        Set-EmulatorOptions $script:Emu @{ sessionTokenSuffix = '' }
    }

    It 'the PowerShell quoting alone keeps a value carrying <_> one inert string through Invoke-Expression' -ForEach @([char]0x201C, [char]0x201D, [char]0x201E, [char]0x2018, [char]0x2019, [char]0x201A, [char]0x201B, "'", '"', '`', '$', "''") {
        $value = "a$_`$(Set-Variable -Scope Global pwned 1)$_;Set-Variable -Scope Global pwned 2;$_$_#"
        $line = '$Env:SSOTOOLS_QUOTE_TEST=' + $script:Formatter::PowerShellQuote($value)
        Invoke-Expression $line
        $env:SSOTOOLS_QUOTE_TEST | Should -BeExactly $value
        Get-Variable pwned -Scope Global -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Remove-Item Env:SSOTOOLS_QUOTE_TEST
    }

    # Windows: skipped, no POSIX bash to eval in.
    It 'every format of good credentials evaluates back to the same values (PowerShell, bash)' -Skip:$IsWindows {
        $c = Get-SsoRoleCredential -ProfileName xp -Force
        Invoke-Expression ((Export-SsoCredential -ProfileName xp -Format PowerShell) -join "`n")
        $env:AWS_SESSION_TOKEN | Should -BeExactly $c.SessionToken
        $bash = & bash -c ((Export-SsoCredential -ProfileName xp -Format Env) + "`nprintf %s `"`$AWS_SECRET_ACCESS_KEY`"")
        $bash | Should -BeExactly $c.SecretAccessKey
        Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY, Env:AWS_SESSION_TOKEN, Env:AWS_CREDENTIAL_EXPIRATION -ErrorAction SilentlyContinue
    }
}

Describe 'Values from the config file decide nothing unchecked' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        $script:Marker = Join-Path $env:HOME 'browser-opened'
        $env:BROWSER = New-BrowserScript 'marker-browser.sh' "touch '$script:Marker'"
        Reset-EmulatorCounters $script:Emu
    }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'sso_region <Region> read from the file is refused (InvalidRegion) before any request or browser' -ForEach @(
        @{ Region = 'evil.example#' }, @{ Region = 'us-east-1.evil.example/x?' }, @{ Region = 'US-EAST-1' }
    ) {
        Set-Content -Path $env:AWS_CONFIG_FILE -Value "[sso-session bad]`nsso_start_url = https://d-123.awsapps.com/start`nsso_region = $Region`n[profile badp]`nsso_session = bad`nsso_account_id = 111111110001`nsso_role_name = ReadOnly`n"
        { Invoke-SsoLogin -SessionName bad -ErrorAction Stop 6>$null } | Should -Throw -ErrorId 'InvalidRegion,SsoTools.Commands.InvokeSsoLoginCommand'
        { Invoke-SsoLogin -ProfileName badp -UseDeviceCode -ErrorAction Stop 6>$null } | Should -Throw -ErrorId 'InvalidRegion,SsoTools.Commands.InvokeSsoLoginCommand'
        { Get-SsoRoleCredential -ProfileName badp -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRegion,SsoTools.Commands.GetSsoRoleCredentialCommand'
        $w = Get-SsoSession 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }
        "$w" | Should -Match 'sso_region'
        $script:Marker | Should -Not -Exist
        @((Get-EmulatorCounters $script:Emu).psobject.Properties | Where-Object Value -gt 0) | Should -BeNullOrEmpty
    }

    It 'a start URL that is not https (<Url>) is refused (InvalidStartUrl), in a session and in a legacy profile' -ForEach @(
        @{ Url = 'http://d-123.awsapps.com/start' }, @{ Url = 'file:///etc/passwd' }, @{ Url = 'javascript:alert(1)' }
    ) {
        Set-Content -Path $env:AWS_CONFIG_FILE -Value "[sso-session bad]`nsso_start_url = $Url`nsso_region = us-east-1`n[profile legacy]`nsso_start_url = $Url`nsso_region = us-east-1`nsso_account_id = 111111110001`nsso_role_name = ReadOnly`n"
        { Invoke-SsoLogin -SessionName bad -ErrorAction Stop 6>$null } | Should -Throw -ErrorId 'InvalidStartUrl,SsoTools.Commands.InvokeSsoLoginCommand'
        { Invoke-SsoLogin -ProfileName legacy -ErrorAction Stop 6>$null } | Should -Throw -ErrorId 'InvalidStartUrl,SsoTools.Commands.InvokeSsoLoginCommand'
        $script:Marker | Should -Not -Exist
        @((Get-EmulatorCounters $script:Emu).psobject.Properties | Where-Object Value -gt 0) | Should -BeNullOrEmpty
    }
}

Describe '$BROWSER' {
    BeforeAll { $script:Sandbox = New-Sandbox $script:Emu }
    AfterAll { Remove-Sandbox $script:Sandbox }

    It 'gets the URL exactly, as its one argument (backslashes, quotes, spaces and all)' {
        $got = Join-Path $env:HOME 'browser-arg.txt'
        $env:BROWSER = New-BrowserScript 'arg-writer.sh' "printf '%s|%s' `"`$#`" `"`$1`" > '$got.tmp' && mv '$got.tmp' '$got'"
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'SsoTools.Core' } | Select-Object -First 1
        $browser = $core.GetType('SsoTools.Core.Net.SystemBrowser')::Instance
        $url = 'https://example.com/a\b\\c\"d e''f?x=%41&y=\'
        $problem = $null
        $browser.TryOpen($url, [ref] $problem) | Should -BeTrue
        Wait-ForFile $got 10 | Should -BeTrue
        Get-Content -Raw $got | Should -BeExactly "1|$url"
    }
}
