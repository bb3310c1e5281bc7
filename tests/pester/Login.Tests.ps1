BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    $script:Psd1 = Join-Path $ModulePath 'SsoTools.psd1'

    # A browser that notes each URL it is given (one line each), then follows it as the default one does.
    function New-RecordingBrowser {
        $script:Calls = Join-Path $env:HOME 'browser-calls.txt'
        $env:BROWSER = New-BrowserScript 'recording-browser.sh' "echo `"`$1`" >> '$script:Calls'`nexec curl -s -L -o /dev/null --max-time 20 `"`$1`""
    }

    # 'Connected', or the socket error of a TCP connect (ConnectionRefused...).
    function Test-TcpConnect([string] $Address, [int] $Port) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect([ipaddress]::Parse($Address), $Port); 'Connected' }
        catch {
            $e = $_.Exception
            while ($e -and $e -isnot [System.Net.Sockets.SocketException]) { $e = $e.InnerException }
            if (-not $e) { throw }
            [string] $e.SocketErrorCode
        }
        finally { $client.Dispose() }
    }
}
AfterAll { Stop-TestEmulator $script:Emu }

# Windows: skipped, its stand-in browsers are sh scripts (every other file signs in through the sandbox's .cmd browser).
Describe 'Invoke-SsoLogin' -Skip:$IsWindows {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Reset-EmulatorCounters $script:Emu
    }
    AfterEach {
        Set-EmulatorOptions $script:Emu @{ user = 'approve' }
        Remove-Sandbox $script:Sandbox
    }

    It 'PKCE login through $BROWSER returns an SsoToken using only the authorization-code grant' {
        $out = Invoke-SsoLogin -SessionName dev 6>$null

        $out | Should -HaveCount 1
        $out | Should -BeOfType 'SsoTools.Model.SsoToken'
        $out.SessionName | Should -Be 'dev'
        $out.ExpiresAt | Should -BeGreaterThan (Get-Date).AddHours(7)
        (Read-CachedToken dev).accessToken | Should -Be $out.AccessToken

        $c = Get-EmulatorCounters $script:Emu
        $c.Authorize | Should -Be 1
        $c.'CreateToken:authorization_code' | Should -Be 1
        $c.CreateToken | Should -Be 1
        $c.StartDeviceAuthorization | Should -Be 0
        $c.'CreateToken:device_code' | Should -Be 0
        $c.VerifyDevice | Should -Be 0
    }

    It 'PKCE login caches its client registration under botocore''s key with grantTypes authorization_code' {
        Invoke-SsoLogin -SessionName dev 6>$null | Out-Null

        $key = Invoke-Python @'
import hashlib, json
args = {"tool": "botocore", "startUrl": "https://d-123.awsapps.com/start", "region": "us-east-1",
        "scopes": ["sso:account:access"], "session_name": "dev"}
print(hashlib.sha1(json.dumps(args, sort_keys=True).encode("utf-8")).hexdigest())
'@
        $path = Join-Path $env:HOME ".aws/sso/cache/$key.json"
        $path | Should -Exist
        @(Get-RegistrationCacheFile).FullName | Should -Be @($path)
        $reg = Get-Content -Raw $path | ConvertFrom-Json -DateKind String
        $reg.grantTypes | Should -Contain 'authorization_code'
        $reg.grantTypes | Should -Contain 'refresh_token'
        $reg.clientId | Should -Be (Read-CachedToken dev).clientId
        (Get-EmulatorCounters $script:Emu).RegisterClient | Should -Be 1
    }

    It 'device login shows the URL and code on the host (not in the output) and opens verificationUriComplete' {
        New-RecordingBrowser
        $info = $null
        $out = Invoke-SsoLogin -SessionName dev -UseDeviceCode -InformationVariable info 6>$null

        $out | Should -HaveCount 1
        $out | Should -BeOfType 'SsoTools.Model.SsoToken'
        $text = $info | Out-String
        $text -match 'open (http://127\.0\.0\.1:\d+/device) and enter the code ([A-Z0-9]{4}-[A-Z0-9]{4})' | Should -BeTrue -Because $text
        $uri, $code = $Matches[1], $Matches[2]
        @($info | Where-Object { $_.Tags -contains 'PSHOST' }).Count | Should -BeGreaterThan 0

        Wait-ForFile $script:Calls | Should -BeTrue
        @(Get-Content $script:Calls) | Should -Be @("${uri}?user_code=$code")
        $text | Should -Match ([regex]::Escape("${uri}?user_code=$code"))

        $c = Get-EmulatorCounters $script:Emu
        $c.StartDeviceAuthorization | Should -Be 1
        $c.'CreateToken:device_code' | Should -BeGreaterOrEqual 1
        $c.Authorize | Should -Be 0
        $c.'CreateToken:authorization_code' | Should -Be 0
        # The device flow must not be given (or register) an authorization-code client.
        (Get-Content -Raw (Get-RegistrationCacheFile).FullName | ConvertFrom-Json).PSObject.Properties.Name | Should -Not -Contain 'grantTypes'
    }

    It 'device login with -NoBrowser prints the URL and does not start $BROWSER' {
        New-RecordingBrowser
        $info = $null
        $out = Invoke-SsoLogin -SessionName dev -UseDeviceCode -NoBrowser -InformationVariable info 6>$null

        $out | Should -BeOfType 'SsoTools.Model.SsoToken'
        ($info | Out-String) | Should -Match 'http://127\.0\.0\.1:\d+/device\?user_code=[A-Z0-9]{4}-[A-Z0-9]{4}'
        $script:Calls | Should -Not -Exist
        (Get-EmulatorCounters $script:Emu).VerifyDevice | Should -Be 0
        Get-TokenCachePath dev | Should -Exist
    }

    It 'PKCE login with -NoBrowser prints the URL, does not start $BROWSER, and completes when the user opens it' {
        New-RecordingBrowser
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$script:Psd1'; Invoke-SsoLogin -SessionName dev -NoBrowser -TimeoutSec 30")
            $handle = $ps.BeginInvoke()
            $url = $null
            $deadline = (Get-Date).AddSeconds(30)
            while (-not $url -and (Get-Date) -lt $deadline -and -not $handle.IsCompleted) {
                foreach ($record in @($ps.Streams.Information)) {
                    if ("$($record.MessageData)" -match '(http://127\.0\.0\.1:\d+/authorize\?\S+)') { $url = $Matches[1] }
                }
                if (-not $url) { Start-Sleep -Milliseconds 50 }
            }
            $url | Should -Not -BeNullOrEmpty -Because 'the URL must be printed'
            $script:Calls | Should -Not -Exist
            (Get-EmulatorCounters $script:Emu).Authorize | Should -Be 0 -Because 'nobody has opened the URL yet'

            # The "user" opens the printed URL in a browser of their own.
            & curl -s -L -o /dev/null --max-time 20 $url
            $handle.AsyncWaitHandle.WaitOne(30000) | Should -BeTrue
            $out = @($ps.EndInvoke($handle))
            $ps.Streams.Error | Should -HaveCount 0
            $out | Should -HaveCount 1
            $out[0] | Should -BeOfType 'SsoTools.Model.SsoToken'
        }
        finally { $ps.Dispose() }

        $script:Calls | Should -Not -Exist
        $c = Get-EmulatorCounters $script:Emu
        $c.Authorize | Should -Be 1
        $c.'CreateToken:authorization_code' | Should -Be 1
        (Read-CachedToken dev).accessToken | Should -Be $out[0].AccessToken
    }

    It 'a denied <flow> login fails with LoginDenied and saves no token' -TestCases @(
        @{ flow = 'PKCE'; device = $false }
        @{ flow = 'device-code'; device = $true }
    ) {
        Set-EmulatorOptions $script:Emu @{ user = 'deny' }
        $err = $null
        $out = Invoke-SsoLogin -SessionName dev -UseDeviceCode:$device -NoBrowser:$device -ErrorVariable err -ErrorAction SilentlyContinue 6>$null

        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'LoginDenied,SsoTools.Commands.InvokeSsoLoginCommand'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        Get-TokenCachePath dev | Should -Not -Exist
        $c = Get-EmulatorCounters $script:Emu
        if ($device) { $c.StartDeviceAuthorization | Should -Be 1 } else { $c.Authorize | Should -Be 1 }
    }

    It 'a forged callback (wrong or missing state) gets an error page and does not end the sign-in; the real redirect does' {
        # Another local process calls the listener first, with a state of its own and with none;
        # then the real redirect arrives. Only the real one may end the wait.
        $codes = Join-Path $env:HOME 'forged-status.txt'
        $env:BROWSER = New-BrowserScript 'forging-browser.sh' @"
loc=`$(curl -s -o /dev/null --max-time 10 -w '%{redirect_url}' "`$1")
bad=`$(printf '%s' "`$loc" | sed 's/state=[^&]*/state=forged/')
none=`$(printf '%s' "`$loc" | sed 's/[&?]state=[^&]*//')
curl -s -o /dev/null --max-time 10 -w '%{http_code}\n' "`$bad" >> '$codes'
curl -s -o /dev/null --max-time 10 -w '%{http_code}\n' "`$none" >> '$codes'
exec curl -s -o /dev/null --max-time 10 "`$loc"
"@
        $err = $null
        $out = Invoke-SsoLogin -SessionName dev -TimeoutSec 30 -ErrorVariable err -ErrorAction SilentlyContinue 6>$null

        $err | Should -BeNullOrEmpty
        $out.SessionName | Should -Be 'dev'
        Get-TokenCachePath dev | Should -Exist
        @(Get-Content $codes) | Should -Be @('400', '400')
        $c = Get-EmulatorCounters $script:Emu
        $c.CreateToken | Should -Be 1
    }

    It 'a forged callback alone never redeems anything: the sign-in waits, then times out (LoginTimedOut)' {
        $env:BROWSER = New-BrowserScript 'forging-only-browser.sh' @'
loc=$(curl -s -o /dev/null --max-time 10 -w '%{redirect_url}' "$1")
bad=$(printf '%s' "$loc" | sed 's/state=[^&]*/state=forged/')
exec curl -s -o /dev/null --max-time 10 "$bad"
'@
        $err = $null
        $out = Invoke-SsoLogin -SessionName dev -TimeoutSec 4 -ErrorVariable err -ErrorAction SilentlyContinue 6>$null

        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'LoginTimedOut,SsoTools.Commands.InvokeSsoLoginCommand'
        Get-TokenCachePath dev | Should -Not -Exist
        $c = Get-EmulatorCounters $script:Emu
        $c.Authorize | Should -Be 1
        $c.CreateToken | Should -Be 0
    }

    It 'the loopback listener accepts on 127.0.0.1 and refuses 127.0.0.2 (child pwsh, then LoginTimedOut)' {
        # Control: on this machine 127.0.0.2 does reach a listener bound to every interface.
        $any = [System.Net.Sockets.TcpListener]::new([ipaddress]::Any, 0)
        $any.Start()
        try { Test-TcpConnect '127.0.0.2' $any.LocalEndpoint.Port | Should -Be 'Connected' } finally { $any.Stop() }

        Set-EmulatorOptions $script:Emu @{ user = 'never' }
        $urlFile = Join-Path $env:HOME 'authorize-url.txt'
        $env:BROWSER = New-BrowserScript 'url-writer.sh' "printf '%s' `"`$1`" > '$urlFile.tmp' && mv '$urlFile.tmp' '$urlFile'"
        $child = Start-TestPwsh "Import-Module '$script:Psd1'; try { Invoke-SsoLogin -SessionName dev -TimeoutSec 8 -ErrorAction Stop 6>`$null | Out-Null; 'signed in'; exit 0 } catch { `$_.FullyQualifiedErrorId; exit 3 }"
        try {
            Wait-ForFile $urlFile 40 | Should -BeTrue -Because 'the child opens the browser'
            $url = Get-Content -Raw $urlFile
            $url -match 'redirect_uri=([^&]+)' | Should -BeTrue -Because $url
            $redirect = [uri]::UnescapeDataString($Matches[1])
            $port = ([uri] $redirect).Port
            $redirect | Should -Be "http://127.0.0.1:$port/oauth/callback"

            Test-TcpConnect '127.0.0.1' $port | Should -Be 'Connected'
            Test-TcpConnect '127.0.0.2' $port | Should -Be 'ConnectionRefused'

            $result = Wait-TestPwsh $child 40
        }
        finally { if (-not $child.Process.HasExited) { $child.Process.Kill($true) } }
        $result.ExitCode | Should -Be 3 -Because "$($result.Stdout) $($result.Stderr)"
        $result.Stdout | Should -Match 'LoginTimedOut,SsoTools\.Commands\.InvokeSsoLoginCommand'
        Get-TokenCachePath dev | Should -Not -Exist
    }

    It 'a cached PKCE client the service forgot is registered again before the browser opens' {
        Invoke-SsoLogin -SessionName dev 6>$null | Out-Null
        $null = Invoke-RestMethod -Method Post -Uri "$($script:Emu.Url)/_emulator/forget-clients"
        Reset-EmulatorCounters $script:Emu
        $token = Invoke-SsoLogin -SessionName dev -Force -TimeoutSec 20 6>$null
        $token.AccessToken | Should -Not -BeNullOrEmpty
        $c = Get-EmulatorCounters $script:Emu
        $c.RegisterClient | Should -Be 1
        $c.Authorize | Should -Be 1
    }

    It 'goes on and tells the user to open the URL when no browser can be started' {
        $env:BROWSER = Join-Path $env:HOME 'no-such-browser'
        $warnings = $null
        $info = $null
        $token = Invoke-SsoLogin -SessionName dev -UseDeviceCode -WarningVariable warnings -InformationVariable info 3>$null 6>$null
        $token | Should -BeOfType 'SsoTools.Model.SsoToken'
        ($warnings | Out-String) | Should -Match 'Could not open a browser'
        ($warnings | Out-String) | Should -Match 'no-such-browser'
        ($info | Out-String) | Should -Match '/device\?user_code='
    }

    It 'a second Invoke-SsoLogin while the token is good opens no browser and makes one cheap check' {
        New-RecordingBrowser
        $first = Invoke-SsoLogin -SessionName dev 6>$null
        @(Get-Content $script:Calls) | Should -HaveCount 1
        Reset-EmulatorCounters $script:Emu

        $second = Invoke-SsoLogin -SessionName dev 6>$null

        $second | Should -BeOfType 'SsoTools.Model.SsoToken'
        $second.AccessToken | Should -Be $first.AccessToken
        Start-Sleep -Milliseconds 200
        @(Get-Content $script:Calls) | Should -HaveCount 1
        $c = Get-EmulatorCounters $script:Emu
        # One ListAccounts (one result) asks the service whether it still accepts the cached token.
        $c.ListAccounts | Should -Be 1
        ($c.PSObject.Properties.Value | Measure-Object -Sum).Sum | Should -Be 1
    }

    It '-Force signs in anew, then calls Logout for the old token' {
        New-RecordingBrowser
        $first = Invoke-SsoLogin -SessionName dev 6>$null
        Reset-EmulatorCounters $script:Emu

        $again = Invoke-SsoLogin -SessionName dev -Force 6>$null

        $c = Get-EmulatorCounters $script:Emu
        $c.Logout | Should -Be 1
        $c.Authorize | Should -Be 1
        $c.ListAccounts | Should -Be 1 -Because 'the new token is checked once the old one is signed out'
        @((Invoke-RestMethod "$($script:Emu.Url)/_emulator/logouts").logouts)[-1] | Should -Be $first.AccessToken
        # One check that the service still knows the cached client (a made-up code), one real redemption.
        $c.'CreateToken:authorization_code' | Should -Be 2
        $c.RegisterClient | Should -Be 0 -Because 'the cached registration still fits'
        @(Get-Content $script:Calls) | Should -HaveCount 2
        $again.AccessToken | Should -Not -Be $first.AccessToken
        (Read-CachedToken dev).accessToken | Should -Be $again.AccessToken
        Get-PortalStatus $script:Emu $first.AccessToken | Should -Be 401
        Get-PortalStatus $script:Emu $again.AccessToken | Should -Be 200
    }
}
