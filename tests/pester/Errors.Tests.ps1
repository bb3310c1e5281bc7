BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Bad input gets a clear ErrorRecord and leaves the config file as it was' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Add-Content -Path $env:AWS_CONFIG_FILE -Value "# a comment the user wrote`n[profile plain]`nregion = us-west-2"
        $script:Before = Get-FileSha $env:AWS_CONFIG_FILE
    }
    AfterEach {
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $script:Before
        Remove-Sandbox $script:Sandbox
    }

    It 'rejects a start URL that is not https (<url>)' -TestCases @(
        @{ url = 'http://d-123.awsapps.com/start' }
        @{ url = 'd-123.awsapps.com/start' }
        @{ url = "https://x.awsapps.com/start`nsso_region = evil" }
    ) {
        { New-SsoSession -Name s2 -StartUrl $url -Region us-east-1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidStartUrl,SsoTools.Commands.NewSsoSessionCommand'
    }

    It 'rejects a malformed region (<region>)' -TestCases @(
        @{ region = 'US-EAST-1' }, @{ region = 'useast1' }, @{ region = "us-east-1`n[x]" }
    ) {
        { New-SsoSession -Name s2 -StartUrl https://d-1.awsapps.com/start -Region $region -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidRegion,SsoTools.Commands.NewSsoSessionCommand'
    }

    It 'rejects a session name with <what>' -TestCases @(
        @{ what = 'whitespace'; name = 'my session' }
        @{ what = 'brackets'; name = 'a]b' }
        @{ what = 'a newline'; name = "a`nb" }
        @{ what = 'a backslash (botocore''s shlex would drop it)'; name = 'a\b' }
    ) {
        { New-SsoSession -Name $name -StartUrl https://d-1.awsapps.com/start -Region us-east-1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSessionName,SsoTools.Commands.NewSsoSessionCommand'
    }

    It 'rejects a profile name with <what>' -TestCases @(
        @{ what = 'whitespace'; name = 'my profile' }
        @{ what = 'brackets'; name = '[x' }
        @{ what = 'a newline'; name = "p`r`nq" }
    ) {
        { Set-SsoProfile -Name $name -SessionName dev -AccountId 111111110001 -RoleName ReadOnly -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidProfileName,SsoTools.Commands.SetSsoProfileCommand'
    }

    It 'refuses to overwrite an existing session without -Force' {
        { New-SsoSession -Name dev -StartUrl https://d-9.awsapps.com/start -Region us-east-1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'SsoSessionExists,SsoTools.Commands.NewSsoSessionCommand'
    }

    It 'names an unknown session, and says how to create it' {
        $err = $null
        Invoke-SsoLogin -SessionName nope -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SsoSessionNotFound,SsoTools.Commands.InvokeSsoLoginCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -Match 'New-SsoSession'
        { Set-SsoProfile -Name p -SessionName nope -ErrorAction Stop } |
            Should -Throw -ErrorId 'SsoSessionNotFound,SsoTools.Commands.SetSsoProfileCommand'
        { Get-SsoAccount -SessionName nope -ErrorAction Stop } |
            Should -Throw -ErrorId 'SsoSessionNotFound,SsoTools.Commands.GetSsoAccountCommand'
    }

    It 'tells a user who has not signed in to run Invoke-SsoLogin' {
        $err = $null
        Get-SsoAccount -SessionName dev -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'NotLoggedIn,SsoTools.Commands.GetSsoAccountCommand'
        $err[0].Exception.Message | Should -Match 'Invoke-SsoLogin -SessionName dev'
    }

    It 'reports a malformed cache file instead of crashing' {
        $path = Get-TokenCachePath 'dev'
        $null = New-Item -ItemType Directory -Force (Split-Path $path)
        Set-Content -Path $path -Value '{not json'
        { Get-SsoAccount -SessionName dev -ErrorAction Stop } |
            Should -Throw -ErrorId 'CacheFileMalformed,SsoTools.Commands.GetSsoAccountCommand'
        Get-Content -Raw $path | Should -Be "{not json$([Environment]::NewLine)"
    }

    It 'rejects a bad -NameTemplate' {
        { Set-SsoProfile -NameTemplate '{Nope}' -SessionName dev -AccountId 111111110001 -RoleName ReadOnly -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidNameTemplate,SsoTools.Commands.SetSsoProfileCommand'
    }
}

Describe 'A malformed config file' {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'stops <command> with ConfigFileMalformed and is not changed' -TestCases @(
        @{ command = 'NewSsoSession'; run = { New-SsoSession -Name x -StartUrl https://d-1.awsapps.com/start -Region us-east-1 -ErrorAction Stop } }
        @{ command = 'SetSsoProfile'; run = { Set-SsoProfile -Name p -SessionName x -ErrorAction Stop } }
        @{ command = 'GetSsoProfile'; run = { Get-SsoProfile -ErrorAction Stop } }
        @{ command = 'InvokeSsoLogin'; run = { Invoke-SsoLogin -SessionName x -ErrorAction Stop } }
    ) {
        Set-Content -Path $env:AWS_CONFIG_FILE -Value "key_before_any_section = 1`n[profile a]`nregion = us-east-1`n"
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        $run | Should -Throw -ErrorId "ConfigFileMalformed,SsoTools.Commands.${command}Command"
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
    }

    It 'says which file and line is wrong' {
        Set-Content -Path $env:AWS_CONFIG_FILE -Value "[profile a]`nregion = us-east-1`nthis line is neither`n"
        $err = $null
        try { Get-SsoProfile -ErrorAction Stop } catch { $err = $_ }
        $err.Exception.Message | Should -Match ([regex]::Escape($env:AWS_CONFIG_FILE))
        $err.Exception.Message | Should -Match 'line 3'
    }
}

Describe '-WhatIf changes nothing' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Set-SsoProfile -Name p1 -SessionName dev -AccountId 111111110001 -RoleName ReadOnly | Out-Null
        $script:Before = Get-FileSha $env:AWS_CONFIG_FILE
    }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It '<name> -WhatIf' -TestCases @(
        @{ name = 'New-SsoSession'; run = { New-SsoSession -Name s2 -StartUrl https://d-2.awsapps.com/start -Region us-east-1 -WhatIf } }
        @{ name = 'New-SsoSession -Force'; run = { New-SsoSession -Name dev -StartUrl https://d-2.awsapps.com/start -Region us-east-1 -Force -WhatIf } }
        @{ name = 'Set-SsoProfile'; run = { Set-SsoProfile -Name p2 -SessionName dev -AccountId 111111110002 -RoleName Admin -WhatIf } }
        @{ name = 'Set-SsoProfile (update)'; run = { Set-SsoProfile -Name p1 -SessionName dev -AccountId 111111110002 -RoleName Admin -WhatIf } }
        @{ name = 'Remove-SsoProfile'; run = { Remove-SsoProfile -Name p1 -WhatIf } }
        @{ name = 'Remove-SsoSession'; run = { Remove-SsoSession -Name dev -Force -WhatIf } }
    ) {
        $out = & $run 6>&1
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $script:Before
        @($out | Where-Object { $_ -is [SsoTools.Model.SsoProfile] -or $_ -is [SsoTools.Model.SsoSession] }) | Should -HaveCount 0
    }

    It 'creates no file when there was none' {
        Remove-Item $env:AWS_CONFIG_FILE
        New-SsoSession -Name s2 -StartUrl https://d-2.awsapps.com/start -Region us-east-1 -WhatIf
        $env:AWS_CONFIG_FILE | Should -Not -Exist
    }
}
