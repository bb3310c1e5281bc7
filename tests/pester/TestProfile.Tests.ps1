# Test-SsoProfile: what a runbook needs to know before it relies on a profile.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator @('--accounts', '3', '--roles-per-account', '2')
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Test-SsoProfile' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        Set-EmulatorOptions $script:Emu @{ accounts = 3; rolesPerAccount = 2 }
        Set-Content -Path $env:AWS_CONFIG_FILE -NoNewline -Value @"
[sso-session s]
sso_start_url = https://d-123.awsapps.com/start
sso_region = us-east-1
[sso-session other]
sso_start_url = https://d-456.awsapps.com/start
sso_region = us-east-1
[profile ro]
sso_session = s
sso_account_id = 111111110001
sso_role_name = ReadOnly
region = eu-west-1
[profile admin3]
sso_session = s
sso_account_id = 111111110003
sso_role_name = Admin
[profile admin1]
sso_session = s
sso_account_id = 111111110001
sso_role_name = Admin
[profile orphan]
sso_session = gone
[profile notsignedin]
sso_session = other
sso_account_id = 111111110001
sso_role_name = ReadOnly
[profile badregion]
sso_session = s
sso_account_id = 111111110001
sso_role_name = ReadOnly
region = moon-1

"@
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
    }
    AfterEach {
        Set-EmulatorOptions $script:Emu @{ accounts = 3; rolesPerAccount = 2 }
        Remove-Sandbox $script:Sandbox
    }

    It 'reports each check per profile, healthy ones included' {
        $r = Test-SsoProfile
        $r.ProfileName | Should -Be @('admin1', 'admin3', 'badregion', 'notsignedin', 'orphan', 'ro')
        $ro = $r | Where-Object ProfileName -eq 'ro'
        $ro.Healthy | Should -BeTrue
        $ro.ConfigValid, $ro.SignedIn, $ro.RoleAssigned, $ro.RegionValid, $ro.NameValid | Should -Be @($true, $true, $true, $true, $true)
        ($r | Where-Object ProfileName -eq 'orphan').ConfigValid | Should -BeFalse
        ($r | Where-Object ProfileName -eq 'orphan').Problems[0] | Should -Match 'sso-session "gone" does not exist'
        ($r | Where-Object ProfileName -eq 'notsignedin').SignedIn | Should -BeFalse
        ($r | Where-Object ProfileName -eq 'notsignedin').Problems[0] | Should -Match 'Invoke-SsoLogin -SessionName other'
        ($r | Where-Object ProfileName -eq 'badregion').RegionValid | Should -BeFalse
    }

    It 'finds a lost assignment: a role taken away, and an account no longer assigned' {
        (Test-SsoProfile -ProfileName admin1, admin3).Healthy | Should -Be @($true, $true)
        Set-EmulatorOptions $script:Emu @{ accounts = 2; rolesPerAccount = 1 }
        $r = Test-SsoProfile -ProfileName admin1, admin3, ro
        ($r | Where-Object ProfileName -eq 'admin1').RoleAssigned | Should -BeFalse
        ($r | Where-Object ProfileName -eq 'admin1').Problems[0] | Should -Match "role 'Admin' is no longer assigned to you in 111111110001; you have: ReadOnly"
        ($r | Where-Object ProfileName -eq 'admin3').RoleAssigned | Should -BeFalse
        ($r | Where-Object ProfileName -eq 'admin3').Problems[0] | Should -Match 'no longer one you can reach'
        ($r | Where-Object ProfileName -eq 'ro').Healthy | Should -BeTrue
    }

    It 'profiles on a session that cannot be used are each reported, under their own names' {
        Add-Content -Path $env:AWS_CONFIG_FILE -Value "[sso-session half]`nsso_start_url = https://d-1.awsapps.com/start`n[profile h1]`nsso_session = half`n[profile h2]`nsso_session = half`n"
        $r = Test-SsoProfile -ProfileName h1, h2
        $r.ProfileName | Should -Be @('h1', 'h2')
        $r.ConfigValid | Should -Be @($false, $false)
        $r[0].Problems[0] | Should -Match 'missing sso_region'
    }

    It '-Offline asks the service nothing' {
        Reset-EmulatorCounters $script:Emu
        $r = Test-SsoProfile -ProfileName ro -Offline
        $r.RoleAssigned | Should -BeNullOrEmpty
        $r.Healthy | Should -BeTrue
        ((Get-EmulatorCounters $script:Emu).PSObject.Properties.Value | Measure-Object -Sum).Sum | Should -Be 0
    }

    It 'an unknown name is SsoProfileNotFound; Get-SsoProfile pipes into it' {
        { Test-SsoProfile -ProfileName nope -ErrorAction Stop } | Should -Throw -ErrorId 'SsoProfileNotFound,SsoTools.Commands.TestSsoProfileCommand'
        (Get-SsoProfile -Name ro | Test-SsoProfile).ProfileName | Should -Be 'ro'
    }
}
