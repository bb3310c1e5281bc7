# Role chaining: profiles with role_arn + source_profile that end in an SSO profile, through every
# credential cmdlet, cached where and as the AWS CLI caches them (compat.md section 9).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    function Get-AssumeRoles { [int](Get-EmulatorCounters $script:Emu).AssumeRole }
    function Get-RoleFetches { [int](Get-EmulatorCounters $script:Emu).GetRoleCredentials }
    function Get-CliAssumeRoleKey([string] $Json) {
        [Convert]::ToHexString([System.Security.Cryptography.SHA1]::HashData([Text.Encoding]::UTF8.GetBytes($Json))).ToLowerInvariant()
    }
    # The AWS CLI's own code path: botocore with awscli's assume-role cache injected (~/.aws/cli/cache).
    $script:CliCredentials = @'
import sys, botocore.session
from awscli.customizations.assumerole import inject_assume_role_provider_cache
s = botocore.session.Session(profile=sys.argv[1])
inject_assume_role_provider_cache(s)
print(s.get_credentials().get_frozen_credentials().access_key)
'@
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'A profile chained from an SSO profile' {
    BeforeAll {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Set-SsoProfile -Name base -SessionName s -AccountId 111111110001 -RoleName ReadOnly | Out-Null
        Add-Content $env:AWS_CONFIG_FILE @"
[profile deploy]
role_arn = arn:aws:iam::100000000002:role/Deploy
source_profile = base
role_session_name = ref
region = eu-west-1

[profile second]
role_arn = arn:aws:iam::100000000003:role/path/to/Audit
source_profile = deploy
"@
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
        $script:Key = Join-Path $env:HOME '.aws/cli/cache/343280d6d00028df18b95ecc75baddab3a5dafdb.json'
    }
    AfterAll { Remove-Sandbox $script:Sandbox }

    It 'Get-SsoRoleCredential assumes the role with the SSO role''s credentials and caches it under the AWS CLI''s key and JSON' {
        Reset-EmulatorCounters $script:Emu
        $c = Get-SsoRoleCredential -ProfileName deploy
        $c.AccountId | Should -Be '100000000002'
        $c.RoleName | Should -Be 'Deploy'
        $c.RoleArn | Should -Be 'arn:aws:iam::100000000002:role/Deploy'
        $c.Region | Should -Be 'eu-west-1'
        $c.ProfileName | Should -Be 'deploy'
        Get-AssumeRoles | Should -Be 1
        # compat.md's vector: {"RoleArn": "arn:aws:iam::100000000002:role/Deploy", "RoleSessionName": "ref"}
        Test-Path $script:Key | Should -BeTrue
        $raw = Get-Content $script:Key -Raw
        $raw | Should -Match '^\{"Credentials": \{"AccessKeyId": "'
        $raw | Should -Match '"Expiration": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00"'
        $raw | Should -Match '"AssumedRoleUser": \{"AssumedRoleId": "[^"]+:ref", "Arn": "arn:aws:sts::100000000002:assumed-role/Deploy/ref"\}'
        ($raw | ConvertFrom-Json).Credentials.AccessKeyId | Should -Be $c.AccessKeyId
        if (-not $IsWindows) { (& stat -c '%a' $script:Key).Trim() | Should -Be '600' }  # POSIX mode
        # Reused while 15 minutes remain: no second AssumeRole, no second GetRoleCredentials.
        $before = Get-RoleFetches
        (Get-SsoRoleCredential -ProfileName deploy).AccessKeyId | Should -Be $c.AccessKeyId
        Get-AssumeRoles | Should -Be 1
        Get-RoleFetches | Should -Be $before
    }

    It 'the AWS CLI reuses SsoTools'' result, and SsoTools reuses the AWS CLI''s, without a second AssumeRole' {
        $ours = (Get-SsoRoleCredential -ProfileName deploy).AccessKeyId
        $n = Get-AssumeRoles
        Invoke-Python $script:CliCredentials @('deploy') | Should -Be $ours
        # The real AWS CLI (v1 here) through the emulator's STS: the identity of the cached credentials.
        $identity = & aws sts get-caller-identity --profile deploy --output json 2>&1 | ConvertFrom-Json
        $identity.Account | Should -Be '100000000002'
        Get-AssumeRoles | Should -Be $n

        Remove-Item $script:Key
        $theirs = Invoke-Python $script:CliCredentials @('deploy')
        Get-AssumeRoles | Should -Be ($n + 1)
        Test-Path $script:Key | Should -BeTrue
        (Get-SsoRoleCredential -ProfileName deploy).AccessKeyId | Should -Be $theirs
        Get-AssumeRoles | Should -Be ($n + 1)
    }

    It 'boto3 gets credentials from the same profile (its own AssumeRole through the emulator)' {
        $n = Get-AssumeRoles
        $key = Invoke-Python "import boto3; print(boto3.Session(profile_name='deploy').get_credentials().get_frozen_credentials().access_key)"
        $key | Should -Match '^ASIA'
        Get-AssumeRoles | Should -Be ($n + 1)
    }

    It 'a chain of two: second assumes its role with deploy''s credentials' {
        Reset-EmulatorCounters $script:Emu
        $c = Get-SsoRoleCredential -ProfileName second
        $c.AccountId | Should -Be '100000000003'
        $c.RoleName | Should -Be 'Audit'
        $c.Region | Should -BeNullOrEmpty
        Get-AssumeRoles | Should -Be 1   # deploy came from the cache
        Invoke-Python $script:CliCredentials @('second') | Should -Be $c.AccessKeyId
    }

    It 'Export-SsoCredential, Use-SsoProfile and Invoke-SsoCommand take a chained profile' {
        $c = Get-SsoRoleCredential -ProfileName deploy
        $json = Export-SsoCredential -ProfileName deploy | ConvertFrom-Json
        $json.AccessKeyId | Should -Be $c.AccessKeyId
        $json.Version | Should -Be 1
        Use-SsoProfile -ProfileName deploy -Credentials -ScriptBlock { $env:AWS_ACCESS_KEY_ID; $env:AWS_REGION } | Should -Be @($c.AccessKeyId, 'eu-west-1')
        Use-SsoProfile -ProfileName deploy -ScriptBlock { $env:AWS_PROFILE } | Should -Be 'deploy'
        $out = Invoke-SsoCommand -ProfileName deploy { $env:AWS_ACCESS_KEY_ID }
        "$out" | Should -Be $c.AccessKeyId
        $out.AccountId | Should -Be '100000000002'
        $out.RoleName | Should -Be 'Deploy'
    }

    It '-Force assumes the role again but takes the SSO role''s credentials from the cache' {
        $old = (Get-SsoRoleCredential -ProfileName deploy).AccessKeyId
        $n = Get-AssumeRoles; $f = Get-RoleFetches
        $new = (Get-SsoRoleCredential -ProfileName deploy -Force).AccessKeyId
        $new | Should -Not -Be $old
        Get-AssumeRoles | Should -Be ($n + 1)
        Get-RoleFetches | Should -Be $f
        ((Get-Content $script:Key -Raw) | ConvertFrom-Json).Credentials.AccessKeyId | Should -Be $new
    }

    It 'signed out, the cached chained credentials are not used (NotLoggedIn)' {
        Invoke-SsoLogout -SessionName s | Out-Null
        Test-Path $script:Key | Should -BeTrue   # the AWS CLI's file: not SsoTools' to delete
        { Get-SsoRoleCredential -ProfileName deploy -ErrorAction Stop } | Should -Throw -ErrorId 'NotLoggedIn,SsoTools.Commands.GetSsoRoleCredentialCommand'
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
        Get-SsoRoleCredential -ProfileName deploy | Should -Not -BeNullOrEmpty
    }
}

Describe 'Chains SsoTools refuses, each with its own ErrorId and nothing written' {
    BeforeAll {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Set-SsoProfile -Name base -SessionName s -AccountId 111111110001 -RoleName ReadOnly | Out-Null
        Add-Content $env:AWS_CONFIG_FILE @"
[profile loop-a]
role_arn = arn:aws:iam::100000000002:role/A
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::100000000002:role/B
source_profile = loop-a

[profile self]
role_arn = arn:aws:iam::100000000002:role/Self
source_profile = self

[profile mfa]
role_arn = arn:aws:iam::100000000002:role/Mfa
source_profile = base
mfa_serial = arn:aws:iam::111111110001:mfa/me

[profile static]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

[profile from-static]
role_arn = arn:aws:iam::100000000002:role/X
source_profile = static

[profile from-missing]
role_arn = arn:aws:iam::100000000002:role/X
source_profile = nowhere

[profile instance]
role_arn = arn:aws:iam::100000000002:role/X
credential_source = Ec2InstanceMetadata

[profile bad-arn]
role_arn = arn:aws:iam::1234:role/X
source_profile = base

[profile bad-duration]
role_arn = arn:aws:iam::100000000002:role/X
source_profile = base
duration_seconds = 12 hours

[profile long]
role_arn = arn:aws:iam::100000000002:role/Long
source_profile = base
duration_seconds = 7200

[profile external]
role_arn = arn:aws:iam::100000000002:role/External
source_profile = base
external_id = the-secret-handshake
"@
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
        $script:Before = @(Get-ChildItem (Join-Path $env:HOME '.aws/cli/cache') -ErrorAction SilentlyContinue).Count
    }
    AfterAll {
        Set-EmulatorOptions $script:Emu @{ requiredExternalId = '' }
        Remove-Sandbox $script:Sandbox
    }

    It '<Profile> gives <ErrorId>' -ForEach @(
        @{ Profile = 'loop-a'; ErrorId = 'SourceProfileLoop'; Says = 'loop-a -> loop-b -> loop-a' }
        @{ Profile = 'self'; ErrorId = 'SourceProfileLoop'; Says = 'self -> self' }
        @{ Profile = 'mfa'; ErrorId = 'MfaNotSupported'; Says = 'mfa_serial' }
        @{ Profile = 'from-static'; ErrorId = 'ChainSourceUnsupported'; Says = "'static', which is not an SSO profile" }
        @{ Profile = 'from-missing'; ErrorId = 'SsoProfileNotFound'; Says = "source_profile 'nowhere'" }
        @{ Profile = 'instance'; ErrorId = 'ChainSourceUnsupported'; Says = 'credential_source' }
        @{ Profile = 'bad-arn'; ErrorId = 'InvalidValue'; Says = 'not a role ARN' }
        @{ Profile = 'bad-duration'; ErrorId = 'InvalidValue'; Says = '900 to 43200' }
        @{ Profile = 'long'; ErrorId = 'AssumeRoleFailed'; Says = '1 hour session limit' }
    ) {
        $err = $null
        Get-SsoRoleCredential -ProfileName $Profile -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be "$ErrorId,SsoTools.Commands.GetSsoRoleCredentialCommand"
        $err[0].ToString() | Should -BeLike "*$Says*"
        # The same refusal from every credential cmdlet.
        { Export-SsoCredential -ProfileName $Profile -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,SsoTools.Commands.ExportSsoCredentialCommand"
        @(Get-ChildItem (Join-Path $env:HOME '.aws/cli/cache') -ErrorAction SilentlyContinue).Count | Should -Be ($script:Before + ($Profile -eq 'long' ? 1 : 0)) # long fetched base's SSO credentials first
    }

    It 'an external_id the role requires is sent, and is part of the cache key' {
        Set-EmulatorOptions $script:Emu @{ requiredExternalId = 'the-secret-handshake' }
        $c = Get-SsoRoleCredential -ProfileName external
        $c.RoleName | Should -Be 'External'
        $key = Get-CliAssumeRoleKey '{"ExternalId": "the-secret-handshake", "RoleArn": "arn:aws:iam::100000000002:role/External"}'
        Test-Path (Join-Path $env:HOME ".aws/cli/cache/$key.json") | Should -BeTrue
        # A role that requires another ExternalId refuses it.
        Set-EmulatorOptions $script:Emu @{ requiredExternalId = 'something-else' }
        { Get-SsoRoleCredential -ProfileName external -Force -ErrorAction Stop } | Should -Throw -ErrorId 'AssumeRoleFailed,SsoTools.Commands.GetSsoRoleCredentialCommand'
    }
}
