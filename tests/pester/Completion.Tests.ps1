# Tab completion from the config and the last listings: no network call.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator @('--accounts', '3', '--roles-per-account', '2')
    $script:Sandbox = New-Sandbox $script:Emu
    New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
    Invoke-SsoLogin -SessionName s 6>$null | Out-Null
    $null = Get-SsoAccount -SessionName s | Get-SsoRole
    Set-SsoProfile -Name dev -SessionName s -AccountId 111111110001 -RoleName ReadOnly | Out-Null
    Add-Content $env:AWS_CONFIG_FILE "`n[profile static]`naws_access_key_id = AKIAIOSFODNN7EXAMPLE`n"
    function Complete([string] $Line) {
        $r = TabExpansion2 -inputScript $Line -cursorColumn $Line.Length
        @($r.CompletionMatches | ForEach-Object CompletionText)
    }
}
AfterAll {
    Stop-TestEmulator $script:Emu
    Remove-Sandbox $script:Sandbox
}

Describe 'Completion with no network call' {
    BeforeAll {
        Reset-EmulatorCounters $script:Emu
        $script:Before = Get-EmulatorCounters $script:Emu
    }
    AfterAll {
        # Nothing above asked the service anything.
        $after = Get-EmulatorCounters $script:Emu
        foreach ($op in 'ListAccounts', 'ListAccountRoles', 'GetRoleCredentials', 'CreateToken') { $after.$op | Should -Be $script:Before.$op }
    }

    It 'the last listing is kept for completion in ~/.aws/ssotools/inventory.json, 0600' {
        $file = Join-Path $env:HOME '.aws/ssotools/inventory.json'
        $file | Should -Exist
        if (-not $IsWindows) { (& stat -c '%a' $file).Trim() | Should -Be '600' }  # POSIX mode
        (Get-Content $file -Raw | ConvertFrom-Json).sessions.s.'111111110002'.roles | Should -Contain 'Admin'
    }

    It '-AccountId offers the accounts listed and those of the profiles; a name completes to its ID' {
        Complete 'Get-SsoRole -SessionName s -AccountId ' | Should -Be @('111111110001', '111111110002', '111111110003')
        Complete 'Get-SsoRoleCredential -SessionName s -AccountId 1111111100' | Should -HaveCount 3
        Complete 'Set-SsoProfile -Name x -SessionName s -AccountId account-002' | Should -Be @('111111110002')
        Complete 'Get-SsoRole -SessionName other -AccountId ' | Should -BeNullOrEmpty
    }

    It '-RoleName offers the roles listed, for the account given' {
        Complete 'Get-SsoRoleCredential -SessionName s -AccountId 111111110001 -RoleName ' | Should -Be @('Admin', 'ReadOnly')
        Complete 'Set-SsoProfile -Name x -SessionName s -AccountId 111111110001 -RoleName Re' | Should -Be @('ReadOnly')
    }

    It '-Region offers the AWS SDK''s Regions' {
        $r = Complete 'New-SsoSession -Name n -StartUrl https://x.awsapps.com/start -Region eu-west-'
        $r | Should -Contain 'eu-west-1'
        $r | Should -Contain 'eu-west-3'
        Complete 'Open-SsoConsole -ProfileName dev -Region us-gov-w' | Should -Contain 'us-gov-west-1'
    }

    It 'Set-SsoProfile -Name offers every profile, -ProfileName the SSO ones' {
        Complete 'Set-SsoProfile -Name ' | Should -Be @('dev', 'static')
        Complete 'Get-SsoRoleCredential -ProfileName ' | Should -Be @('dev')
    }

    It '-Format offers the formats, -NameTemplate the template tokens' {
        Complete 'Export-SsoCredential -ProfileName dev -Format F' | Should -Be @('Fish')
        Complete "Set-SsoProfile -SessionName s -NameTemplate '{Acc" | Should -Be @("'{AccountId}'", "'{AccountName}'")
        Complete "Sync-SsoProfile -SessionName s -NameTemplate 'org-{RoleName}.{" | Should -Contain "'org-{RoleName}.{SessionName}'"
    }
}
