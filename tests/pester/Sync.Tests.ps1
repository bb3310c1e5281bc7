# Sync-SsoProfile: every account x role a profile, kept current, without touching what it did not write.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator @('--accounts', '3', '--roles-per-account', '2')
    function Get-BotocoreProfiles {
        (Invoke-Python -Code @'
import json, os
from botocore.configloader import raw_config_parse, build_profile_map
print(json.dumps(build_profile_map(raw_config_parse(os.environ["AWS_CONFIG_FILE"]))["profiles"]))
'@) | ConvertFrom-Json -AsHashtable
    }
    $script:Hand = @"
# My config. Hand-written profiles below must survive every sync.
[default]
region = us-east-1

[profile assume]
role_arn = arn:aws:iam::123456789012:role/Deploy
source_profile = default
; a comment inside

[sso-session s]
sso_start_url = https://d-123.awsapps.com/start
sso_region = us-east-1

[profile mine]
sso_session = s
sso_account_id = 111111110001
sso_role_name = ReadOnly
# my own SSO profile, not generated

"@
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Sync-SsoProfile' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        Set-EmulatorOptions $script:Emu @{ accounts = 3; rolesPerAccount = 2 }
        Set-Content -Path $env:AWS_CONFIG_FILE -Value $script:Hand -NoNewline
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
    }
    AfterEach {
        Set-EmulatorOptions $script:Emu @{ accounts = 3; rolesPerAccount = 2 }
        Remove-Sandbox $script:Sandbox
    }

    It 'writes one profile per account and role in one write, keeps the hand-written text byte for byte, and botocore reads them' {
        $out = Sync-SsoProfile -SessionName s -NameTemplate '{AccountName}.{RoleName}' -Region eu-west-1 -Output json
        $out | Should -HaveCount 6
        @($out | Where-Object Action -eq 'Added') | Should -HaveCount 6
        (Get-Content -Raw $env:AWS_CONFIG_FILE).StartsWith($script:Hand) | Should -BeTrue
        $p = Get-BotocoreProfiles
        $generated = @($p.Keys | Where-Object { $p[$_].ssotools_sync -eq 's' })
        $generated | Should -HaveCount 6
        foreach ($name in $generated) {
            $p[$name].sso_session | Should -Be 's'
            $p[$name].region | Should -Be 'eu-west-1'
            $p[$name].output | Should -Be 'json'
        }
        $p.assume.role_arn | Should -Be 'arn:aws:iam::123456789012:role/Deploy'
        $p.mine.ContainsKey('ssotools_sync') | Should -BeFalse
    }

    It 'a second sync changes nothing and writes nothing' {
        Sync-SsoProfile -SessionName s | Out-Null
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        $again = Sync-SsoProfile -SessionName s
        @($again | Where-Object Action -ne 'Unchanged') | Should -BeNullOrEmpty
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
    }

    It '-WhatIf outputs the plan and writes nothing' {
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        $plan = Sync-SsoProfile -SessionName s -WhatIf
        $plan | Should -HaveCount 6
        @($plan | Where-Object Action -eq 'Added') | Should -HaveCount 6
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
    }

    It '-Prune removes generated profiles whose assignment is gone, never hand-written ones' {
        Sync-SsoProfile -SessionName s | Out-Null
        # Now one role per account, and two accounts: Admin everywhere and the third account are gone.
        Set-EmulatorOptions $script:Emu @{ accounts = 2; rolesPerAccount = 1 }
        $without = Sync-SsoProfile -SessionName s
        @($without | Where-Object Action -eq 'Removed') | Should -BeNullOrEmpty -Because 'without -Prune nothing is removed'
        $out = Sync-SsoProfile -SessionName s -Prune
        @($out | Where-Object Action -eq 'Removed') | Should -HaveCount 4
        @($out | Where-Object Action -eq 'Unchanged') | Should -HaveCount 2
        $p = Get-BotocoreProfiles
        @($p.Keys | Where-Object { $p[$_].ssotools_sync -eq 's' }) | Should -HaveCount 2
        $p.mine.sso_role_name | Should -Be 'ReadOnly'
        (Get-Content -Raw $env:AWS_CONFIG_FILE).StartsWith($script:Hand) | Should -BeTrue
    }

    It 'filters: only matching accounts and roles, and -Prune leaves what the filters left out' {
        Sync-SsoProfile -SessionName s | Out-Null
        # Admin is now gone everywhere; the filters decide which of those profiles a prune may touch.
        Set-EmulatorOptions $script:Emu @{ rolesPerAccount = 1 }
        $out = Sync-SsoProfile -SessionName s -AccountFilter '111111110001' -RoleFilter 'Read*' -Prune
        $out | Should -HaveCount 1
        $out[0].RoleName | Should -Be 'ReadOnly'
        $out[0].Action | Should -Be 'Unchanged'
        $p = Get-BotocoreProfiles
        @($p.Keys | Where-Object { $p[$_].ssotools_sync -eq 's' }) | Should -HaveCount 6 -Because 'Admin is outside the role filter, the other accounts outside the account filter'
        $out = Sync-SsoProfile -SessionName s -AccountFilter '111111110001' -Prune
        @($out | Where-Object Action -eq 'Removed').ProfileName | Should -Be @('Admin-111111110001')
        $p = Get-BotocoreProfiles
        @($p.Keys | Where-Object { $p[$_].ssotools_sync -eq 's' }) | Should -HaveCount 5
        $p.ContainsKey('Admin-111111110002') | Should -BeTrue
    }

    It 'answering No at -Confirm writes nothing and reports nothing; the checks run before the question' {
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$(Join-Path $ModulePath 'SsoTools.psd1')'; `$ConfirmPreference = 'Low'; Sync-SsoProfile -SessionName s")
        # No host to ask: ShouldProcess then declines, as a 'No' would.
        $out = try { $ps.Invoke() } catch { @() }
        $ps.Dispose()
        $out | Should -BeNullOrEmpty
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
    }

    It 'a template that gives two roles one name is an error before anything is written (SyncNameCollision)' {
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        { Sync-SsoProfile -SessionName s -NameTemplate '{RoleName}' } | Should -Throw -ErrorId 'SyncNameCollision,SsoTools.Commands.SyncSsoProfileCommand'
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
    }

    It 'a script block names the profiles; tokens are case-insensitive' {
        $out = Sync-SsoProfile -SessionName s -NameTemplate { "$($_.AccountId)_$($_.RoleName)".ToLower() }
        $out.ProfileName | Should -Contain '111111110001_readonly'
        $out2 = Sync-SsoProfile -SessionName s -NameTemplate '{accountid}-{ROLENAME}' -WhatIf
        $out2.ProfileName | Should -Contain '111111110001-ReadOnly'
    }

    It 'a hand-written profile of the same name is left with SsoProfileExists unless -Force, and the rest is written' {
        Add-Content -Path $env:AWS_CONFIG_FILE -Value "[profile ReadOnly-111111110002]`nregion = ap-south-1`n"
        $err = $null
        $out = Sync-SsoProfile -SessionName s -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -HaveCount 5
        $err[0].FullyQualifiedErrorId | Should -Be 'SsoProfileExists,SsoTools.Commands.SyncSsoProfileCommand'
        (Get-BotocoreProfiles).'ReadOnly-111111110002'.ContainsKey('sso_session') | Should -BeFalse
        $forced = Sync-SsoProfile -SessionName s -Force
        ($forced | Where-Object ProfileName -eq 'ReadOnly-111111110002').Action | Should -Be 'Updated'
        $p = (Get-BotocoreProfiles).'ReadOnly-111111110002'
        $p.sso_session | Should -Be 's'
        $p.region | Should -Be 'ap-south-1'
        $p.ssotools_sync | Should -Be 's'
    }

    It 'a hand-written profile that already says the same is Unchanged and stays unmarked: never pruned' {
        $out = Sync-SsoProfile -SessionName s -NameTemplate { if ($_.AccountId -eq '111111110001' -and $_.RoleName -eq 'ReadOnly') { 'mine' } else { "$($_.RoleName)-$($_.AccountId)" } }
        ($out | Where-Object ProfileName -eq 'mine').Action | Should -Be 'Unchanged'
        (Get-BotocoreProfiles).mine.ContainsKey('ssotools_sync') | Should -BeFalse
        # Its role goes away (only ReadOnly... in one account, then none): -Prune removes generated profiles, never 'mine'.
        Set-EmulatorOptions $script:Emu @{ accounts = 0 }
        $pruned = Sync-SsoProfile -SessionName s -Prune
        @($pruned | Where-Object Action -eq 'Removed') | Should -HaveCount 5
        (Get-BotocoreProfiles).mine.sso_role_name | Should -Be 'ReadOnly'
    }

    It 'a listing that fails writes nothing' {
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        Set-EmulatorOptions $script:Emu @{ failNext = 1000 }
        try { { Sync-SsoProfile -SessionName s } | Should -Throw -ErrorId 'ServiceError,SsoTools.Commands.SyncSsoProfileCommand' }
        finally { Set-EmulatorOptions $script:Emu @{ failNext = 0 } }
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
    }
}
