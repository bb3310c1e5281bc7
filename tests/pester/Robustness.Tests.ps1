BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Edits reach the section botocore reads, and only with consent' {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'Remove-SsoProfile asks about (and -WhatIf keeps) a section whose header botocore reads as that profile' {
        Set-Content -Path $env:AWS_CONFIG_FILE -Value "[profile p1 ]`nsso_session = dev`n[profile other]`nregion = eu-west-1`n" -NoNewline
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        Remove-SsoProfile -Name p1 -WhatIf
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
        Remove-SsoProfile -Name p1 -Confirm:$false
        Get-Content -Raw $env:AWS_CONFIG_FILE | Should -Be "[profile other]`nregion = eu-west-1`n"
    }

    It 'writes through a symlinked config file instead of replacing the link' -Skip:$IsWindows {
        $real = Join-Path $env:HOME 'dotfiles-config'
        Set-Content -Path $real -Value "# mine`n" -NoNewline
        Remove-Item $env:AWS_CONFIG_FILE -ErrorAction SilentlyContinue
        $null = New-Item -ItemType SymbolicLink -Path $env:AWS_CONFIG_FILE -Target $real
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        (Get-Item $env:AWS_CONFIG_FILE).LinkType | Should -Be 'SymbolicLink'
        Get-Content -Raw $real | Should -Match '^# mine\n\[sso-session dev\]\n'
    }

    It 'a -NameTemplate that gives one name twice keeps the first and says so' {
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        $roles = @(
            [pscustomobject]@{ SessionName = 'dev'; AccountId = '111111110001'; AccountName = 'Same Name'; RoleName = 'ReadOnly' }
            [pscustomobject]@{ SessionName = 'dev'; AccountId = '111111110002'; AccountName = 'Same Name'; RoleName = 'ReadOnly' }
        )
        $err = $null
        $out = $roles | Set-SsoProfile -NameTemplate '{AccountName}.{RoleName}' -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'SsoProfileExists,SsoTools.Commands.SetSsoProfileCommand'
        (Get-SsoProfile -Name 'Same-Name.ReadOnly').AccountId | Should -Be '111111110001'
    }
}

Describe 'Tokens that must not be trusted' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName dev 6>$null | Out-Null
        Reset-EmulatorCounters $script:Emu
    }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'Invoke-SsoLogin signs in again when the token could not be refreshed (instead of "already signed in")' {
        # 12 minutes left and a refresh token the service no longer knows: a refresh fails, the old token is still usable.
        Set-CachedToken -SessionName dev -ExpiresAt ([datetime]::UtcNow.AddMinutes(12))
        $path = Get-TokenCachePath 'dev'
        $t = Get-Content -Raw $path | ConvertFrom-Json
        $t.refreshToken = 'spent'
        [IO.File]::WriteAllText($path, ($t | ConvertTo-Json -Compress))
        $token = Invoke-SsoLogin -SessionName dev 6>$null 3>$null
        (Get-EmulatorCounters $script:Emu).Authorize | Should -Be 1
        ($token.ExpiresAt.ToUniversalTime() - [datetime]::UtcNow).TotalHours | Should -BeGreaterThan 1
    }

    It 'a session moved to another start URL does not reuse the old organization''s token' {
        New-SsoSession -Name dev -StartUrl https://d-999.awsapps.com/start -Region us-east-1 -Force | Out-Null
        $err = $null
        Get-SsoAccount -SessionName dev -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'NotLoggedIn,SsoTools.Commands.GetSsoAccountCommand'
        Invoke-SsoLogin -SessionName dev 6>$null | Out-Null
        (Get-EmulatorCounters $script:Emu).Authorize | Should -Be 1
        (Read-CachedToken 'dev').startUrl | Should -Be 'https://d-999.awsapps.com/start'
    }

    It 'a token file another tool left 0644 is 0600 after SsoTools rewrites it' -Skip:$IsWindows {
        $path = Get-TokenCachePath 'dev'
        chmod 644 $path
        Get-SsoToken -SessionName dev -ForceRefresh | Out-Null
        (Get-Item $path).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
    }
}

Describe 'Objects down the pipeline' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName dev -UseDeviceCode -NoBrowser 6>$null | Out-Null
        Set-SsoProfile -Name app -SessionName dev -AccountId 111111110001 -RoleName ReadOnly | Out-Null
    }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'Get-SsoProfile | Set-SsoProfile -Region updates that profile' {
        $p = Get-SsoProfile -Name app | Set-SsoProfile -Region ap-southeast-2
        $p.ProfileName | Should -Be 'app'
        $p.AccountId | Should -Be '111111110001'
        (Get-SsoProfile -Name app).Region | Should -Be 'ap-southeast-2'
    }

    It 'Get-SsoSession | Invoke-SsoLogout signs that session out' {
        Get-SsoSession -Name dev | Invoke-SsoLogout
        (Get-SsoSession -Name dev).LoginState | Should -Be 'NotLoggedIn'
    }

    It 'Get-SsoSession with a known and an unknown name returns one and reports the other' {
        $err = $null
        $s = Get-SsoSession -Name dev, missing -ErrorVariable err -ErrorAction SilentlyContinue
        $s.SessionName | Should -Be 'dev'
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'SsoSessionNotFound,SsoTools.Commands.GetSsoSessionCommand'
    }

    It 'after logout, cached credentials of a role without a profile are not served' {
        Get-SsoRoleCredential -SessionName dev -AccountId 111111110002 -RoleName Admin | Out-Null
        Invoke-SsoLogout -SessionName dev
        $err = $null
        Get-SsoRoleCredential -SessionName dev -AccountId 111111110002 -RoleName Admin -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'NotLoggedIn,SsoTools.Commands.GetSsoRoleCredentialCommand'
    }

    It 'a profile whose sso-session is missing is reported by Get-SsoProfile, not silently hidden' {
        Add-Content -Path $env:AWS_CONFIG_FILE -Value "[profile broken]`nsso_session = nowhere`nsso_account_id = 111111110001`nsso_role_name = ReadOnly"
        $w = $null
        $list = Get-SsoProfile -WarningVariable w 3>$null
        $list.ProfileName | Should -Not -Contain 'broken'
        ($w | Out-String) | Should -Match 'nowhere'
    }
}
