# A misbehaving network or service in front of every endpoint (the emulator's fault modes, per path):
# 500, 503, a reset connection, a cut-off or non-JSON or HTML 200, an answer sent a byte at a time, and
# redirects to another host that records whatever reaches it. Each command must end within its deadline
# with the right ErrorId and remedy, send nothing to the other host, and change no file (issue 16).
BeforeDiscovery {
    # Expected outcome per fault mode: ErrorId and a pattern of its message.
    $Modes = @(
        @{ Mode = '500'; ErrorId = 'ServiceError'; Says = 'failed \(.*HTTP 500.*on the service''s side' }
        @{ Mode = '503'; ErrorId = 'ServiceError'; Says = 'failed \(.*HTTP 503.*on the service''s side' }
        @{ Mode = 'reset'; ErrorId = 'ServiceUnreachable'; Says = 'Could not reach .* the connection was reset\. Check the network' }
        @{ Mode = 'truncated'; ErrorId = 'ServiceUnreachable'; Says = 'Could not reach .* closed before the answer was complete\. Check the network' }
        @{ Mode = 'nonjson'; ErrorId = 'ServiceError'; Says = 'could not be read \(not the JSON or XML the API defines\)' }
        @{ Mode = 'html'; ErrorId = 'ServiceError'; Says = 'could not be read .*captive portal' }
        @{ Mode = 'dribble'; ErrorId = 'ServiceUnreachable'; Says = "did not answer .+ within 2 s \(SSOTOOLS_SERVICE_TIMEOUT_SECONDS" }
        @{ Mode = 'redirect302'; ErrorId = 'ServiceError'; Says = 'HTTP 302, a redirect to 127\.0\.0\.2:\d+\. AWS APIs never redirect, so it was not followed' }
        @{ Mode = 'redirect307'; ErrorId = 'ServiceError'; Says = 'HTTP 307, a redirect to 127\.0\.0\.2:\d+\. AWS APIs never redirect, so it was not followed' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    $script:Endpoint = ([uri]$script:Emu.Url).Authority
    $script:Limit = 2   # the Says patterns above name it
    $env:SSOTOOLS_SERVICE_TIMEOUT_SECONDS = "$script:Limit"

    function Set-Fault([string] $Path, [string] $Mode, [int] $Count = 0) {
        Set-EmulatorOptions $script:Emu @{ faultPath = $Path; faultMode = $Mode; faultCount = $Count }
    }
    function Get-Trap { @((Invoke-RestMethod -Uri "$($script:Emu.Url)/_emulator/trap").requests) }
    function Clear-Trap { $null = Invoke-RestMethod -Method Post -Uri "$($script:Emu.Url)/_emulator/trap/clear" }
    # Every file under ~/.aws by content, but the lock files (which stay behind on purpose) and SsoTools'
    # inventory of accounts (written by a listing that succeeded).
    function Get-AwsFiles {
        $root = Join-Path $env:HOME '.aws'
        $map = @{}
        Get-ChildItem -Path $root -Recurse -File -Force | Where-Object { $_.Name -notlike '*.lock' -and $_.FullName -notlike '*/ssotools/*' } | ForEach-Object { $map[$_.FullName.Substring($root.Length)] = Get-FileSha $_.FullName }
        ($map.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join "`n"
    }
    # Runs a command; its error (if any), warnings, output count and time.
    function Measure-Command2([scriptblock] $Block) {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $err = $null; $out = $null; $warn = $null
        try {
            $all = @(& $Block 3>&1)
            $warn = @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }) -join "`n"
            $out = @($all | Where-Object { $_ -isnot [System.Management.Automation.WarningRecord] })
        }
        catch { $err = $_ }
        [pscustomobject]@{ Error = $err; Output = $out; Warning = [string]$warn; Seconds = $sw.Elapsed.TotalSeconds }
    }
    # Portal retries (4 attempts with backoff) and the SDK's OIDC retries stay well inside this.
    $script:Bound = 15

}
AfterAll {
    Remove-Item Env:SSOTOOLS_SERVICE_TIMEOUT_SECONDS -ErrorAction SilentlyContinue
    Stop-TestEmulator $script:Emu
}

Describe 'The trap listener (control)' {
    It 'a client that follows the redirect does reach the other host, with its headers: the trap sees what a follower sends' {
        Clear-Trap
        Set-Fault '/assignment/accounts' 'redirect307' 1
        $null = & curl -s -L -o /dev/null -H 'x-amz-sso_bearer_token: control-token' "$($script:Emu.Url)/assignment/accounts"
        $trap = Get-Trap
        $trap | Should -HaveCount 1
        $trap[0].headers.'x-amz-sso_bearer_token' | Should -Be 'control-token'
        Clear-Trap
    }
}

Describe 'The portal misbehaving' {
    BeforeAll {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Set-SsoProfile -Name P -SessionName dev -AccountId 111111110001 -RoleName ReadOnly | Out-Null
        Invoke-SsoLogin -SessionName dev 6>$null | Out-Null
    }
    AfterAll { Remove-Sandbox $script:Sandbox }
    BeforeEach { Clear-Trap }
    AfterEach { Set-Fault '' '500' }

    It 'Get-SsoAccount, portal answering <Mode>: <ErrorId> naming the host, in time, nothing sent elsewhere, no file changed' -TestCases $Modes {
        $before = Get-AwsFiles
        Set-Fault '/assignment/accounts' $Mode

        $r = Measure-Command2 { Get-SsoAccount -SessionName dev -ErrorAction Stop }

        $r.Error | Should -Not -BeNullOrEmpty
        $r.Error.FullyQualifiedErrorId | Should -Be "$ErrorId,SsoTools.Commands.GetSsoAccountCommand"
        $r.Error.Exception.Message | Should -Match $Says
        $r.Error.Exception.Message | Should -Match ([regex]::Escape($script:Endpoint))
        $r.Error.Exception.Message | Should -Not -Match 'IOException|Exception\.'
        $r.Seconds | Should -BeLessThan $script:Bound
        Get-Trap | Should -HaveCount 0 -Because 'the bearer token goes nowhere but the endpoint asked'
        Get-AwsFiles | Should -Be $before
    }

    It 'Get-SsoRoleCredential, GetRoleCredentials answering <Mode>: <ErrorId>, nothing cached, nothing sent elsewhere' -TestCases @($Modes | Where-Object { $_.Mode -in 'redirect307', 'dribble', 'reset' }) {
        $before = Get-AwsFiles
        Set-Fault '/federation/credentials' $Mode

        $r = Measure-Command2 { Get-SsoRoleCredential -ProfileName P -ErrorAction Stop }

        $r.Error.FullyQualifiedErrorId | Should -Be "$ErrorId,SsoTools.Commands.GetSsoRoleCredentialCommand"
        $r.Error.Exception.Message | Should -Match $Says
        $r.Seconds | Should -BeLessThan $script:Bound
        Get-Trap | Should -HaveCount 0
        Get-AwsFiles | Should -Be $before
    }
}

Describe 'Refresh through a misbehaving OIDC endpoint' {
    BeforeAll {
        # Reusable refresh tokens here: each case starts from a copy of one signed-in ~/.aws.
        Set-EmulatorOptions $script:Emu @{ singleUseRefreshTokens = $false }
        $script:Template = New-Sandbox $script:Emu
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName dev 6>$null | Out-Null
    }
    AfterAll {
        Set-EmulatorOptions $script:Emu @{ singleUseRefreshTokens = $true }
        Remove-Sandbox $script:Template
    }
    BeforeEach {
        # A new HOME per case: a new token path, so the once-a-minute spacing of failed attempts does not apply.
        $script:Sandbox = New-Sandbox $script:Emu
        Copy-Item -Recurse -Force (Join-Path $script:Template '.aws/*') (Join-Path $script:Sandbox '.aws')
        $script:Path = Get-TokenCachePath 'dev'
        Clear-Trap
    }
    AfterEach {
        Set-Fault '' '500'
        Remove-Sandbox $script:Sandbox
    }

    It 'a valid token in the refresh window, CreateToken answering <Mode>: the token is used with a warning that says what failed' -TestCases $Modes {
        Set-CachedToken dev -ExpiresAt (Get-Date).AddMinutes(5)
        $before = Get-AwsFiles
        Set-Fault '/token' $Mode

        $r = Measure-Command2 { Get-SsoAccount -SessionName dev -ErrorAction Stop }

        $r.Error | Should -BeNullOrEmpty
        $r.Output | Should -HaveCount 3
        $r.Warning | Should -Match "could not be refreshed.*$Says"
        $r.Seconds | Should -BeLessThan $script:Bound
        Get-Trap | Should -HaveCount 0 -Because 'the client secret and refresh token go nowhere else'
        Get-AwsFiles | Should -Be $before
    }

    It 'an expired token, CreateToken answering <Mode>: <ErrorId> with the cause, not "sign in again"' -TestCases $Modes {
        Set-CachedToken dev -ExpiresAt (Get-Date).AddMinutes(-1)
        $before = Get-AwsFiles
        Set-Fault '/token' $Mode

        $r = Measure-Command2 { Get-SsoAccount -SessionName dev -ErrorAction Stop }

        $r.Error.FullyQualifiedErrorId | Should -Be "$ErrorId,SsoTools.Commands.GetSsoAccountCommand"
        $m = $r.Error.Exception.Message
        $m | Should -Match "^The token of 'dev' \(expires at [^)]+\) could not be refreshed\. "
        $m | Should -Match $Says
        $m | Should -Match ([regex]::Escape($script:Endpoint))
        $m | Should -Match 'Signing in again does not help'
        $m | Should -Not -Match 'Run .Invoke-SsoLogin'
        $r.Seconds | Should -BeLessThan $script:Bound
        Get-Trap | Should -HaveCount 0
        Get-AwsFiles | Should -Be $before
    }

    It 'an expired token whose refresh token the service refuses: TokenExpired with the service''s reason and Invoke-SsoLogin' {
        Set-CachedToken dev -ExpiresAt (Get-Date).AddMinutes(-1)
        $t = Get-Content -Raw $script:Path | ConvertFrom-Json
        $t.refreshToken = 'not-a-refresh-token-the-service-issued'
        [IO.File]::WriteAllText($script:Path, ($t | ConvertTo-Json -Compress))

        $r = Measure-Command2 { Get-SsoAccount -SessionName dev -ErrorAction Stop }

        $r.Error.FullyQualifiedErrorId | Should -Be 'TokenExpired,SsoTools.Commands.GetSsoAccountCommand'
        $r.Error.Exception.Message | Should -Match 'refused the refresh \(InvalidGrant.*HTTP 400: Invalid refresh token provided\.\)'
        $r.Error.Exception.Message | Should -Match "run 'Invoke-SsoLogin -SessionName dev'"
    }
}

Describe 'Sign-in through a misbehaving OIDC endpoint' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Clear-Trap
    }
    AfterEach {
        Set-Fault '' '500'
        Remove-Sandbox $script:Sandbox
    }

    It 'a connection reset at <Path> (<Flow>): ServiceUnreachable naming the operation and the host, no "IOException"' -TestCases @(
        @{ Path = '/client/register'; Flow = 'browser'; Operation = 'RegisterClient' }
        @{ Path = '/device_authorization'; Flow = 'device code'; Operation = 'StartDeviceAuthorization' }
    ) {
        Set-Fault $Path 'reset'
        $device = $Flow -eq 'device code'

        $r = Measure-Command2 { Invoke-SsoLogin -SessionName dev -UseDeviceCode:$device -ErrorAction Stop 6>$null }

        $r.Error.FullyQualifiedErrorId | Should -Be 'ServiceUnreachable,SsoTools.Commands.InvokeSsoLoginCommand'
        $r.Error.Exception.Message | Should -Match "Could not reach IAM Identity Center at $([regex]::Escape($script:Endpoint)) \($Operation\): the connection was reset"
        $r.Error.Exception.Message | Should -Not -Match 'IOException'
        $r.Seconds | Should -BeLessThan $script:Bound
        Test-Path (Get-TokenCachePath 'dev') | Should -BeFalse
    }

    It 'CreateToken answering <Mode> during the sign-in: <ErrorId>, no token file, the client secret sent nowhere else' -TestCases @($Modes | Where-Object { $_.Mode -in 'redirect307', 'dribble' }) {
        Set-Fault '/token' $Mode

        $r = Measure-Command2 { Invoke-SsoLogin -SessionName dev -ErrorAction Stop 6>$null }

        $r.Error.FullyQualifiedErrorId | Should -Be "$ErrorId,SsoTools.Commands.InvokeSsoLoginCommand"
        $r.Error.Exception.Message | Should -Match $Says
        $r.Seconds | Should -BeLessThan $script:Bound
        Get-Trap | Should -HaveCount 0
        Test-Path (Get-TokenCachePath 'dev') | Should -BeFalse
    }
}

Describe 'STS and the console sign-in endpoint misbehaving' {
    BeforeAll {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Set-SsoProfile -Name base -SessionName s -AccountId 111111110001 -RoleName ReadOnly | Out-Null
        Add-Content $env:AWS_CONFIG_FILE "[profile deploy]`nrole_arn = arn:aws:iam::100000000002:role/Deploy`nsource_profile = base`nregion = eu-west-1`n"
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
        # The SSO role's credentials cached first: the faults below meet STS and the federation endpoint only.
        $null = Get-SsoRoleCredential -ProfileName base
    }
    AfterAll { Remove-Sandbox $script:Sandbox }
    BeforeEach { Clear-Trap }
    AfterEach { Set-Fault '' '500' }

    It 'AssumeRole answering <Mode>: <ErrorId> naming STS and its host, no credential sent elsewhere, nothing cached' -TestCases @($Modes | Where-Object { $_.Mode -in 'redirect307', 'dribble', 'reset', 'html' }) {
        $before = Get-AwsFiles
        Set-Fault '/' $Mode

        $r = Measure-Command2 { Get-SsoRoleCredential -ProfileName deploy -ErrorAction Stop }

        $r.Error.FullyQualifiedErrorId | Should -Be "$ErrorId,SsoTools.Commands.GetSsoRoleCredentialCommand"
        $r.Error.Exception.Message | Should -Match $Says
        $r.Error.Exception.Message | Should -Match "STS at $([regex]::Escape($script:Endpoint))"
        $r.Seconds | Should -BeLessThan $script:Bound
        Get-Trap | Should -HaveCount 0 -Because 'the signed request carries the session token'
        Get-AwsFiles | Should -Be $before
    }

    It 'getSigninToken answering <Mode>: <ErrorId>, the credentials in its query sent nowhere else' -TestCases @($Modes | Where-Object { $_.Mode -in 'redirect302', 'dribble', 'reset' }) {
        Set-Fault '/federation' $Mode

        $r = Measure-Command2 { Get-SsoConsoleUrl -ProfileName base -ErrorAction Stop }

        $r.Error.FullyQualifiedErrorId | Should -Match "^$ErrorId,"
        $r.Error.Exception.Message | Should -Match $Says
        $r.Error.Exception.Message | Should -Match "console sign-in endpoint at $([regex]::Escape($script:Endpoint))"
        $r.Seconds | Should -BeLessThan $script:Bound
        Get-Trap | Should -HaveCount 0
    }
}
