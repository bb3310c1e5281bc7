BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Edits reach the section botocore reads, and only with consent' {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'Remove-SsoProfile asks about (and -WhatIf keeps) a section whose header botocore reads as that profile' {
        Set-Content -Path $env:AWS_CONFIG_FILE -Value "[profile p1 ]`nregion = us-west-2`n[profile other]`nregion = eu-west-1`n" -NoNewline
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
