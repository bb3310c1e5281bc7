BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator

    # SHA-256 of every file in the token and role-credential caches, by path.
    function Get-CacheSnapshot {
        $files = foreach ($d in '.aws/sso/cache', '.aws/cli/cache') {
            $dir = Join-Path $env:HOME $d
            if (Test-Path $dir) { Get-ChildItem -File -Path $dir }
        }
        ($files | Sort-Object FullName | ForEach-Object { "$($_.FullName)=$(Get-FileSha $_.FullName)" }) -join "`n"
    }
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Invoke-SsoLogout' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name a -StartUrl https://d-aaa.awsapps.com/start -Region us-east-1 | Out-Null
        New-SsoSession -Name b -StartUrl https://d-bbb.awsapps.com/start -Region us-east-1 | Out-Null
        Set-SsoProfile -Name pa1 -SessionName a -AccountId 111111110001 -RoleName ReadOnly | Out-Null
        Set-SsoProfile -Name pa2 -SessionName a -AccountId 111111110002 -RoleName Admin | Out-Null
        Set-SsoProfile -Name pb -SessionName b -AccountId 111111110001 -RoleName ReadOnly | Out-Null
        Invoke-SsoLogin -SessionName a 6>$null | Out-Null
        Invoke-SsoLogin -SessionName b 6>$null | Out-Null
        foreach ($p in 'pa1', 'pa2', 'pb') { Get-SsoRoleCredential -ProfileName $p | Out-Null }

        $script:CredA1 = Get-RoleCredentialCachePath 111111110001 ReadOnly a
        $script:CredA2 = Get-RoleCredentialCachePath 111111110002 Admin a
        $script:CredB = Get-RoleCredentialCachePath 111111110001 ReadOnly b
        foreach ($f in $script:CredA1, $script:CredA2, $script:CredB) { $f | Should -Exist }
        # Another tool's assume-role cache entry: not SSO, never ours to delete.
        $script:Foreign = Join-Path $env:HOME '.aws/cli/cache/0123456789abcdef0123456789abcdef01234567.json'
        Set-Content -Path $script:Foreign -NoNewline -Value '{"ProviderType": "assume-role", "Credentials": {"AccessKeyId": "ASIAFOREIGN", "SecretAccessKey": "x", "SessionToken": "y", "Expiration": "2099-01-01T00:00:00Z"}}'

        $script:TokenA = (Read-CachedToken a).accessToken
        $script:TokenB = (Read-CachedToken b).accessToken
        $script:Registrations = @(Get-RegistrationCacheFile).FullName | Sort-Object
        $script:Registrations | Should -HaveCount 2
        Reset-EmulatorCounters $script:Emu
    }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It '-SessionName a signs a out on the server, deletes its token and role credentials, and leaves b signed in' {
        $result = Invoke-SsoLogout -SessionName a -PassThru

        $result.TokenDeleted | Should -BeTrue
        $result.CredentialFilesDeleted | Should -Be 2
        (Get-EmulatorCounters $script:Emu).Logout | Should -Be 1
        Get-PortalStatus $script:Emu $script:TokenA | Should -Be 401 -Because "Logout was sent with a's token"
        Get-PortalStatus $script:Emu $script:TokenB | Should -Be 200

        Get-TokenCachePath a | Should -Not -Exist
        Get-TokenCachePath b | Should -Exist
        $script:CredA1 | Should -Not -Exist
        $script:CredA2 | Should -Not -Exist
        $script:CredB | Should -Exist
        $script:Foreign | Should -Exist
        @(Get-RegistrationCacheFile).FullName | Sort-Object | Should -Be $script:Registrations

        (Get-SsoSession -Name a).LoginState | Should -Be 'NotLoggedIn'
        Get-SsoAccount -SessionName b | Should -HaveCount 3
    }

    It '-All drops every token and SSO role credential but keeps registrations and other tools'' files' {
        Invoke-SsoLogout -All

        (Get-EmulatorCounters $script:Emu).Logout | Should -Be 2
        Get-PortalStatus $script:Emu $script:TokenA | Should -Be 401
        Get-PortalStatus $script:Emu $script:TokenB | Should -Be 401
        Get-TokenCachePath a | Should -Not -Exist
        Get-TokenCachePath b | Should -Not -Exist
        @(Get-ChildItem (Join-Path $env:HOME '.aws/cli/cache') -Filter *.json).FullName | Should -Be @($script:Foreign)
        @(Get-RegistrationCacheFile).FullName | Sort-Object | Should -Be $script:Registrations
        (Get-SsoSession).LoginState | Sort-Object -Unique | Should -Be 'NotLoggedIn'
    }

    It '<how> -WhatIf changes nothing' -TestCases @(
        @{ how = '-SessionName a'; run = { Invoke-SsoLogout -SessionName a -WhatIf } }
        @{ how = '-All'; run = { Invoke-SsoLogout -All -WhatIf } }
    ) {
        $before = Get-CacheSnapshot
        $before | Should -Match ([regex]::Escape((Get-TokenCachePath a)))

        & $run 6>$null | Out-Null

        Get-CacheSnapshot | Should -Be $before
        (Get-EmulatorCounters $script:Emu).Logout | Should -Be 0
        Get-PortalStatus $script:Emu $script:TokenA | Should -Be 200
        (Get-SsoSession -Name a).LoginState | Should -Be 'LoggedIn'
    }
}
