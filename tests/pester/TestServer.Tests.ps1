# Start-SsoTestServer: an offline IAM Identity Center inside the session, for runbook tests.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # A sandbox HOME, but none of the suite's emulator: the test server is the only service here.
    $script:Sandbox = Join-Path ([IO.Path]::GetTempPath()) ('ssotools-testserver-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Force (Join-Path $script:Sandbox '.aws')
    $script:SavedHome = $env:HOME
    $env:HOME = $script:Sandbox
    $env:AWS_CONFIG_FILE = Join-Path $script:Sandbox '.aws/config'
    Remove-Item Env:BROWSER -ErrorAction SilentlyContinue
    $script:Before = @{}
    foreach ($v in 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_SIGNIN') {
        $script:Before[$v] = [Environment]::GetEnvironmentVariable($v)
        [Environment]::SetEnvironmentVariable($v, 'http://127.0.0.1:9/not-the-test-server')
    }
}
AfterAll {
    Stop-SsoTestServer
    foreach ($v in $script:Before.Keys) { [Environment]::SetEnvironmentVariable($v, $script:Before[$v]) }
    $env:HOME = $script:SavedHome
    Remove-Item -Recurse -Force $script:Sandbox -ErrorAction SilentlyContinue
}

Describe 'Start-SsoTestServer' {
    It 'starts an offline IAM Identity Center in the session and points the endpoint variables at it' {
        $script:Server = Start-SsoTestServer -Accounts 4 -RolesPerAccount 3
        $Server.Url | Should -Match '^http://127\.0\.0\.1:\d+$'
        $Server.StartUrl | Should -Match '^https://'
        foreach ($v in 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_SIGNIN') {
            [Environment]::GetEnvironmentVariable($v) | Should -Be $Server.Url
        }
        { Start-SsoTestServer } | Should -Throw -ErrorId 'TestServerRunning,SsoTools.Commands.StartSsoTestServerCommand'
    }

    It 'signs in with the browser flow and with a device code, approved without a browser, and serves accounts, roles and credentials' {
        New-SsoSession -Name t -StartUrl $Server.StartUrl -Region $Server.Region | Out-Null
        (Invoke-SsoLogin -SessionName t -TimeoutSec 30 6>$null).SessionName | Should -Be 't'
        $Server.Counters.Authorize | Should -BeGreaterThan 0
        $roles = @(Get-SsoAccount -SessionName t | Get-SsoRole)
        $roles | Should -HaveCount 12
        $c = $roles[0] | Get-SsoRoleCredential
        $c.AccessKeyId | Should -Match '^ASIA'
        $Server.Counters.GetRoleCredentials | Should -Be 1
        (Invoke-SsoLogin -SessionName t -Force -UseDeviceCode -TimeoutSec 30 6>$null).SessionName | Should -Be 't'
        $Server.Counters.'CreateToken:device_code' | Should -BeGreaterThan 0
    }

    It 'needs no ASP.NET Core: the emulator is plain .NET, inside the module' {
        $dll = @(Get-ChildItem -Recurse (Join-Path $ModulePath 'Core') -Filter 'SsoTools.Emulator.dll')
        $dll | Should -HaveCount 1
        @(Get-ChildItem -Recurse $ModulePath -Filter 'Microsoft.AspNetCore*') | Should -BeNullOrEmpty
        $loaded = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -like 'Microsoft.AspNetCore*' }
        $loaded | Should -BeNullOrEmpty
    }

    It 'Stop-SsoTestServer stops it and restores the variables' {
        $url = $Server.Url
        Stop-SsoTestServer
        foreach ($v in 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_SIGNIN') {
            [Environment]::GetEnvironmentVariable($v) | Should -Be 'http://127.0.0.1:9/not-the-test-server'
        }
        { Invoke-WebRequest "$url/_emulator/counters" -TimeoutSec 5 } | Should -Throw
        Stop-SsoTestServer   # twice: nothing to stop, no error
    }

    It '-AccountId names the accounts, for runbooks that name theirs' {
        $s = Start-SsoTestServer -AccountId 111122223333, 444455556666 -RolesPerAccount 1
        try {
            $s.Accounts | Should -Be 2
            New-SsoSession -Name named -StartUrl $s.StartUrl -Region $s.Region | Out-Null
            Invoke-SsoLogin -SessionName named -TimeoutSec 30 6>$null | Out-Null
            @(Get-SsoAccount -SessionName named).AccountId | Should -Be @('111122223333', '444455556666')
        }
        finally { Stop-SsoTestServer }
    }
}
