# Secrets stay secret: a script that mixes output types, with -Verbose and -Debug, under a
# transcript, through login, refresh, credentials, every rendering, a failed login and logout.
# None of the secrets the emulator handed out may appear anywhere.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    $script:Psd1 = Join-Path $ModulePath 'SsoTools.psd1'
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'No secret in any stream, rendering or transcript' {
    BeforeAll { $script:Sandbox = New-Sandbox $script:Emu }
    AfterAll { Remove-Sandbox $script:Sandbox }

    It 'a mixed-output script under Start-Transcript with -Verbose -Debug shows no token, refresh token, client secret, secret key or session token' {
        $transcript = Join-Path $env:HOME 'transcript.txt'
        # The script writes to the host as a user's would (no capture), so the transcript records it all.
        $script = @"
if (`$PSStyle) { `$PSStyle.OutputRendering = 'PlainText' }
Import-Module '$script:Psd1'
Start-Transcript -Path '$transcript' | Out-Null
`$VerbosePreference = 'Continue'; `$DebugPreference = 'Continue'; `$InformationPreference = 'Continue'
`$PSDefaultParameterValues['*-Sso*:Verbose'] = `$true
`$PSDefaultParameterValues['*-Sso*:Debug'] = `$true
# Mixed types in one script: the later ones fall back to whatever view PowerShell finds.
New-SsoSession -Name scan -StartUrl https://d-123.awsapps.com/start -Region us-east-1
Invoke-SsoLogin -SessionName scan
`$account = (Get-SsoAccount -SessionName scan | Select-Object -First 1).AccountId
Set-SsoProfile -Name scanp -SessionName scan -AccountId `$account -RoleName ReadOnly
Get-SsoProfile; Get-SsoRoleCredential -ProfileName scanp; Get-SsoToken -SessionName scan; Get-SsoSession
`$c = Get-SsoRoleCredential -ProfileName scanp -Force
`$c; `$c | Format-List; `$c | Format-List *; `$c | Format-Table *; `$c | Select-Object *; `$c | Out-String; `$c | Format-Custom
"`$c"; Write-Output "credential: `$c"
`$t = Get-SsoToken -SessionName scan -ForceRefresh
`$t; `$t | Format-List *; `$t | Format-Table * -AutoSize; `$t | Select-Object * | Format-List
[pscustomobject]@{ Kind = 'mixed' }; `$t; `$c; Get-Date
Invoke-SsoLogin -SessionName scan -Force
# A failed login, its error, and `$Error in every form.
Invoke-RestMethod -Method Post -Uri '$($script:Emu.Url)/_emulator/options' -Body '{"user":"deny"}' -ContentType 'application/json' | Out-Null
Invoke-SsoLogin -SessionName scan -Force -ErrorAction Continue
Invoke-RestMethod -Method Post -Uri '$($script:Emu.Url)/_emulator/options' -Body '{"user":"approve"}' -ContentType 'application/json' | Out-Null
Get-SsoRoleCredential -ProfileName nothere -ErrorAction Continue
`$Error | Format-List * -Force
`$Error | ForEach-Object { `$_.Exception.ToString(); `$_.ScriptStackTrace }
Invoke-SsoLogout -SessionName scan -PassThru
Stop-Transcript | Out-Null
"@
        $child = Start-TestPwsh $script
        $r = Wait-TestPwsh $child 180
        $out = $r.Stdout + "`n" + $r.Stderr
        $transcript | Should -Exist
        $recorded = Get-Content -Raw $transcript
        $recorded | Should -Match 'ASIA[A-Z0-9]{16}' -Because 'the transcript recorded the run'
        $text = $out + "`n" + $recorded

        # The script really did what it says: signed in, refreshed, fetched, failed once and signed out.
        $out | Should -Match 'ASIA[A-Z0-9]{16}'
        $out | Should -Match 'LoginDenied'
        $out | Should -Match '\(hidden: use \.SecretAccessKey\)'
        $secrets = (Invoke-RestMethod "$($script:Emu.Url)/_emulator/secrets").secrets
        foreach ($kind in 'accessToken', 'refreshToken', 'clientSecret', 'secretAccessKey', 'sessionToken') {
            @($secrets | Where-Object kind -eq $kind).Count | Should -BeGreaterThan 0 -Because "the script got a $kind"
        }
        # A narrow table cuts a value and a list wraps it: a secret's first 16 characters are enough to count.
        $leaked = foreach ($s in $secrets) { if ($text.Contains($s.value.Substring(0, 16))) { $s.kind } }
        $leaked | Should -BeNullOrEmpty
    }

    It 'the secrets stay reachable where a script asks for them by name' {
        New-SsoSession -Name reach -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        $t = Invoke-SsoLogin -SessionName reach 6>$null
        $t.AccessToken | Should -Be (Read-CachedToken reach).accessToken
        Set-SsoProfile -Name reachp -SessionName reach -AccountId 111111110001 -RoleName ReadOnly | Out-Null
        $c = Get-SsoRoleCredential -ProfileName reachp
        $c.SecretAccessKey | Should -Match '^[A-Za-z0-9/+]{40}$'
        $c.SessionToken.Length | Should -BeGreaterThan 100
        (Export-SsoCredential -ProfileName reachp -Format Env) | Should -Match ([regex]::Escape($c.SecretAccessKey))
        # Get-Member shows them with -Force, as PowerShell shows hidden members.
        ($c | Get-Member -Force -Name SecretAccessKey).Name | Should -Be 'SecretAccessKey'
    }
}
