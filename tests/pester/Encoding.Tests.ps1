BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    $script:Session = "[sso-session s]`nsso_start_url = https://d-123.awsapps.com/start`nsso_region = us-east-1`n"
    $script:Profile = "[profile p]`nsso_session = s`nsso_account_id = 111111110001`nsso_role_name = ReadOnly`n"
    function Get-AwsListing { (Get-ChildItem -Force -Recurse (Join-Path $env:HOME '.aws') | ForEach-Object Name | Sort-Object) -join ',' }
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'A config that is not UTF-8 is refused with ConfigFileEncoding and never rewritten' {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It '<Cmdlet> on a Windows-1252 file' -ForEach @(
        @{ Cmdlet = 'GetSsoProfile'; Run = { Get-SsoProfile -ErrorAction Stop } }
        @{ Cmdlet = 'GetSsoSession'; Run = { Get-SsoSession -ErrorAction Stop } }
        @{ Cmdlet = 'SetSsoProfile'; Run = { Set-SsoProfile -Name p2 -SessionName s -AccountId 111111110001 -RoleName ReadOnly -ErrorAction Stop } }
        @{ Cmdlet = 'NewSsoSession'; Run = { New-SsoSession -Name n -StartUrl https://d-1.awsapps.com/start -Region us-east-1 -ErrorAction Stop } }
        @{ Cmdlet = 'RemoveSsoProfile'; Run = { Remove-SsoProfile -Name p -Confirm:$false -ErrorAction Stop } }
        @{ Cmdlet = 'InvokeSsoLogin'; Run = { Invoke-SsoLogin -SessionName s -ErrorAction Stop } }
    ) {
        # "# café" as 'aws configure' on Windows may save it: 0xE9, not UTF-8's C3 A9.
        $bytes = [Text.Encoding]::ASCII.GetBytes($script:Session + $script:Profile + '# caf') + [byte[]](0xE9, 0x0A)
        [IO.File]::WriteAllBytes($env:AWS_CONFIG_FILE, $bytes)
        $listing = Get-AwsListing
        $caught = $null
        try { & $Run 6>$null | Out-Null } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be "ConfigFileEncoding,SsoTools.Commands.${Cmdlet}Command"
        $caught.TargetObject | Should -Be $env:AWS_CONFIG_FILE
        $caught.Exception.Message | Should -Match ([regex]::Escape($env:AWS_CONFIG_FILE))
        $caught.Exception.Message | Should -Match 'line 8: the file is not UTF-8 text \(byte offset \d+ is 0xE9'
        $caught.Exception.Message | Should -Match 'ANSI code page'
        [IO.File]::ReadAllBytes($env:AWS_CONFIG_FILE) | Should -Be $bytes
        Get-AwsListing | Should -Be $listing
    }

    It 'a UTF-16 file, as Out-File in Windows PowerShell 5.1 writes it' {
        $bytes = [Text.Encoding]::Unicode.GetPreamble() + [Text.Encoding]::Unicode.GetBytes($script:Session)
        [IO.File]::WriteAllBytes($env:AWS_CONFIG_FILE, $bytes)
        { Set-SsoProfile -Name p2 -SessionName s -AccountId 111111110001 -RoleName ReadOnly -ErrorAction Stop } |
            Should -Throw -ErrorId 'ConfigFileEncoding,SsoTools.Commands.SetSsoProfileCommand' -ExpectedMessage '*UTF-16*'
        [IO.File]::ReadAllBytes($env:AWS_CONFIG_FILE) | Should -Be $bytes
    }
}

Describe 'A config with a UTF-8 BOM is read and edited, keeps its BOM, and is warned about once per command' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        $script:Bom = [byte[]](0xEF, 0xBB, 0xBF)
        [IO.File]::WriteAllBytes($env:AWS_CONFIG_FILE, $script:Bom + [Text.Encoding]::UTF8.GetBytes($script:Session + $script:Profile))
    }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'Set-SsoProfile with three piped profiles: one warning, all written, the BOM kept' {
        $w = $null
        1..3 | ForEach-Object { [pscustomobject]@{ ProfileName = "q$_"; SessionName = 's'; AccountId = '11111111000' + $_; RoleName = 'ReadOnly' } } |
            Set-SsoProfile -WarningAction SilentlyContinue -WarningVariable w | Out-Null
        @($w | Where-Object { "$_" -match 'byte order mark' }).Count | Should -Be 1
        "$($w[0])" | Should -BeLike "$env:AWS_CONFIG_FILE starts with a UTF-8 byte order mark; botocore and the AWS CLI cannot read*save it as UTF-8 without BOM*"
        $bytes = [IO.File]::ReadAllBytes($env:AWS_CONFIG_FILE)
        $bytes[0..2] | Should -Be $script:Bom
        $text = [Text.Encoding]::UTF8.GetString($bytes, 3, $bytes.Length - 3)
        $text.StartsWith($script:Session + $script:Profile, [StringComparison]::Ordinal) | Should -BeTrue
        (Get-SsoProfile -WarningAction SilentlyContinue).ProfileName | Sort-Object | Should -Be @('p', 'q1', 'q2', 'q3')
    }

    It 'Sync-SsoProfile, which reads the config and then edits it, still warns once' {
        Invoke-SsoLogin -SessionName s -WarningAction SilentlyContinue 6>$null | Out-Null
        $w = $null
        $out = Sync-SsoProfile -SessionName s -WarningAction SilentlyContinue -WarningVariable w
        @($out | Where-Object Action -eq 'Added').Count | Should -BeGreaterThan 0
        @($w | Where-Object { "$_" -match 'byte order mark' }).Count | Should -Be 1
        [IO.File]::ReadAllBytes($env:AWS_CONFIG_FILE)[0..2] | Should -Be $script:Bom
    }

    It 'Get-SsoProfile and Get-SsoSession warn once each and change nothing' {
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        $w = $null
        $null = Get-SsoProfile -WarningAction SilentlyContinue -WarningVariable w
        @($w | Where-Object { "$_" -match 'byte order mark' }).Count | Should -Be 1
        $null = Get-SsoSession -WarningAction SilentlyContinue -WarningVariable w
        @($w | Where-Object { "$_" -match 'byte order mark' }).Count | Should -Be 1
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
    }

    It 'a file without a BOM gets no such warning' {
        [IO.File]::WriteAllText($env:AWS_CONFIG_FILE, $script:Session + $script:Profile)
        $w = $null
        $null = Get-SsoProfile -WarningAction SilentlyContinue -WarningVariable w
        Set-SsoProfile -Name p2 -SessionName s -AccountId 111111110001 -RoleName ReadOnly -WarningAction SilentlyContinue -WarningVariable +w | Out-Null
        @($w | Where-Object { "$_" -match 'byte order mark' }).Count | Should -Be 0
    }
}

Describe 'AWS_CONFIG_FILE with variables names the file botocore opens' {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox; Remove-Item Env:SSOTOOLS_TEST_DIR -ErrorAction SilentlyContinue }

    It 'expands <Form> before ~, as raw_config_parse does' -ForEach @(
        @{ Form = '${VAR}'; Value = '${SSOTOOLS_TEST_DIR}/config.d/main' }
        @{ Form = '$VAR'; Value = '$SSOTOOLS_TEST_DIR/config.d/main' }
        @{ Form = '~ from a variable'; Value = '$SSOTOOLS_TEST_DIR/config.d/main' }
    ) {
        $env:SSOTOOLS_TEST_DIR = if ($Form -eq '~ from a variable') { '~/.aws' } else { Join-Path $env:HOME '.aws' }
        $env:AWS_CONFIG_FILE = $Value
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        $expected = Join-Path $env:HOME '.aws/config.d/main'
        Test-Path -LiteralPath $expected | Should -BeTrue
        $seen = Invoke-Python "import os, botocore.session as b; s = b.Session(); print(s.full_config['sso_sessions']['s']['sso_start_url'])"
        $seen | Should -Be 'https://d-123.awsapps.com/start'
        (Get-SsoSession -Name s).SessionName | Should -Be 's'
    }
}
