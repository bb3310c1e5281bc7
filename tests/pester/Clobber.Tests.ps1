# Never clobber what SsoTools did not write, never pass a partial result off as whole.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator @('--accounts', '5', '--roles-per-account', '2')
    $script:Psd1 = Join-Path $ModulePath 'SsoTools.psd1'
    # botocore's view of one profile (raw_config_parse + build_profile_map), as JSON.
    function Get-BotocoreProfile([string] $Name) {
        (Invoke-Python -Code @'
import json, os, sys
from botocore.configloader import raw_config_parse, build_profile_map
print(json.dumps(build_profile_map(raw_config_parse(os.environ["AWS_CONFIG_FILE"]))["profiles"].get(sys.argv[1])))
'@ -Arguments $Name) | ConvertFrom-Json -AsHashtable
    }
    # -WhatIf writes to the host, which only another process's output shows.
    function Get-WhatIfText([string] $Command) {
        $r = Wait-TestPwsh (Start-TestPwsh "Import-Module '$script:Psd1'; $Command") 60
        $r.Stdout + $r.Stderr
    }
    $script:Session = "[sso-session s]`nsso_start_url = https://d-123.awsapps.com/start`nsso_region = us-east-1`n"
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Set-SsoProfile and profiles with another credential source' {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'refuses <Kind> (ProfileHasOtherCredentials, naming <Keys>), changes nothing; -WhatIf -Force says which; -Force replaces them and keeps the rest' -ForEach @(
        @{ Kind = 'an assume-role profile'; Body = "role_arn = arn:aws:iam::123456789012:role/Deploy`nsource_profile = base`nrole_session_name = me"; Keys = 'role_arn, source_profile, role_session_name' }
        @{ Kind = 'static keys'; Body = "aws_access_key_id = AKIAIOSFODNN7EXAMPLE`naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"; Keys = 'aws_access_key_id, aws_secret_access_key' }
        @{ Kind = 'a foreign credential_process'; Body = "credential_process = /usr/local/bin/creds --json"; Keys = 'credential_process' }
        @{ Kind = 'EC2 instance credentials'; Body = "role_arn = arn:aws:iam::123456789012:role/Ops`ncredential_source = Ec2InstanceMetadata"; Keys = 'role_arn, credential_source' }
        @{ Kind = 'web identity'; Body = "role_arn = arn:aws:iam::123456789012:role/Web`nweb_identity_token_file = /var/run/token"; Keys = 'role_arn, web_identity_token_file' }
    ) {
        Set-Content -Path $env:AWS_CONFIG_FILE -NoNewline -Value ($script:Session + "[profile p]`n# keep me`n$Body`nregion = eu-west-1`noutput = json`n")
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        $err = $null
        Set-SsoProfile -Name p -SessionName s -AccountId 111111110001 -RoleName ReadOnly -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'ProfileHasOtherCredentials,SsoTools.Commands.SetSsoProfileCommand'
        "$($err[0])" | Should -Match ([regex]::Escape("($Keys)"))
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before

        $whatIf = Get-WhatIfText 'Set-SsoProfile -Name p -SessionName s -AccountId 111111110001 -RoleName ReadOnly -Force -WhatIf' 
        $whatIf | Should -Match ([regex]::Escape("replacing $Keys with the SSO keys"))
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before

        Set-SsoProfile -Name p -SessionName s -AccountId 111111110001 -RoleName ReadOnly -Force | Out-Null
        $text = Get-Content -Raw $env:AWS_CONFIG_FILE
        $text | Should -Match '# keep me'
        foreach ($k in $Keys -split ', ') { $text | Should -Not -Match "(?m)^$k\s*=" }
        $p = Get-BotocoreProfile p
        $p.sso_session | Should -Be 's'
        $p.sso_role_name | Should -Be 'ReadOnly'
        $p.region | Should -Be 'eu-west-1'
        $p.output | Should -Be 'json'
    }

    It 'one refused object in a pipeline does not stop the others from being written' {
        Set-Content -Path $env:AWS_CONFIG_FILE -NoNewline -Value ($script:Session + "[profile taken]`nrole_arn = arn:aws:iam::123456789012:role/X`nsource_profile = base`n")
        $roles = 'one', 'taken', 'three' | ForEach-Object { [pscustomobject]@{ Name = $_; SessionName = 's'; AccountId = '111111110001'; RoleName = 'ReadOnly' } }
        $err = $null
        $out = $roles | Set-SsoProfile -ErrorVariable err -ErrorAction SilentlyContinue
        $out.ProfileName | Should -Be @('one', 'three')
        $err[0].FullyQualifiedErrorId | Should -Be 'ProfileHasOtherCredentials,SsoTools.Commands.SetSsoProfileCommand'
        (Get-BotocoreProfile one).sso_session | Should -Be 's'
        (Get-BotocoreProfile three).sso_session | Should -Be 's'
        (Get-BotocoreProfile taken).role_arn | Should -Be 'arn:aws:iam::123456789012:role/X'
        Remove-SsoProfile -Name one, taken, three -Confirm:$false -ErrorAction SilentlyContinue
        (Get-BotocoreProfile taken).role_arn | Should -Be 'arn:aws:iam::123456789012:role/X' -Because 'not an SSO profile'
        Get-BotocoreProfile one | Should -BeNullOrEmpty
        Get-BotocoreProfile three | Should -BeNullOrEmpty
    }

    It 'a credential key inherited from [DEFAULT] is refused even with -Force (it cannot be removed from one profile)' {
        Set-Content -Path $env:AWS_CONFIG_FILE -NoNewline -Value ("[DEFAULT]`ncredential_process = /usr/bin/creds`n" + $script:Session)
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        { Set-SsoProfile -Name p -SessionName s -AccountId 111111110001 -RoleName ReadOnly -Force -ErrorAction Stop } | Should -Throw -ErrorId 'ProfileHasOtherCredentials,SsoTools.Commands.SetSsoProfileCommand'
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
    }

    It 'SsoTools'' own credential_process line is not "another source": the profile updates without -Force' {
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Set-SsoProfile -Name p -SessionName s -AccountId 111111110001 -RoleName ReadOnly -CredentialProcess | Out-Null
        (Set-SsoProfile -Name p -SessionName s -AccountId 111111110001 -RoleName Admin).RoleName | Should -Be 'Admin'
    }
}

Describe 'Remove-SsoProfile removes SSO profiles, and others only with -Force' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        Set-Content -Path $env:AWS_CONFIG_FILE -NoNewline -Value ($script:Session + @"
[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
[profile acct-1]
sso_session = s
sso_account_id = 111111110001
sso_role_name = ReadOnly
[profile acct-2]
sso_session = s
sso_account_id = 111111110002
sso_role_name = ReadOnly
[profile acct-static]
region = eu-west-1
role_arn = arn:aws:iam::123456789012:role/Deploy
source_profile = default
[profile other]
sso_session = s

"@)
    }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It '[default] with static keys is refused (ProfileNotSso) and kept; -Force removes it' {
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        { Remove-SsoProfile -Name default -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ProfileNotSso,SsoTools.Commands.RemoveSsoProfileCommand'
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
        Remove-SsoProfile -Name default -Force -Confirm:$false
        Get-Content -Raw $env:AWS_CONFIG_FILE | Should -Not -Match '\[default\]'
    }

    It 'a wildcard removes the SSO profiles it matches, leaves the others, and -WhatIf names each' {
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        $whatIf = Get-WhatIfText "Remove-SsoProfile -Name 'acct-*' -WhatIf"
        $whatIf | Should -Match '\[profile acct-1\]'
        $whatIf | Should -Match '\[profile acct-2\]'
        $whatIf | Should -Not -Match 'acct-static'
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
        Remove-SsoProfile -Name 'acct-*' -Confirm:$false
        $text = Get-Content -Raw $env:AWS_CONFIG_FILE
        $text | Should -Not -Match '\[profile acct-[12]\]'
        $text | Should -Match '\[profile acct-static\]'
        $text | Should -Match '\[profile other\]'
        $text | Should -Match '\[default\]'
    }

    It 'a wildcard with -Force removes every profile it matches' {
        Remove-SsoProfile -Name 'acct-*' -Force -Confirm:$false
        Get-Content -Raw $env:AWS_CONFIG_FILE | Should -Not -Match 'acct-'
    }
}

Describe 'One profile, several spellings' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        Set-Content -Path $env:AWS_CONFIG_FILE -NoNewline -Value ($script:Session + @"
[profile a]
sso_session = s
sso_account_id = 111111110001
sso_role_name = AdministratorAccess
[profile 'a']
sso_session = s
sso_account_id = 111111110001
sso_role_name = PowerUser
[profile "a"]
sso_session = s
sso_account_id = 111111110001
sso_role_name = ReadOnlyAccess
[profile b]
region = us-east-1

"@)
        (Get-BotocoreProfile a).sso_role_name | Should -Be 'ReadOnlyAccess' -Because 'botocore reads the last one'
    }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'Remove-SsoProfile removes every section botocore maps to the name (none is exposed), and -WhatIf lists them' {
        $whatIf = Get-WhatIfText 'Remove-SsoProfile -Name a -WhatIf' 
        $whatIf | Should -Match ([regex]::Escape("[profile a], [profile 'a'], [profile `"a`"]"))
        Remove-SsoProfile -Name a -Confirm:$false
        Get-BotocoreProfile a | Should -BeNullOrEmpty
        Get-Content -Raw $env:AWS_CONFIG_FILE | Should -Not -Match 'AdministratorAccess|PowerUser|ReadOnlyAccess'
        (Get-BotocoreProfile b).region | Should -Be 'us-east-1'
    }

    It 'a spelling that is not an SSO profile keeps every spelling (ProfileNotSso), and wildcards are case-sensitive' {
        Set-Content -Path $env:AWS_CONFIG_FILE -NoNewline -Value ($script:Session + "[profile m]`naws_access_key_id = AKIAIOSFODNN7EXAMPLE`n[profile 'm']`nsso_session = s`n[profile Prod-1]`nsso_session = s`n[profile prod-2]`nsso_session = s`n")
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        { Remove-SsoProfile -Name m -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ProfileNotSso,SsoTools.Commands.RemoveSsoProfileCommand'
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
        Remove-SsoProfile -Name 'Prod-*' -Confirm:$false
        Get-BotocoreProfile Prod-1 | Should -BeNullOrEmpty
        (Get-BotocoreProfile prod-2).sso_session | Should -Be 's'
    }

    It 'Set-SsoProfile refuses (SectionDefinedTwice) and changes nothing; -Force keeps the one botocore reads and updates it' {
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        { Set-SsoProfile -Name a -SessionName s -AccountId 111111110002 -RoleName ReadOnly -ErrorAction Stop } | Should -Throw -ErrorId 'SectionDefinedTwice,SsoTools.Commands.SetSsoProfileCommand'
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
        Set-SsoProfile -Name a -SessionName s -AccountId 111111110002 -RoleName ReadOnly -Force | Out-Null
        $p = Get-BotocoreProfile a
        $p.sso_account_id | Should -Be '111111110002'
        $text = Get-Content -Raw $env:AWS_CONFIG_FILE
        $text | Should -Not -Match 'AdministratorAccess|PowerUser'
        ([regex]::Matches($text, '(?m)^\[profile .a.\]$|^\[profile a\]$')).Count | Should -Be 1
    }
}

Describe 'A throttled or failing listing' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
    }
    AfterEach {
        Set-EmulatorOptions $script:Emu @{ throttlePerSecond = 0; failNext = 0 }
        Remove-Sandbox $script:Sandbox
    }

    It 'throttled at 2 requests a second, Get-SsoAccount | Get-SsoRole | Set-SsoProfile writes all 10 profiles' {
        Reset-EmulatorCounters $script:Emu
        Set-EmulatorOptions $script:Emu @{ throttlePerSecond = 2 }
        $err = $null
        $out = Get-SsoAccount -SessionName s | Get-SsoRole | Set-SsoProfile -NameTemplate '{AccountId}.{RoleName}' -ErrorVariable err
        $err | Should -BeNullOrEmpty
        $out | Should -HaveCount 10
        @(Get-SsoProfile).Count | Should -Be 10
        (Get-EmulatorCounters $script:Emu).Throttled | Should -BeGreaterThan 0 -Because 'the service really throttled'
    }

    It 'a listing that fails for good stops the pipeline (terminating ServiceError) and Set-SsoProfile writes nothing' {
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        # Accounts list fine, then every call fails: the SDK's retries run out on the roles.
        $child = Start-TestPwsh "Import-Module '$script:Psd1'; `$n = 0; try { Get-SsoAccount -SessionName s | ForEach-Object { if (`$n++ -eq 1) { Invoke-RestMethod -Method Post -Uri '$($script:Emu.Url)/_emulator/options' -Body '{""failNext"":1000}' -ContentType 'application/json' | Out-Null }; `$_ } | Get-SsoRole | Set-SsoProfile -NameTemplate '{AccountId}.{RoleName}' -ErrorAction Continue | Out-Null; 'FINISHED' } catch { 'STOPPED ' + `$_.FullyQualifiedErrorId }"
        $r = Wait-TestPwsh $child 120
        Set-EmulatorOptions $script:Emu @{ failNext = 0 }
        $r.Stdout | Should -Match 'STOPPED ServiceError,SsoTools.Commands.GetSsoRoleCommand'
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
    }
}

Describe 'A session revoked on the server' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        $script:Old = (Invoke-SsoLogin -SessionName s 6>$null).AccessToken
        # Signed out elsewhere (another machine, the portal): the server ends the session, the cache still claims it.
        Invoke-WebRequest -Method Post -Uri "$($script:Emu.Url)/logout" -Headers @{ 'x-amz-sso_bearer_token' = $script:Old } | Out-Null
    }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'a plain Invoke-SsoLogin notices and signs in again' {
        $new = Invoke-SsoLogin -SessionName s 6>$null
        $new.AccessToken | Should -Not -Be $script:Old
        Get-PortalStatus $script:Emu $new.AccessToken | Should -Be 200
    }

    It 'Get-SsoSession says its state is only what the cache claims; -Verify asks the service' {
        $s = Get-SsoSession s
        $s.LoginState | Should -Be 'LoggedIn'
        $s.Verified | Should -BeFalse
        ($s | Format-Table | Out-String) | Should -Match 'LoggedIn \(cached\)'
        $v = Get-SsoSession s -Verify
        $v.LoginState | Should -Be 'Revoked'
        $v.Verified | Should -BeTrue
    }
}

Describe 'Templates and the service''s reasons' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
    }
    AfterEach {
        Set-EmulatorOptions $script:Emu @{ knownStartUrls = '' }
        Remove-Sandbox $script:Sandbox
    }

    It 'Get-SsoRole -AccountId | Set-SsoProfile -NameTemplate {AccountName} works (the account name is filled in)' {
        $account = Get-SsoAccount -SessionName s | Select-Object -First 1
        $roles = Get-SsoRole -SessionName s -AccountId $account.AccountId
        $roles[0].AccountName | Should -Be $account.AccountName
        $out = $roles | Set-SsoProfile -NameTemplate '{AccountName}.{RoleName}'
        $out[0].ProfileName | Should -Be ("$($account.AccountName -replace '\s', '-').$($roles[0].RoleName)")
    }

    It 'template tokens are case-insensitive, and an unknown one lists the valid ones' {
        $out = Get-SsoRole -SessionName s -AccountId 111111110001 | Set-SsoProfile -NameTemplate '{accountid}-{ROLENAME}'
        $out[0].ProfileName | Should -BeLike '111111110001-*'
        $err = $null
        Get-SsoRole -SessionName s -AccountId 111111110001 | Set-SsoProfile -NameTemplate '{Acount}' -ErrorVariable err -ErrorAction SilentlyContinue
        "$($err[0])" | Should -Match 'AccountName.*AccountId.*RoleName.*SessionName'
    }

    It 'a mistyped start URL shows the service''s reason and the next step' {
        Set-EmulatorOptions $script:Emu @{ knownStartUrls = 'https://d-123.awsapps.com/start' }
        New-SsoSession -Name typo -StartUrl https://d-123.awsapps.com/strat -Region us-east-1 | Out-Null
        $err = $null
        Invoke-SsoLogin -SessionName typo -ErrorVariable err -ErrorAction SilentlyContinue 6>$null
        $err[0].FullyQualifiedErrorId | Should -Be 'ServiceError,SsoTools.Commands.InvokeSsoLoginCommand'
        "$($err[0])" | Should -Match 'not the AWS access portal URL of this instance'
        "$($err[0])" | Should -Match 'Check the sso_start_url and sso_region'
    }
}

Describe '-WhatIf runs the same checks as the real run' {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'New-SsoSession -Region us-east1 -WhatIf fails as the real run does' {
        { New-SsoSession -Name s -StartUrl https://d-1.awsapps.com/start -Region us-east1 -WhatIf -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRegion,SsoTools.Commands.NewSsoSessionCommand'
        $env:AWS_CONFIG_FILE | Should -Not -Exist
    }

    It 'Remove-SsoSession -WhatIf on a session in use fails as the real run does' {
        Set-Content -Path $env:AWS_CONFIG_FILE -NoNewline -Value ($script:Session + "[profile p]`nsso_session = s`n")
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        { Remove-SsoSession -Name s -WhatIf -ErrorAction Stop } | Should -Throw -ErrorId 'SsoSessionInUse,SsoTools.Commands.RemoveSsoSessionCommand'
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
    }

    It 'Set-SsoProfile -WhatIf with a bad account ID fails as the real run does' {
        Set-Content -Path $env:AWS_CONFIG_FILE -NoNewline -Value $script:Session
        { Set-SsoProfile -Name p -SessionName s -AccountId 12 -RoleName R -WhatIf -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidValue,SsoTools.Commands.SetSsoProfileCommand'
    }
}
