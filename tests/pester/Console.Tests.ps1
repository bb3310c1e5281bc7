# Open-SsoConsole and Get-SsoConsoleUrl against the emulator's federation endpoint, which checks the
# credentials it is given (issued by it, unexpired; no SessionDuration for a chained role session).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    function Get-Signins { @((Invoke-RestMethod -Uri "$($script:Emu.Url)/_emulator/signins").signins) }
    # Follows the sign-in URL as a browser would, without following the redirect to the real console.
    function Invoke-Signin([string] $Url) {
        $r = Invoke-WebRequest -Uri $Url -MaximumRedirection 0 -SkipHttpErrorCheck -ErrorAction SilentlyContinue
        [pscustomobject]@{ Status = [int]$r.StatusCode; Location = "$($r.Headers.Location)" }
    }
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Console sign-in' {
    BeforeAll {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Set-SsoProfile -Name base -SessionName s -AccountId 111111110001 -RoleName ReadOnly -Region eu-west-1 | Out-Null
        Add-Content $env:AWS_CONFIG_FILE "[profile deploy]`nrole_arn = arn:aws:iam::100000000002:role/Deploy`nsource_profile = base`nregion = eu-central-1`n"
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
    }
    AfterAll { Remove-Sandbox $script:Sandbox }

    It 'Get-SsoConsoleUrl for an SSO profile: a login URL the endpoint accepts once, landing on the profile''s Region' {
        $before = (Get-Signins).Count
        $u = Get-SsoConsoleUrl -ProfileName base
        $u.AccountId | Should -Be '111111110001'
        $u.RoleName | Should -Be 'ReadOnly'
        $u.Region | Should -Be 'eu-west-1'
        $u.Partition | Should -Be 'aws'
        $u.Destination | Should -Be 'https://console.aws.amazon.com/console/home?region=eu-west-1'
        $u.ExpiresAt | Should -BeGreaterThan (Get-Date).AddMinutes(14)
        $u.Url | Should -BeLike "$($script:Emu.Url)/federation?Action=login&Issuer=SsoTools&Destination=*&SigninToken=*"
        "$u" | Should -Be $u.Url
        $r = Invoke-Signin $u.Url
        $r.Status | Should -Be 302
        $r.Location | Should -Be $u.Destination
        $signin = (Get-Signins)[-1]
        (Get-Signins).Count | Should -Be ($before + 1)
        $signin.accountId | Should -Be '111111110001'
        $signin.roleName | Should -Be 'ReadOnly'
        $signin.chained | Should -BeFalse
        # A sign-in token works once.
        (Invoke-Signin $u.Url).Status | Should -Be 400
    }

    It 'a chained profile signs in as the assumed role, and -SessionDuration is not sent for it (with a warning)' {
        $u = Get-SsoConsoleUrl -ProfileName deploy -SessionDuration 02:00:00 -WarningVariable warn -WarningAction SilentlyContinue
        "$warn" | Should -Match 'chained role session'
        $u.AccountId | Should -Be '100000000002'
        $u.Region | Should -Be 'eu-central-1'
        (Invoke-Signin $u.Url).Status | Should -Be 302
        $signin = (Get-Signins)[-1]
        $signin.roleName | Should -Be 'Deploy'
        $signin.chained | Should -BeTrue
        $signin.sessionDuration | Should -BeNullOrEmpty
    }

    It '-SessionDuration reaches the endpoint for an SSO role; -Destination takes a service or a console URL' {
        $u = Get-SsoConsoleUrl -ProfileName base -SessionDuration (New-TimeSpan -Hours 4) -Destination ec2
        $u.Destination | Should -Be 'https://console.aws.amazon.com/ec2/home?region=eu-west-1'
        (Invoke-Signin $u.Url).Status | Should -Be 302
        (Get-Signins)[-1].sessionDuration | Should -Be 14400
        $u = Get-SsoConsoleUrl -ProfileName base -Destination 'https://eu-west-1.console.aws.amazon.com/s3/buckets?region=eu-west-1'
        $u.Destination | Should -Be 'https://eu-west-1.console.aws.amazon.com/s3/buckets?region=eu-west-1'
        $u = Get-SsoConsoleUrl -SessionName s -AccountId 111111110002 -RoleName ReadOnly -Region us-west-2
        $u.Destination | Should -Be 'https://console.aws.amazon.com/console/home?region=us-west-2'
    }

    It 'refuses <What> with <ErrorId>' -ForEach @(
        @{ What = 'a destination off the console'; Arguments = @{ ProfileName = 'base'; Destination = 'https://evil.example.com/console.aws.amazon.com' }; ErrorId = 'InvalidValue' }
        @{ What = 'a destination that is not a service name'; Arguments = @{ ProfileName = 'base'; Destination = 'ec2/../x' }; ErrorId = 'InvalidValue' }
        @{ What = 'a session of 10 minutes'; Arguments = @{ ProfileName = 'base'; SessionDuration = [timespan]'00:10:00' }; ErrorId = 'InvalidValue' }
        @{ What = 'a Region of another partition'; Arguments = @{ ProfileName = 'base'; Region = 'cn-north-1' }; ErrorId = 'InvalidValue' }
    ) {
        { Get-SsoConsoleUrl @Arguments -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,SsoTools.Commands.GetSsoConsoleUrlCommand"
    }

    It 'credentials the endpoint did not issue are refused (ConsoleSigninFailed), and the message holds no secret' {
        $cred = Get-RoleCredentialCachePath 111111110001 ReadOnly s
        $json = Get-Content $cred -Raw | ConvertFrom-Json
        $json.Credentials.SecretAccessKey = 'A' * 40
        $json | ConvertTo-Json -Compress | Set-Content $cred -NoNewline
        $err = $null
        Get-SsoConsoleUrl -ProfileName base -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'ConsoleSigninFailed,SsoTools.Commands.GetSsoConsoleUrlCommand'
        "$($err[0])" | Should -Not -Match ('A' * 40)
        (Get-SsoConsoleUrl -ProfileName base -Force).AccountId | Should -Be '111111110001'
    }

    It 'the partition follows the session''s Region: aws-cn and aws-us-gov console hosts' {
        New-SsoSession -Name cn -StartUrl https://d-cn.awsapps.cn/start -Region cn-north-1 | Out-Null
        New-SsoSession -Name gov -StartUrl https://d-gov.awsapps.com/start -Region us-gov-west-1 | Out-Null
        foreach ($case in @(@{ S = 'cn'; Host = 'console.amazonaws.cn'; P = 'aws-cn' }, @{ S = 'gov'; Host = 'console.amazonaws-us-gov.com'; P = 'aws-us-gov' })) {
            Invoke-SsoLogin -SessionName $case.S 6>$null | Out-Null
            $u = Get-SsoConsoleUrl -SessionName $case.S -AccountId 111111110001 -RoleName ReadOnly -Destination iam
            $u.Partition | Should -Be $case.P
            ([uri]$u.Destination).Host | Should -Be $case.Host
            (Invoke-Signin $u.Url).Status | Should -Be 302
        }
    }

    It 'Open-SsoConsole opens the browser with the sign-in URL ($BROWSER follows it to the console)' {
        $before = (Get-Signins).Count
        Open-SsoConsole -ProfileName base -Destination s3 | Should -BeNullOrEmpty
        # The sandbox "browser" (curl, started on its own) follows the URL: the endpoint sees the sign-in.
        $deadline = (Get-Date).AddSeconds(15)
        while ((Get-Signins).Count -le $before -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
        (Get-Signins).Count | Should -Be ($before + 1)
        (Get-Signins)[-1].destination | Should -Be 'https://console.aws.amazon.com/s3/home?region=eu-west-1'
    }

    It 'the URL is in no stream but the host: -NoBrowser, -Verbose, -Debug, default views, mixed output, a transcript' {
        $transcript = Join-Path $env:HOME 'transcript.txt'
        $script = @"
Import-Module '$(Join-Path $ModulePath 'SsoTools.psd1')'
Start-Transcript -Path '$transcript' | Out-Null
`$u = Get-SsoConsoleUrl -ProfileName base -Force -Verbose -Debug
`$u
`$u | Format-List *
`$u | Format-Table *
`$u | Select-Object * | Out-String
[pscustomobject]@{ A = 1 }; `$u
Stop-Transcript | Out-Null
Open-SsoConsole -ProfileName base -NoBrowser -Verbose -Debug
"@
        $r = Wait-TestPwsh (Start-TestPwsh $script) 90
        $lines = @($r.Stdout -split "`n")
        # Open-SsoConsole -NoBrowser wrote exactly one URL, on the host (stdout of the child).
        @($lines | Where-Object { $_ -match 'SigninToken=' }).Count | Should -Be 1
        $r.Stderr | Should -Not -Match 'SigninToken'
        # Everything else (views, verbose, debug, mixed output) and the transcript hold no sign-in URL or token.
        $rest = ($lines | Where-Object { $_ -notmatch 'SigninToken=' }) -join "`n"
        $rest | Should -Not -Match 'Action=login'
        $rest | Should -Match 'VERBOSE:'   # the verbose stream was on, and said nothing of the URL
        $text = Get-Content $transcript -Raw
        $text | Should -Not -Match 'SigninToken|Action=login'
        $secrets = @((Invoke-RestMethod -Uri "$($script:Emu.Url)/_emulator/secrets").secrets | Where-Object kind -eq 'signinToken' | ForEach-Object value)
        $secrets.Count | Should -BeGreaterThan 0
        foreach ($secret in $secrets) { $rest.Contains($secret) | Should -BeFalse; $text.Contains($secret) | Should -BeFalse }
    }
}
