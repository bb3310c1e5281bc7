BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    $script:Psd1 = Join-Path $ModulePath 'SsoTools.psd1'
    $script:BotocoreOrder = 'startUrl,region,accessToken,expiresAt,clientId,clientSecret,registrationExpiresAt,refreshToken'

    function ConvertFrom-CacheTime([string] $Text) {
        [datetime]::Parse($Text, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]'AdjustToUniversal, AssumeUniversal')
    }
    function Get-KeyOrder([string] $SessionName) {
        (Read-CachedToken $SessionName).PSObject.Properties.Name -join ','
    }
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Refresh of a cached token' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName dev 6>$null | Out-Null
        $script:Path = Get-TokenCachePath 'dev'
        Reset-EmulatorCounters $script:Emu
    }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'a token 5 minutes from expiry is refreshed once by Get-SsoAccount and written back in botocore''s one-line format' {
        $before = Read-CachedToken dev
        Set-CachedToken dev -ExpiresAt (Get-Date).AddMinutes(5)
        (Read-CachedToken dev).accessToken | Should -Be $before.accessToken

        $accounts = Get-SsoAccount -SessionName dev

        $accounts | Should -HaveCount 3
        $c = Get-EmulatorCounters $script:Emu
        $c.'CreateToken:refresh_token' | Should -Be 1
        $c.CreateToken | Should -Be 1
        $after = Read-CachedToken dev
        $after.accessToken | Should -Not -Be $before.accessToken
        $after.refreshToken | Should -Not -Be $before.refreshToken -Because 'refresh tokens are single-use'
        $after.clientId | Should -Be $before.clientId
        $after.registrationExpiresAt | Should -Be $before.registrationExpiresAt
        ConvertFrom-CacheTime $after.expiresAt | Should -BeGreaterThan ([datetime]::UtcNow.AddHours(7))
        $after.expiresAt | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
        Get-KeyOrder dev | Should -Be $script:BotocoreOrder
        Test-BotocoreJson $script:Path | Should -BeTrue
        [IO.File]::ReadAllText($script:Path) | Should -Not -Match '\n'
    }

    It 'an expired token without a refresh token gives TokenExpired naming Invoke-SsoLogin -SessionName dev' {
        Set-CachedToken dev -ExpiresAt (Get-Date).AddHours(-1) -Remove refreshToken
        (Read-CachedToken dev).PSObject.Properties.Name | Should -Not -Contain 'refreshToken'
        $err = $null

        $out = Get-SsoAccount -SessionName dev -ErrorVariable err -ErrorAction SilentlyContinue

        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'TokenExpired,SsoTools.Commands.GetSsoAccountCommand'
        $err[0].Exception.Message | Should -Match 'Invoke-SsoLogin -SessionName dev\b'
        $c = Get-EmulatorCounters $script:Emu
        $c.CreateToken | Should -Be 0
        $c.ListAccounts | Should -Be 0
    }

    It '16 pwsh processes at once refresh a token in the window exactly once (single-use refresh tokens), and all list the accounts' {
        Set-CachedToken dev -ExpiresAt (Get-Date).AddMinutes(5)
        $command = "Import-Module '$script:Psd1'; try { (Get-SsoAccount -SessionName dev -ErrorAction Stop).AccountId -join ','; exit 0 } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message; exit 1 }"
        $children = @(1..16 | ForEach-Object { Start-TestPwsh $command })
        $deadline = (Get-Date).AddSeconds(240)
        try {
            $results = foreach ($child in $children) {
                Wait-TestPwsh $child ([Math]::Max(1, [int]($deadline - (Get-Date)).TotalSeconds))
            }
        }
        finally {
            foreach ($child in $children) { if (-not $child.Process.HasExited) { $child.Process.Kill($true) } }
        }

        $results | Should -HaveCount 16
        foreach ($r in $results) {
            $r.ExitCode | Should -Be 0 -Because "$($r.Stdout) $($r.Stderr)"
            $r.Stdout.Trim() | Should -Be '111111110001,111111110002,111111110003'
        }
        $c = Get-EmulatorCounters $script:Emu
        $c.'CreateToken:refresh_token' | Should -Be 1
        ConvertFrom-CacheTime (Read-CachedToken dev).expiresAt | Should -BeGreaterThan ([datetime]::UtcNow.AddHours(7))
        Test-BotocoreJson $script:Path | Should -BeTrue
    }
}

Describe 'Get-SsoToken and Get-SsoSession' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        foreach ($n in 'a', 'b', 'c') { New-SsoSession -Name $n -StartUrl "https://d-$n.awsapps.com/start" -Region us-east-1 | Out-Null }
        Invoke-SsoLogin -SessionName a 6>$null | Out-Null
        Invoke-SsoLogin -SessionName b 6>$null | Out-Null
        Reset-EmulatorCounters $script:Emu
    }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'Get-SsoToken shows each signed-in session with ExpiresAt, Refreshable and RegistrationExpiresAt' {
        $tokens = @(Get-SsoToken)

        $tokens | Should -HaveCount 2
        ($tokens.SessionName | Sort-Object) -join ',' | Should -Be 'a,b'
        foreach ($t in $tokens) {
            $t | Should -BeOfType 'SsoTools.Model.SsoToken'
            $t.ExpiresAt | Should -BeGreaterThan (Get-Date).AddHours(7.9)
            $t.ExpiresAt | Should -BeLessThan (Get-Date).AddHours(8.1)
            $t.Refreshable | Should -BeTrue
            $t.RegistrationExpiresAt | Should -BeGreaterThan (Get-Date).AddDays(89)
            $t.CachePath | Should -Be (Get-TokenCachePath $t.SessionName)
            $t.AccessToken | Should -Be (Read-CachedToken $t.SessionName).accessToken
        }
        (Get-EmulatorCounters $script:Emu).CreateToken | Should -Be 0
    }

    It 'the access token is on the object but not in the default, Format-Table or Format-List output' {
        $t = Get-SsoToken -SessionName a
        $t.AccessToken.Length | Should -BeGreaterThan 20
        # Control: the text search does find the token when a script asks for it by name.
        ($t | Format-List -Property AccessToken | Out-String -Width 4096).Contains($t.AccessToken) | Should -BeTrue
        ($t | Format-List -Property * | Out-String -Width 4096).Contains($t.AccessToken) | Should -BeFalse

        ($t | Out-String -Width 4096).Contains($t.AccessToken) | Should -BeFalse
        ($t | Format-Table | Out-String -Width 4096).Contains($t.AccessToken) | Should -BeFalse
        $list = $t | Format-List | Out-String -Width 4096
        $list.Contains($t.AccessToken) | Should -BeFalse
        $list | Should -Match 'RegistrationExpiresAt\s*:\s*\S'
        $list | Should -Match 'Refreshable\s*:\s*True'
    }

    It 'Get-SsoToken -ForceRefresh refreshes a good token with one refresh_token call' {
        $a = Read-CachedToken a
        $b = Read-CachedToken b

        $t = Get-SsoToken -SessionName a -ForceRefresh

        $c = Get-EmulatorCounters $script:Emu
        $c.'CreateToken:refresh_token' | Should -Be 1
        $c.CreateToken | Should -Be 1
        $t.AccessToken | Should -Not -Be $a.accessToken
        (Read-CachedToken a).accessToken | Should -Be $t.AccessToken
        (Read-CachedToken b).accessToken | Should -Be $b.accessToken
    }

    It 'Get-SsoSession says LoggedIn, NotLoggedIn, ExpiredRefreshable and Expired in the right cases' {
        (Get-SsoSession -Name a).LoginState | Should -Be 'LoggedIn'
        (Get-SsoSession -Name c).LoginState | Should -Be 'NotLoggedIn'

        Set-CachedToken a -ExpiresAt (Get-Date).AddMinutes(-5)
        $s = Get-SsoSession -Name a
        $s.LoginState | Should -Be 'ExpiredRefreshable'
        $s.Refreshable | Should -BeTrue

        Set-CachedToken a -Remove refreshToken
        $s = Get-SsoSession -Name a
        $s.LoginState | Should -Be 'Expired'
        $s.Refreshable | Should -BeFalse

        (Get-SsoSession -Name b).LoginState | Should -Be 'LoggedIn'
        (Get-EmulatorCounters $script:Emu).CreateToken | Should -Be 0 -Because 'Get-SsoSession reads the cache only'
    }
}

Describe 'botocore and SsoTools share the token file' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Set-SsoProfile -Name P -SessionName dev -AccountId 111111110001 -RoleName ReadOnly | Out-Null
        Invoke-SsoLogin -SessionName dev 6>$null | Out-Null
        $script:Path = Get-TokenCachePath 'dev'
        $script:Login = Read-CachedToken dev
        Reset-EmulatorCounters $script:Emu

        # boto3 refreshes through the emulator when the token is 5 minutes from expiry.
        function Invoke-BotocoreRefresh {
            Set-CachedToken dev -ExpiresAt (Get-Date).AddMinutes(5)
            Reset-EmulatorCounters $script:Emu
            Invoke-Python "import boto3; print(boto3.Session(profile_name='P').get_credentials().get_frozen_credentials().access_key)"
        }
    }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'boto3 refreshes a token SsoTools wrote, through the emulator, and rewrites the file' {
        $key = Invoke-BotocoreRefresh

        $key | Should -Match '^ASIA[A-Z0-9]{16}$'
        $c = Get-EmulatorCounters $script:Emu
        $c.'CreateToken:refresh_token' | Should -Be 1
        $c.GetRoleCredentials | Should -Be 1
        $boto = Read-CachedToken dev
        $boto.accessToken | Should -Not -Be $script:Login.accessToken
        $boto.refreshToken | Should -Not -Be $script:Login.refreshToken
        ConvertFrom-CacheTime $boto.expiresAt | Should -BeGreaterThan ([datetime]::UtcNow.AddHours(7))
        Test-BotocoreJson $script:Path | Should -BeTrue
    }

    It 'SsoTools uses the file boto3 refreshed, then refreshes it again with boto3''s refresh token' {
        $null = Invoke-BotocoreRefresh
        $boto = Read-CachedToken dev
        $boto.accessToken | Should -Not -Be $script:Login.accessToken
        Reset-EmulatorCounters $script:Emu

        Get-SsoAccount -SessionName dev | Should -HaveCount 3
        (Get-SsoToken -SessionName dev).AccessToken | Should -Be $boto.accessToken
        (Get-EmulatorCounters $script:Emu).CreateToken | Should -Be 0

        Set-CachedToken dev -ExpiresAt (Get-Date).AddMinutes(5)
        Reset-EmulatorCounters $script:Emu
        Get-SsoAccount -SessionName dev | Should -HaveCount 3
        $c = Get-EmulatorCounters $script:Emu
        $c.'CreateToken:refresh_token' | Should -Be 1
        $mine = Read-CachedToken dev
        $mine.accessToken | Should -Not -Be $boto.accessToken
        $mine.refreshToken | Should -Not -Be $boto.refreshToken
        ConvertFrom-CacheTime $mine.expiresAt | Should -BeGreaterThan ([datetime]::UtcNow.AddHours(7))
        Test-BotocoreJson $script:Path | Should -BeTrue
    }

    It 'reads a token another tool wrote as indented JSON with expiresAt <example> and extra keys' -TestCases @(
        @{ example = '…:39.123Z'; format = "yyyy-MM-dd'T'HH:mm:ss'.123Z'" }
        @{ example = '… UTC'; format = "yyyy-MM-dd'T'HH:mm:ss' UTC'" }
    ) {
        $expires = [datetime]::UtcNow.AddHours(2)
        $text = [ordered]@{
            startUrl              = $script:Login.startUrl
            region                = $script:Login.region
            accessToken           = $script:Login.accessToken
            expiresAt             = $expires.ToString($format, [cultureinfo]::InvariantCulture)
            clientId              = $script:Login.clientId
            clientSecret          = $script:Login.clientSecret
            registrationExpiresAt = (ConvertFrom-CacheTime $script:Login.registrationExpiresAt).ToString("yyyy-MM-dd'T'HH:mm:ss'.456Z'", [cultureinfo]::InvariantCulture)
            refreshToken          = $script:Login.refreshToken
            tool                  = 'another-sdk'
            extra                 = [ordered]@{ nested = 1 }
        } | ConvertTo-Json
        $text | Should -Match '\n  "accessToken": '
        [IO.File]::WriteAllText($script:Path, $text)
        $sha = Get-FileSha $script:Path

        $t = Get-SsoToken -SessionName dev

        $t.AccessToken | Should -Be $script:Login.accessToken
        $t.ExpiresAt.ToUniversalTime().ToString('s') | Should -Be $expires.ToString('s')
        $t.Refreshable | Should -BeTrue
        Get-SsoAccount -SessionName dev | Should -HaveCount 3
        $c = Get-EmulatorCounters $script:Emu
        $c.CreateToken | Should -Be 0
        $c.ListAccounts | Should -BeGreaterThan 0
        Get-FileSha $script:Path | Should -Be $sha -Because 'reading must not rewrite the file'
    }
}
