# Concurrency and service faults, as users meet them: many shells at once, a service that fails,
# throttles, answers garbage, refuses connections, or revokes the token half-way.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator @('--accounts', '4', '--roles-per-account', '2')
    $script:Psd1 = Join-Path $ModulePath 'SsoTools.psd1'
    # SHA-256 of every file under ~/.aws except lock files: "no file changed".
    # Config, tokens and credentials. Not ~/.aws/ssotools/inventory.json: the completion cache records
    # what a listing that did succeed found (Get-SsoAccount, before Get-SsoRole failed), and nothing reads it
    # but Tab; whether a failed pipeline wrote something that matters is what these tests check.
    function Get-AwsTreeSnapshot {
        $dir = Join-Path $env:HOME '.aws'
        if (-not (Test-Path $dir)) { return '' }
        (Get-ChildItem -Recurse -File -Force $dir | Where-Object { $_.Name -notlike '*.lock' -and $_.FullName -notlike '*/.aws/ssotools/*' } | Sort-Object FullName |
            ForEach-Object { "$($_.FullName)=$(Get-FileSha $_.FullName)" }) -join "`n"
    }
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Many shells at once' {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It '16 pwsh processes each adding a profile at once: all 16 present, nothing else changed' {
        $hand = "# my notes`n[default]`nregion = us-east-1`n`n[profile assume]`nrole_arn = arn:aws:iam::123456789012:role/Deploy`nsource_profile = default`n`n[sso-session s]`nsso_start_url = https://d-123.awsapps.com/start`nsso_region = us-east-1`n"
        Set-Content -Path $env:AWS_CONFIG_FILE -Value $hand -NoNewline
        $children = @(1..16 | ForEach-Object {
            Start-TestPwsh "Import-Module '$script:Psd1'; Set-SsoProfile -Name p$_ -SessionName s -AccountId 1111111100$('{0:d2}' -f $_) -RoleName ReadOnly -ErrorAction Stop | Out-Null; 'ok'"
        })
        $results = foreach ($c in $children) { Wait-TestPwsh $c 180 }
        foreach ($r in $results) { $r.Stdout | Should -Match 'ok' -Because $r.Stderr }
        $text = Get-Content -Raw $env:AWS_CONFIG_FILE
        $text.StartsWith($hand) | Should -BeTrue -Because 'what was there stays, byte for byte'
        $names = Invoke-Python -Code @'
import os, json
from botocore.configloader import raw_config_parse, build_profile_map
print(json.dumps(sorted(build_profile_map(raw_config_parse(os.environ["AWS_CONFIG_FILE"]))["profiles"])))
'@ | ConvertFrom-Json
        $names | Should -HaveCount 18
        foreach ($i in 1..16) { $names | Should -Contain "p$i" }
        @(Get-ChildItem -Force (Split-Path $env:AWS_CONFIG_FILE) -Filter '*.tmp') | Should -BeNullOrEmpty
    }
}

Describe 'Service faults' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
        Reset-EmulatorCounters $script:Emu
        $script:Before = Get-AwsTreeSnapshot
    }
    AfterEach {
        Set-EmulatorOptions $script:Emu @{ failNext = 0; malformedNext = 0; throttlePerSecond = 0; latencyMs = 0 }
        $env:AWS_ENDPOINT_URL_SSO = $script:Emu.Url
        Remove-Sandbox $script:Sandbox
    }

    It 'a burst of 5xx answers is retried with backoff and the listing succeeds' {
        Set-EmulatorOptions $script:Emu @{ failNext = 3 }
        $roles = Get-SsoAccount -SessionName s | Get-SsoRole
        $roles | Should -HaveCount 8
        (Get-EmulatorCounters $script:Emu).InjectedFailures | Should -Be 3
    }

    It 'a 5xx storm that starts half-way through a listing ends in a clear ServiceError that stops the pipeline; nothing is written' {
        # The first account's roles are listed fine; then every call fails: a partial list must not be written.
        $n = 0
        { Get-SsoAccount -SessionName s | ForEach-Object {
                if ($n++ -eq 1) { Set-EmulatorOptions $script:Emu @{ failNext = 1000 } }
                $_
            } | Get-SsoRole | Set-SsoProfile -NameTemplate '{AccountId}.{RoleName}' } | Should -Throw -ErrorId 'ServiceError,SsoTools.Commands.GetSsoRoleCommand'
        Get-AwsTreeSnapshot | Should -Be $script:Before
    }

    It 'a 429 storm (1 request a second) is paced and retried until the listing completes' {
        Set-EmulatorOptions $script:Emu @{ throttlePerSecond = 1 }
        $out = Get-SsoAccount -SessionName s | Get-SsoRole | Set-SsoProfile -NameTemplate '{AccountId}.{RoleName}'
        $out | Should -HaveCount 8
        (Get-EmulatorCounters $script:Emu).Throttled | Should -BeGreaterThan 0
    }

    It 'an answer whose JSON is cut off is a clear ServiceError, not a crash; no file changes' {
        Set-EmulatorOptions $script:Emu @{ malformedNext = 100 }
        $err = $null
        $err = $null
        try { Get-SsoAccount -SessionName s -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'ServiceError,SsoTools.Commands.GetSsoAccountCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        "$err" | Should -Match 'could not be read \(not the JSON or XML the API defines\)'
        Set-EmulatorOptions $script:Emu @{ malformedNext = 0 }
        Get-AwsTreeSnapshot | Should -Be $script:Before
    }

    It 'a service that refuses connections gives ServiceUnreachable at once; no file changes' {
        $closed = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0); $closed.Start(); $port = $closed.LocalEndpoint.Port; $closed.Stop()
        $env:AWS_ENDPOINT_URL_SSO = "http://127.0.0.1:$port"
        { Get-SsoAccount -SessionName s } | Should -Throw -ErrorId 'ServiceUnreachable,SsoTools.Commands.GetSsoAccountCommand'
        { Get-SsoRoleCredential -SessionName s -AccountId 111111110001 -RoleName ReadOnly -ErrorAction Stop } | Should -Throw -ErrorId 'ServiceUnreachable,SsoTools.Commands.GetSsoRoleCredentialCommand'
        Get-AwsTreeSnapshot | Should -Be $script:Before
    }

    It 'a token revoked half-way through a listing stops the pipeline (TokenRejected); Set-SsoProfile writes nothing' {
        $token = (Read-CachedToken s).accessToken
        $n = 0
        { Get-SsoAccount -SessionName s | ForEach-Object {
                if ($n++ -eq 1) { Invoke-WebRequest -Method Post -Uri "$($script:Emu.Url)/logout" -Headers @{ 'x-amz-sso_bearer_token' = $token } | Out-Null }
                $_
            } | Get-SsoRole | Set-SsoProfile -NameTemplate '{AccountId}.{RoleName}' } | Should -Throw -ErrorId 'TokenRejected,SsoTools.Commands.GetSsoRoleCommand'
        Get-AwsTreeSnapshot | Should -Be $script:Before
    }

    It 'latency beyond the client timeout ends in ServiceUnreachable (Stress only: it waits out the 30 s timeout)' -Tag 'Stress' {
        Set-EmulatorOptions $script:Emu @{ latencyMs = 35000 }
        { Get-SsoAccount -SessionName s } | Should -Throw -ErrorId 'ServiceUnreachable,SsoTools.Commands.GetSsoAccountCommand'
        Get-AwsTreeSnapshot | Should -Be $script:Before
    }
}

Describe 'Commands that call the service many times' {
    BeforeAll {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
    }
    AfterAll { Remove-Sandbox $script:Sandbox }

    It 'each of many calls in one command completes: no call is cancelled by the one before it finishing' {
        # Get-SsoRole without -AccountId makes one call for the accounts and one per account. A race once
        # cancelled the command's later calls when an earlier one was just completing: the listing then
        # stopped short, without an error. The race is timing-dependent: many rounds give it room to show.
        $short = 0
        foreach ($i in 1..100) {
            $roles = @(Get-SsoRole -SessionName s)
            if ($roles.Count -ne 8) { $short++ }
        }
        $short | Should -Be 0
    }

    It 'Get-SsoRole over every account lists them concurrently and still writes the roles in the accounts'' order' {
        Reset-EmulatorCounters $script:Emu
        $roles = @(Get-SsoRole -SessionName s)
        $accounts = @(Get-SsoAccount -SessionName s)
        $order = @($roles.AccountId | Select-Object -Unique)
        $order | Should -Be @($accounts.AccountId)
        [int](Get-EmulatorCounters $script:Emu).ListAccountRoles | Should -Be $accounts.Count
    }
}
