BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'boto3 uses what SsoTools writes' {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'gets the role credentials of a profile SsoTools wrote, with no other help' {
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName dev -UseDeviceCode -NoBrowser 6>$null | Out-Null
        Set-SsoProfile -Name app -SessionName dev -AccountId 111111110001 -RoleName ReadOnly -Region eu-west-1 | Out-Null
        Reset-EmulatorCounters $script:Emu

        $out = Invoke-Python @'
import boto3
s = boto3.Session(profile_name='app')
c = s.get_credentials().get_frozen_credentials()
print(c.access_key)
print(s.region_name)
'@
        $out[0] | Should -Match '^ASIA[A-Z0-9]{16}$'
        $out[1] | Should -Be 'eu-west-1'
        (Get-EmulatorCounters $script:Emu).GetRoleCredentials | Should -Be 1
        (Get-EmulatorCounters $script:Emu).CreateToken | Should -Be 0
    }

    It 'botocore reads the config file SsoTools edited as SsoTools does' {
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Set-SsoProfile -Name app -SessionName dev -AccountId 111111110001 -RoleName ReadOnly | Out-Null
        $json = Invoke-Python @'
import json, os, botocore.session
s = botocore.session.Session()
c = s.full_config
print(json.dumps({'profiles': c['profiles'], 'sessions': c.get('sso_sessions', {})}, sort_keys=True))
'@
        $parsed = $json | ConvertFrom-Json
        $parsed.sessions.dev.sso_start_url | Should -Be 'https://d-123.awsapps.com/start'
        $parsed.sessions.dev.sso_registration_scopes | Should -Be 'sso:account:access'
        $parsed.profiles.app.sso_session | Should -Be 'dev'
        $parsed.profiles.app.sso_account_id | Should -Be '111111110001'
    }
}
