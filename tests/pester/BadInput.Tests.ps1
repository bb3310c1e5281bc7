# Bad input, case by case: each gets its documented ErrorId, and no file under ~/.aws changes.
BeforeDiscovery {
    $script:Bell = [string][char]7
    $names = @('a]b', 'a[b', "a`nb", "a`rb", 'a b', "a'b", 'a"b', 'a\b', ' a', "a`tb", "a${Bell}b")
    $script:Cases = [System.Collections.Generic.List[hashtable]]::new()
    function Add-Case([string] $Name, [string] $Id, [scriptblock] $Run, [scriptblock] $Setup = {}) {
        $script:Cases.Add(@{ Name = $Name; Id = $Id; Run = $Run; Setup = $Setup })
    }
    # Each value is bound into its command's closure: no value is ever pasted into code.
    foreach ($n in $names + @('')) {
        $v = $n
        Add-Case "session name '$($n -replace '[\x00-\x1f]', '?')'" 'InvalidSessionName,SsoTools.Commands.NewSsoSessionCommand' { New-SsoSession -Name $v -StartUrl https://d-1.awsapps.com/start -Region us-east-1 -ErrorAction Stop }.GetNewClosure()
    }
    foreach ($n in $names) {
        $v = $n
        Add-Case "profile name '$($n -replace '[\x00-\x1f]', '?')'" 'InvalidProfileName,SsoTools.Commands.SetSsoProfileCommand' { Set-SsoProfile -Name $v -SessionName s -AccountId 111111110001 -RoleName ReadOnly -ErrorAction Stop }.GetNewClosure()
    }
    foreach ($u in @('http://d-1.awsapps.com/start', 'ftp://d-1.awsapps.com/start', 'not a url', 'https://', 'https://a b.com/start', 'javascript:alert(1)', 'file:///etc/passwd', "https://d-1.awsapps.com/start`n")) {
        $v = $u
        Add-Case "start URL '$($u -replace '\n', '\n')'" 'InvalidStartUrl,SsoTools.Commands.NewSsoSessionCommand' { New-SsoSession -Name n -StartUrl $v -Region us-east-1 -ErrorAction Stop }.GetNewClosure()
    }
    foreach ($r in @('us-east1', 'US-EAST-1', 'useast1', 'us-east-1 ', 'eu-west-1;rm', 'us-east-1.evil.example', '../x', "us-east-1`n")) {
        $v = $r
        Add-Case "region '$($r -replace '\n', '\n')'" 'InvalidRegion,SsoTools.Commands.NewSsoSessionCommand' { New-SsoSession -Name n -StartUrl https://d-1.awsapps.com/start -Region $v -ErrorAction Stop }.GetNewClosure()
    }
    foreach ($a in @('12', 'abcdefghijkl', '1111111111111', '11111111111 ', '-11111111111')) {
        $v = $a
        Add-Case "account ID '$a'" 'InvalidValue,SsoTools.Commands.SetSsoProfileCommand' { Set-SsoProfile -Name p2 -SessionName s -AccountId $v -RoleName ReadOnly -ErrorAction Stop }.GetNewClosure()
    }
    Add-Case 'account ID for credentials' 'InvalidValue,SsoTools.Commands.GetSsoRoleCredentialCommand' { Get-SsoRoleCredential -SessionName s -AccountId 123 -RoleName ReadOnly -ErrorAction Stop }
    Add-Case 'role name with a space' 'InvalidValue,SsoTools.Commands.SetSsoProfileCommand' { Set-SsoProfile -Name p2 -SessionName s -AccountId 111111110001 -RoleName 'Read Only' -ErrorAction Stop }
    Add-Case 'role name with a line break' 'InvalidValue,SsoTools.Commands.SetSsoProfileCommand' { Set-SsoProfile -Name p2 -SessionName s -AccountId 111111110001 -RoleName "Read`nOnly" -ErrorAction Stop }
    Add-Case 'unknown template token' 'InvalidNameTemplate,SsoTools.Commands.SetSsoProfileCommand' { [pscustomobject]@{ SessionName = 's'; AccountId = '111111110001'; RoleName = 'R' } | Set-SsoProfile -NameTemplate '{Bogus}' -ErrorAction Stop }
    Add-Case 'unclosed template token' 'InvalidNameTemplate,SsoTools.Commands.SetSsoProfileCommand' { [pscustomobject]@{ SessionName = 's'; AccountId = '111111110001'; RoleName = 'R' } | Set-SsoProfile -NameTemplate '{AccountId' -ErrorAction Stop }

    $broken = [ordered]@{
        'a key before any section' = "region = us-east-1`n"
        'a garbage line' = "[default]`nthis is not a key`n"
        'binary garbage' = [string]::new([char[]](0xff, 0xfe, 0x00, 0x01, 0x80))
        'a section twice' = "[default]`nregion = a`n[default]`nregion = b`n"
        'a key twice' = "[default]`nregion = a`nregion = b`n"
        'a header cut off' = "[default]`nregion = a`n[profile x"
        'an empty key' = "[default]`n = value`n"
        'keys Python folds to one (Σ and σ)' = "[default]`nΣ = a`nσ = b`n"
    }
    foreach ($k in $broken.Keys) {
        $body = $broken[$k]
        # 0xFF 0xFE is a UTF-16 byte order mark: an encoding problem, not a malformed line.
        $id = if ($k -eq 'binary garbage') { 'ConfigFileEncoding' } else { 'ConfigFileMalformed' }
        Add-Case "config with $k (Get-SsoProfile)" "$id,SsoTools.Commands.GetSsoProfileCommand" { Get-SsoProfile -ErrorAction Stop } { [IO.File]::WriteAllBytes($env:AWS_CONFIG_FILE, $(if ($body[0] -eq [char]0xff) { [byte[]][char[]]$body } else { [Text.Encoding]::UTF8.GetBytes($body) })) }.GetNewClosure()
    }
    Add-Case 'a broken config (Set-SsoProfile)' 'ConfigFileMalformed,SsoTools.Commands.SetSsoProfileCommand' { Set-SsoProfile -Name p2 -SessionName s -AccountId 111111110001 -RoleName ReadOnly -ErrorAction Stop } { Add-Content -Path $env:AWS_CONFIG_FILE -Value 'garbage line' }
    Add-Case 'a broken config (New-SsoSession)' 'ConfigFileMalformed,SsoTools.Commands.NewSsoSessionCommand' { New-SsoSession -Name n -StartUrl https://d-1.awsapps.com/start -Region us-east-1 -ErrorAction Stop } { Add-Content -Path $env:AWS_CONFIG_FILE -Value 'garbage line' }
    Add-Case 'a broken config (Invoke-SsoLogin)' 'ConfigFileMalformed,SsoTools.Commands.InvokeSsoLoginCommand' { Invoke-SsoLogin -SessionName s -ErrorAction Stop } { Add-Content -Path $env:AWS_CONFIG_FILE -Value 'garbage line' }
    Add-Case 'a broken config (Remove-SsoProfile)' 'ConfigFileMalformed,SsoTools.Commands.RemoveSsoProfileCommand' { Remove-SsoProfile -Name p -Confirm:$false -ErrorAction Stop } { Add-Content -Path $env:AWS_CONFIG_FILE -Value 'garbage line' }
    Add-Case 'a config that is a folder' 'FileNotRegular,SsoTools.Commands.GetSsoSessionCommand' { Get-SsoSession -ErrorAction Stop } { $env:AWS_CONFIG_FILE = Join-Path $env:HOME '.aws/config.d'; $null = New-Item -ItemType Directory $env:AWS_CONFIG_FILE }

    $expired = [DateTime]::UtcNow.AddSeconds(-1).ToString("yyyy-MM-ddTHH:mm:ssZ")
    $tokenCases = [ordered]@{
        'binary garbage' = @([byte[]](0xff, 0x00, 0x13, 0x37), 'CacheFileMalformed')
        'truncated JSON' = @('{"startUrl": "https://d-123.awsapps.com/start", "accessTo', 'CacheFileMalformed')
        'a JSON array' = @('[1, 2, 3]', 'CacheFileMalformed')
        'expiresAt of the wrong type' = @('{"startUrl": "https://d-123.awsapps.com/start", "region": "us-east-1", "accessToken": "x", "expiresAt": 5}', 'NotLoggedIn')
        'no accessToken' = @('{"startUrl": "https://d-123.awsapps.com/start", "region": "us-east-1", "expiresAt": "2099-01-01T00:00:00Z"}', 'NotLoggedIn')
        'a folder' = @($null, 'FileNotRegular')
        'expired a second ago, no refresh token' = @(('{"startUrl": "https://d-123.awsapps.com/start", "region": "us-east-1", "accessToken": "x", "expiresAt": "' + $expired + '"}'), 'TokenExpired')
        'an expired client registration' = @('{"startUrl": "https://d-123.awsapps.com/start", "region": "us-east-1", "accessToken": "x", "expiresAt": "2020-01-01T00:00:00Z", "clientId": "c", "clientSecret": "s", "registrationExpiresAt": "2020-01-02T00:00:00Z", "refreshToken": "r"}', 'TokenExpired')
    }
    foreach ($k in $tokenCases.Keys) {
        $content = $tokenCases[$k][0]
        $setup = {
            $t = Join-Path $env:HOME '.aws/sso/cache/a0f1490a20d0211c997b44bc357e1972deab8ae3.json' # sha1("s")
            $null = New-Item -ItemType Directory -Force (Split-Path $t)
            if ($null -eq $content) { $null = New-Item -ItemType Directory $t }
            elseif ($content -is [byte[]]) { [IO.File]::WriteAllBytes($t, $content) }
            else { [IO.File]::WriteAllText($t, $content) }
        }.GetNewClosure()
        Add-Case "a token file with $k" "$($tokenCases[$k][1]),SsoTools.Commands.GetSsoAccountCommand" { Get-SsoAccount -SessionName s -ErrorAction Stop } $setup
    }

    Add-Case 'an unknown session' 'SsoSessionNotFound,SsoTools.Commands.GetSsoAccountCommand' { Get-SsoAccount -SessionName nope -ErrorAction Stop }
    Add-Case 'an unknown profile' 'SsoProfileNotFound,SsoTools.Commands.GetSsoRoleCredentialCommand' { Get-SsoRoleCredential -ProfileName nope -ErrorAction Stop }
    Add-Case 'a profile whose session is missing' 'SsoSessionNotFound,SsoTools.Commands.InvokeSsoLoginCommand' { Invoke-SsoLogin -ProfileName orphan -ErrorAction Stop } { Add-Content -Path $env:AWS_CONFIG_FILE -Value "[profile orphan]`nsso_session = gone" }
    Add-Case 'a profile inconsistent with its session' 'SsoConfigInconsistent,SsoTools.Commands.InvokeSsoLoginCommand' { Invoke-SsoLogin -ProfileName odd -ErrorAction Stop } { Add-Content -Path $env:AWS_CONFIG_FILE -Value "[profile odd]`nsso_session = s`nsso_region = eu-west-1" }
    Add-Case 'a legacy profile without sso_region' 'SsoProfileIncomplete,SsoTools.Commands.InvokeSsoLoginCommand' { Invoke-SsoLogin -ProfileName legacy -ErrorAction Stop } { Add-Content -Path $env:AWS_CONFIG_FILE -Value "[profile legacy]`nsso_start_url = https://d-1.awsapps.com/start" }
    Add-Case 'a session without sso_region' 'SsoSessionIncomplete,SsoTools.Commands.InvokeSsoLoginCommand' { Invoke-SsoLogin -SessionName half -ErrorAction Stop } { Add-Content -Path $env:AWS_CONFIG_FILE -Value "[sso-session half]`nsso_start_url = https://d-1.awsapps.com/start" }
    Add-Case 'a session with a bad sso_region in the file' 'InvalidRegion,SsoTools.Commands.GetSsoAccountCommand' { Get-SsoAccount -SessionName bad -ErrorAction Stop } { Add-Content -Path $env:AWS_CONFIG_FILE -Value "[sso-session bad]`nsso_start_url = https://d-1.awsapps.com/start`nsso_region = evil.example#" }
    Add-Case 'a profile without a role, for credentials' 'ProfileHasNoRole,SsoTools.Commands.GetSsoRoleCredentialCommand' { Get-SsoRoleCredential -ProfileName bearer -ErrorAction Stop } { Add-Content -Path $env:AWS_CONFIG_FILE -Value "[profile bearer]`nsso_session = s" }
    Add-Case 'removing a session in use' 'SsoSessionInUse,SsoTools.Commands.RemoveSsoSessionCommand' { Remove-SsoSession -Name s -Confirm:$false -ErrorAction Stop }
    Add-Case 'creating a session that exists' 'SsoSessionExists,SsoTools.Commands.NewSsoSessionCommand' { New-SsoSession -Name s -StartUrl https://d-9.awsapps.com/start -Region us-east-1 -ErrorAction Stop }
    Add-Case 'removing a profile that does not exist' 'SsoProfileNotFound,SsoTools.Commands.RemoveSsoProfileCommand' { Remove-SsoProfile -Name nope -Confirm:$false -ErrorAction Stop }
    Add-Case 'removing a profile that is not an SSO profile' 'ProfileNotSso,SsoTools.Commands.RemoveSsoProfileCommand' { Remove-SsoProfile -Name static -Confirm:$false -ErrorAction Stop } { Add-Content -Path $env:AWS_CONFIG_FILE -Value "[profile static]`naws_access_key_id = AKIAIOSFODNN7EXAMPLE" }
    Add-Case 'SSO keys over static keys' 'ProfileHasOtherCredentials,SsoTools.Commands.SetSsoProfileCommand' { Set-SsoProfile -Name static -SessionName s -AccountId 111111110001 -RoleName R -ErrorAction Stop } { Add-Content -Path $env:AWS_CONFIG_FILE -Value "[profile static]`naws_access_key_id = AKIAIOSFODNN7EXAMPLE" }
    Add-Case 'a read-only config' 'FileAccessDenied,SsoTools.Commands.SetSsoProfileCommand' { Set-SsoProfile -Name p2 -SessionName s -AccountId 111111110001 -RoleName R -ErrorAction Stop } { if ($IsWindows) { (Get-Item $env:AWS_CONFIG_FILE).IsReadOnly = $true } else { chmod 0444 $env:AWS_CONFIG_FILE } }
    Add-Case 'a role that is not assigned' 'RoleNotAssigned,SsoTools.Commands.GetSsoRoleCredentialCommand' { Get-SsoRoleCredential -SessionName s -AccountId 111111110001 -RoleName NoSuchRole -ErrorAction Stop } { Invoke-SsoLogin -SessionName s 6>$null | Out-Null }
    Add-Case 'an account you cannot reach' 'AccountNotFound,SsoTools.Commands.GetSsoRoleCommand' { Get-SsoRole -SessionName s -AccountId 999999999999 -ErrorAction Stop } { Invoke-SsoLogin -SessionName s 6>$null | Out-Null }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    function Get-AwsTreeSnapshot {
        $dir = Join-Path $env:HOME '.aws'
        $files = @(Get-ChildItem -Recurse -Force $dir | Where-Object Name -notlike '*.lock' | Sort-Object FullName)
        ($files | ForEach-Object { if ($_.PSIsContainer) { "$($_.FullName)/" } else { "$($_.FullName)=$(Get-FileSha $_.FullName)" } }) -join "`n"
    }
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Bad input: a documented ErrorId, and no file changed' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        Set-Content -Path $env:AWS_CONFIG_FILE -NoNewline -Value "[sso-session s]`nsso_start_url = https://d-123.awsapps.com/start`nsso_region = us-east-1`n[profile p]`nsso_session = s`nsso_account_id = 111111110001`nsso_role_name = ReadOnly`n"
    }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'has at least 60 cases (<Count>)' -ForEach @(@{ Count = $script:Cases.Count }) {
        $Count | Should -BeGreaterOrEqual 60
    }

    It '<Name>: <Id>' -ForEach $script:Cases {
        . $Setup
        $before = Get-AwsTreeSnapshot
        $caught = $null
        try { . $Run 6>$null | Out-Null } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty -Because 'the input is refused'
        $caught.FullyQualifiedErrorId | Should -Be $Id
        "$caught" | Should -Not -Match '^\s*$' -Because 'the message says what is wrong'
        Get-AwsTreeSnapshot | Should -Be $before
    }
}

Describe 'Every cmdlet, for every broken file' {
    BeforeDiscovery {
        # One representative call per cmdlet; each must answer a broken file with its documented ErrorId.
        $script:Calls = [ordered]@{
            'New-SsoSession'        = { New-SsoSession -Name n -StartUrl https://d-1.awsapps.com/start -Region us-east-1 -ErrorAction Stop }
            'Get-SsoSession'        = { Get-SsoSession -ErrorAction Stop }
            'Remove-SsoSession'     = { Remove-SsoSession -Name s -Force -Confirm:$false -ErrorAction Stop }
            'Invoke-SsoLogin'       = { Invoke-SsoLogin -SessionName s -ErrorAction Stop }
            'Get-SsoAccount'        = { Get-SsoAccount -SessionName s -ErrorAction Stop }
            'Get-SsoRole'           = { Get-SsoRole -SessionName s -AccountId 111111110001 -ErrorAction Stop }
            'Set-SsoProfile'        = { Set-SsoProfile -Name p2 -SessionName s -AccountId 111111110001 -RoleName ReadOnly -ErrorAction Stop }
            'Get-SsoProfile'        = { Get-SsoProfile -ErrorAction Stop }
            'Remove-SsoProfile'     = { Remove-SsoProfile -Name p -Confirm:$false -ErrorAction Stop }
            'Get-SsoToken'          = { Get-SsoToken -SessionName s -ErrorAction Stop }
            'Invoke-SsoLogout'      = { Invoke-SsoLogout -SessionName s -ErrorAction Stop }
            'Get-SsoRoleCredential' = { Get-SsoRoleCredential -ProfileName p -ErrorAction Stop }
            'Export-SsoCredential'  = { Export-SsoCredential -ProfileName p -ErrorAction Stop }
            'Use-SsoProfile'        = { Use-SsoProfile -ProfileName p -Credentials -ErrorAction Stop }
        }
        $script:ConfigCases = foreach ($c in $script:Calls.Keys) {
            @{ Cmdlet = $c; Run = $script:Calls[$c]; Broken = 'binary garbage'; Id = 'ConfigFileEncoding' }
            @{ Cmdlet = $c; Run = $script:Calls[$c]; Broken = 'a folder'; Id = 'FileNotRegular' }
            @{ Cmdlet = $c; Run = $script:Calls[$c]; Broken = 'a cut-off header'; Id = 'ConfigFileMalformed' }
        }
        # The cmdlets that read the token: a broken token file.
        # (Invoke-SsoLogin signs in over an unreadable token file, as documented; a folder it refuses.)
        $script:TokenCases = foreach ($c in 'Invoke-SsoLogin', 'Get-SsoAccount', 'Get-SsoRole', 'Get-SsoToken', 'Get-SsoRoleCredential', 'Export-SsoCredential', 'Use-SsoProfile') {
            if ($c -ne 'Invoke-SsoLogin') { @{ Cmdlet = $c; Run = $script:Calls[$c]; Broken = 'truncated JSON'; Id = 'CacheFileMalformed' } }
            @{ Cmdlet = $c; Run = $script:Calls[$c]; Broken = 'a folder'; Id = 'FileNotRegular' }
        }
    }
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        Set-Content -Path $env:AWS_CONFIG_FILE -NoNewline -Value "[sso-session s]`nsso_start_url = https://d-123.awsapps.com/start`nsso_region = us-east-1`n[profile p]`nsso_session = s`nsso_account_id = 111111110001`nsso_role_name = ReadOnly`n"
    }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It '<Cmdlet> with a config that is <Broken>: <Id>' -ForEach $script:ConfigCases {
        switch ($Broken) {
            'binary garbage' { [IO.File]::WriteAllBytes($env:AWS_CONFIG_FILE, [byte[]](0xff, 0xfe, 0x00, 0x5b, 0x80)) }
            'a folder' { Remove-Item $env:AWS_CONFIG_FILE; $null = New-Item -ItemType Directory $env:AWS_CONFIG_FILE }
            'a cut-off header' { [IO.File]::WriteAllText($env:AWS_CONFIG_FILE, "[sso-session s]`nsso_start_url = https://d-123.awsapps.com/start`n[profile p") }
        }
        $before = Get-AwsTreeSnapshot
        $caught = $null
        try { & $Run 6>$null | Out-Null } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike "$Id,SsoTools.Commands.*"
        Get-AwsTreeSnapshot | Should -Be $before
    }

    It '<Cmdlet> with a token file that is <Broken>: <Id>' -ForEach $script:TokenCases {
        $t = Get-TokenCachePath s
        $null = New-Item -ItemType Directory -Force (Split-Path $t)
        if ($Broken -eq 'a folder') { $null = New-Item -ItemType Directory $t } else { [IO.File]::WriteAllText($t, '{"startUrl": "https://d-123.awsapps.com/start", "accessTo') }
        $before = Get-AwsTreeSnapshot
        $caught = $null
        try { & $Run 6>$null | Out-Null } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike "$Id,SsoTools.Commands.*"
        Get-AwsTreeSnapshot | Should -Be $before
    }
}
