BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator @('--accounts', '3', '--roles-per-account', '2', '--page-size', '2')
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'The whole pipeline' {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'New-SsoSession | Invoke-SsoLogin | Get-SsoAccount | Get-SsoRole | Set-SsoProfile writes a profile per role' {
        $profiles = New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 |
            Invoke-SsoLogin | Get-SsoAccount | Get-SsoRole | Set-SsoProfile -NameTemplate '{AccountName}.{RoleName}'

        $profiles | Should -HaveCount 6
        $profiles[0] | Should -BeOfType 'SsoTools.Model.SsoProfile'
        $profiles.ProfileName | Should -Contain 'account-001.ReadOnly'
        $profiles.ProfileName | Should -Contain 'account-003.Admin'

        $listed = Get-SsoProfile
        $listed | Should -HaveCount 6
        ($listed | Where-Object ProfileName -eq 'account-002.Admin').AccountId | Should -Be '111111110002'
        ($listed | Where-Object ProfileName -eq 'account-002.Admin').SessionName | Should -Be 'dev'

        $text = Get-Content -Raw $env:AWS_CONFIG_FILE
        $text | Should -Match '(?m)^\[sso-session dev\]$'
        $text | Should -Match '(?m)^\[profile account-001\.ReadOnly\]$'
        $text | Should -Match '(?m)^sso_account_id = 111111110001$'
    }

    It 'writes the config file once for a whole pipeline of profiles' {
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName dev -UseDeviceCode -NoBrowser 6>$null | Out-Null
        $watcher = [System.IO.FileSystemWatcher]::new((Split-Path $env:AWS_CONFIG_FILE), 'config')
        $watcher.EnableRaisingEvents = $true
        Register-ObjectEvent $watcher Renamed -SourceIdentifier ssotools-cfg
        try {
            Get-SsoAccount -SessionName dev | Get-SsoRole | Set-SsoProfile -NameTemplate '{AccountId}-{RoleName}' | Out-Null
            Start-Sleep -Milliseconds 300
            @(Get-Event -SourceIdentifier ssotools-cfg -ErrorAction SilentlyContinue).Count | Should -Be 1
        }
        finally {
            Unregister-Event -SourceIdentifier ssotools-cfg
            Get-Event -SourceIdentifier ssotools-cfg -ErrorAction SilentlyContinue | Remove-Event
            $watcher.Dispose()
        }
        (Get-SsoProfile).Count | Should -Be 6
    }

    It 'device-code login shows the URL and code on the host, not in the output' {
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        $info = $null
        $out = Invoke-SsoLogin -SessionName dev -UseDeviceCode -NoBrowser -InformationVariable info
        $out | Should -HaveCount 1
        $out | Should -BeOfType 'SsoTools.Model.SsoToken'
        $out.SessionName | Should -Be 'dev'
        $out.ExpiresAt | Should -BeGreaterThan (Get-Date)
        ($info | Out-String) | Should -Match 'enter the code [A-Z0-9-]+'
        ($info | Out-String) | Should -Match '/device'
    }

    It 'caches the token in botocore''s file, format and mode' {
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName dev -UseDeviceCode -NoBrowser 6>$null | Out-Null
        $path = Get-TokenCachePath 'dev'
        $path | Should -Exist
        $raw = [IO.File]::ReadAllText($path)
        $raw | Should -Match '^\{"startUrl": "https://d-123\.awsapps\.com/start", "region": "us-east-1", "accessToken": "[^"]+", "expiresAt": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "clientId": '
        $raw.EndsWith('}') | Should -BeTrue
        if (-not $IsWindows) { (Get-Item $path).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite') }
    }

    It 'Get-SsoSession shows who is signed in' {
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        New-SsoSession -Name other -StartUrl https://d-456.awsapps.com/start -Region eu-west-1 | Out-Null
        Invoke-SsoLogin -SessionName dev -UseDeviceCode -NoBrowser 6>$null | Out-Null
        $sessions = Get-SsoSession
        ($sessions | Where-Object SessionName -eq 'dev').LoginState | Should -Be 'LoggedIn'
        ($sessions | Where-Object SessionName -eq 'other').LoginState | Should -Be 'NotLoggedIn'
        (Get-SsoSession -Name oth*).SessionName | Should -Be 'other'
    }

    It 'Remove-SsoProfile and Remove-SsoSession edit the file' {
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Set-SsoProfile -Name p1 -SessionName dev -AccountId 111111110001 -RoleName ReadOnly -Region eu-west-1 -Output json | Out-Null
        (Get-SsoProfile -Name p1).Region | Should -Be 'eu-west-1'
        { Remove-SsoSession -Name dev -ErrorAction Stop } | Should -Throw -ErrorId 'SsoSessionInUse,SsoTools.Commands.RemoveSsoSessionCommand'
        Get-SsoProfile -Name p1 | Remove-SsoProfile
        Get-SsoProfile | Should -BeNullOrEmpty
        Remove-SsoSession -Name dev
        Get-SsoSession | Should -BeNullOrEmpty
    }
}
