# Invoke-SsoCommand: a block per role, in parallel, each with its own credentials, native commands included.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator @('--accounts', '3', '--roles-per-account', '2')
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Invoke-SsoCommand' {
    BeforeAll {
        $script:Sandbox = New-Sandbox $script:Emu
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
        $script:Roles = Get-SsoAccount -SessionName s | Get-SsoRole -RoleName ReadOnly
    }
    AfterAll { Remove-Sandbox $script:Sandbox }

    It 'runs a native command per role in parallel, each seeing only its own credentials' {
        $env:AWS_PROFILE = 'some-other-profile'   # must not reach the runs: it would win over nothing, but confuse tools
        $out = $script:Roles | Invoke-SsoCommand -ThrottleLimit 3 {
            $start = [DateTime]::UtcNow
            # A native command (python3) reads the environment it was started with.
            $key = python3 -c "import os, time; time.sleep(1.5); print(os.environ['AWS_ACCESS_KEY_ID'] + ' ' + os.environ['SSOTOOLS_ACCOUNT_ID'] + ' ' + os.environ.get('AWS_PROFILE', '-'))"
            [pscustomobject]@{ Native = $key; Start = $start.Ticks; End = [DateTime]::UtcNow.Ticks }
        }
        Remove-Item Env:AWS_PROFILE
        $out | Should -HaveCount 3
        foreach ($o in $out) {
            $key, $account, $profile = $o.Native -split ' '
            $account | Should -Be $o.AccountId
            $profile | Should -Be '-'
            $o.RoleName | Should -Be 'ReadOnly'
            $o.AccountName | Should -Not -BeNullOrEmpty
            $expected = (Get-SsoRoleCredential -SessionName s -AccountId $o.AccountId -RoleName ReadOnly).AccessKeyId
            $key | Should -Be $expected
        }
        @($out.Native | ForEach-Object { ($_ -split ' ')[0] } | Sort-Object -Unique) | Should -HaveCount 3
        # The runs overlapped: the last start came before the first end.
        ($out.Start | Measure-Object -Maximum).Maximum | Should -BeLessThan ($out.End | Measure-Object -Minimum).Minimum
    }

    It 'one role''s failure is an error record for that role; the others go on' {
        $err = $null
        $out = $script:Roles | Invoke-SsoCommand -ErrorVariable err -ErrorAction SilentlyContinue {
            if ($env:SSOTOOLS_ACCOUNT_ID -eq '111111110002') { Write-Error 'this account is broken' } else { 'fine' }
        }
        $out | Should -HaveCount 2
        $out.AccountId | Should -Not -Contain '111111110002'
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ScriptBlockError,SsoTools.Commands.InvokeSsoCommandCommand'
        $err[0].TargetObject | Should -Be 'ReadOnly@111111110002'
    }

    It 'a line the block prints itself (Write-Host) is text, not a failure' {
        $all = $script:Roles | Select-Object -First 1 | Invoke-SsoCommand { Write-Host 'Done'; Write-Host 'Complete'; Write-Warning 'careful'; 42 } 6>&1 3>&1
        ($all | Where-Object { $_ -is [int] }) | Should -Be 42
        ($all | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }).MessageData | Should -Be @('Done', 'Complete')
        "$($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })" | Should -Match 'ReadOnly@111111110001: careful'
    }

    It 'a run that starts late gets fresh credentials when the ones fetched for it have under 15 minutes left' {
        # Credentials that live 10 minutes are "about to expire" from the start: each role is fetched when it
        # arrives, and again when its run starts (one at a time here), so no run starts with aged credentials.
        Set-EmulatorOptions $script:Emu @{ credentialLifetimeSeconds = 600 }
        try {
            Reset-EmulatorCounters $script:Emu
            $out = $script:Roles | Invoke-SsoCommand -ThrottleLimit 1 -Force { $env:AWS_ACCESS_KEY_ID }
            $out | Should -HaveCount 3
            [int](Get-EmulatorCounters $script:Emu).GetRoleCredentials | Should -Be 6
            foreach ($o in $out) {
                # What the run saw is the newest the service issued for its role: the one cached last.
                $cached = Get-Content (Get-RoleCredentialCachePath $o.AccountId ReadOnly s) -Raw | ConvertFrom-Json
                "$o" | Should -Be $cached.Credentials.AccessKeyId
            }
        }
        finally { Set-EmulatorOptions $script:Emu @{ credentialLifetimeSeconds = 3600 } }
    }

    It 'passes -ArgumentList to the block, and profiles work as input' {
        Set-SsoProfile -Name ip -SessionName s -AccountId 111111110001 -RoleName ReadOnly -Region eu-west-3 | Out-Null
        $out = Get-SsoProfile -Name ip | Invoke-SsoCommand -ArgumentList 'hello' { param($Greeting) "$Greeting $env:AWS_REGION" }
        "$out" | Should -Be 'hello eu-west-3'
        $out.AccountId | Should -Be '111111110001'
    }
}
