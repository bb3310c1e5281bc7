# Every exported cmdlet, in each parameter set, as the FIRST SsoTools command of a new pwsh:
# users run one cmdlet in a new shell (a credential_process, a cron job, a CI step). A load
# failure that another cmdlet would hide in a long-lived session shows here. Each case succeeds,
# or fails with its documented ErrorId, never a load or file error.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    $script:Psd1 = Join-Path $ModulePath 'SsoTools.psd1'
    $script:Sandbox = New-Sandbox $script:Emu
    New-SsoSession -Name dev -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
    New-SsoSession -Name other -StartUrl https://d-456.awsapps.com/start -Region us-east-1 | Out-Null
    New-SsoSession -Name spare -StartUrl https://d-789.awsapps.com/start -Region us-east-1 | Out-Null
    Invoke-SsoLogin -SessionName dev 6>$null | Out-Null
    Invoke-SsoLogin -SessionName other 6>$null | Out-Null
    $script:Account = (Get-SsoAccount -SessionName dev | Select-Object -First 1).AccountId
    Set-SsoProfile -Name p1 -SessionName dev -AccountId $script:Account -RoleName ReadOnly | Out-Null
    Set-SsoProfile -Name gone -SessionName dev -AccountId $script:Account -RoleName Admin | Out-Null

    # Runs each command in its own new pwsh (a few at a time); returns name -> what it printed last.
    function Invoke-FirstCommand([System.Collections.Specialized.OrderedDictionary] $Cases) {
        $results = [ordered]@{}
        $names = @($Cases.Keys)
        for ($i = 0; $i -lt $names.Count; $i += 4) {
            $batch = $names[$i..([Math]::Min($i + 3, $names.Count - 1))]
            $children = foreach ($n in $batch) {
                $cmd = "Import-Module '$script:Psd1'; `$ErrorActionPreference = 'Stop'; try { `$null = & { $($Cases[$n]) } 6>`$null; 'OK' } catch { 'ERR ' + `$_.FullyQualifiedErrorId + ' :: ' + `$_.Exception.Message }"
                [pscustomobject]@{ Name = $n; Child = Start-TestPwsh $cmd }
            }
            foreach ($c in $children) {
                $r = Wait-TestPwsh $c.Child 90
                $results[$c.Name] = (($r.Stdout -split "`n") | Where-Object { $_.Trim() } | Select-Object -Last 1) + $(if ($r.Stderr.Trim()) { ' STDERR: ' + $r.Stderr.Trim() })
            }
        }
        $results
    }
}
AfterAll {
    Stop-TestEmulator $script:Emu
    Remove-Sandbox $script:Sandbox
}

Describe 'Each cmdlet as the first SsoTools command of a new pwsh' {
    BeforeAll {
        # Key: Cmdlet/ParameterSet. Logout runs last (below), after everything that needs the token.
        $script:Cases = [ordered]@{
            'New-SsoSession/__AllParameterSets'      = 'New-SsoSession -Name fresh -StartUrl https://d-999.awsapps.com/start -Region eu-west-1'
            'Get-SsoSession/__AllParameterSets'      = 'Get-SsoSession'
            'Remove-SsoSession/__AllParameterSets'   = 'Remove-SsoSession -Name spare -Confirm:$false'
            'Invoke-SsoLogin/__AllParameterSets'     = 'Invoke-SsoLogin -SessionName dev'
            'Get-SsoAccount/__AllParameterSets'      = 'Get-SsoAccount -SessionName dev'
            'Get-SsoRole/__AllParameterSets'         = "Get-SsoRole -SessionName dev -AccountId $script:Account"
            'Set-SsoProfile/Name'                    = "Set-SsoProfile -Name p2 -SessionName dev -AccountId $script:Account -RoleName ReadOnly"
            'Set-SsoProfile/Template'                = "Set-SsoProfile -NameTemplate '{AccountId}.{RoleName}' -SessionName dev -AccountId $script:Account -RoleName ReadOnly"
            'Get-SsoProfile/__AllParameterSets'      = 'Get-SsoProfile'
            'Remove-SsoProfile/__AllParameterSets'   = 'Remove-SsoProfile -Name gone -Confirm:$false'
            'Get-SsoToken/__AllParameterSets'        = 'Get-SsoToken -SessionName dev'
            'Get-SsoRoleCredential/__AllParameterSets' = 'Get-SsoRoleCredential -ProfileName p1'
            'Export-SsoCredential/__AllParameterSets' = 'Export-SsoCredential -ProfileName p1 -Format Env'
            'Use-SsoProfile/__AllParameterSets'      = 'Use-SsoProfile -ProfileName p1 -Credentials'
            'Sync-SsoProfile/__AllParameterSets'     = 'Sync-SsoProfile -SessionName dev -AccountFilter 111111110003'
            'Test-SsoProfile/__AllParameterSets'     = 'Test-SsoProfile -ProfileName p1'
            'Invoke-SsoCommand/__AllParameterSets'   = 'Invoke-SsoCommand -ProfileName p1 -ScriptBlock { $env:AWS_ACCESS_KEY_ID }'
            'Get-SsoConsoleUrl/__AllParameterSets'   = 'Get-SsoConsoleUrl -ProfileName p1 -Destination ec2'
            'Open-SsoConsole/__AllParameterSets'     = 'Open-SsoConsole -ProfileName p1 -NoBrowser'
            'Start-SsoTestServer/__AllParameterSets' = 'Start-SsoTestServer -Accounts 1; Stop-SsoTestServer'
            'Stop-SsoTestServer/__AllParameterSets'  = 'Stop-SsoTestServer'
            'Initialize-SsoProfile/__AllParameterSets' = "Initialize-SsoProfile -SessionName dev -AccountId $script:Account -RoleName ReadOnly -Region us-east-1 -Output json -ProfileName wiz"
        }
        $script:Results = Invoke-FirstCommand $script:Cases
        $script:LogoutResults = Invoke-FirstCommand ([ordered]@{ 'Invoke-SsoLogout/Target' = 'Invoke-SsoLogout -SessionName other' })
        $script:LogoutAll = Invoke-FirstCommand ([ordered]@{ 'Invoke-SsoLogout/All' = 'Invoke-SsoLogout -All' })
    }

    It 'covers every exported cmdlet and parameter set' {
        $covered = @($script:Cases.Keys) + @($script:LogoutResults.Keys) + @($script:LogoutAll.Keys)
        $expected = foreach ($c in (Get-Module SsoTools).ExportedCmdlets.Values) {
            foreach ($set in $c.ParameterSets) { "$($c.Name)/$($set.Name)" }
        }
        $expected | Where-Object { $covered -notcontains $_ } | Should -BeNullOrEmpty
    }

    It '<_> succeeds as the first command' -ForEach @(
        'New-SsoSession/__AllParameterSets', 'Get-SsoSession/__AllParameterSets', 'Remove-SsoSession/__AllParameterSets',
        'Invoke-SsoLogin/__AllParameterSets', 'Get-SsoAccount/__AllParameterSets', 'Get-SsoRole/__AllParameterSets',
        'Set-SsoProfile/Name', 'Set-SsoProfile/Template', 'Get-SsoProfile/__AllParameterSets', 'Remove-SsoProfile/__AllParameterSets',
        'Get-SsoToken/__AllParameterSets', 'Get-SsoRoleCredential/__AllParameterSets', 'Export-SsoCredential/__AllParameterSets',
        'Use-SsoProfile/__AllParameterSets', 'Sync-SsoProfile/__AllParameterSets', 'Test-SsoProfile/__AllParameterSets', 'Invoke-SsoCommand/__AllParameterSets',
        'Initialize-SsoProfile/__AllParameterSets') {
        $script:Results[$_] | Should -Be 'OK'
    }

    It 'Invoke-SsoLogout -SessionName succeeds as the first command, and the session is signed out' {
        $script:LogoutResults['Invoke-SsoLogout/Target'] | Should -Be 'OK'
        Get-TokenCachePath other | Should -Not -Exist
    }

    It 'Invoke-SsoLogout -All succeeds as the first command, and every session is signed out' {
        $script:LogoutAll['Invoke-SsoLogout/All'] | Should -Be 'OK'
        Get-TokenCachePath dev | Should -Not -Exist
    }

    It 'a cmdlet that must fail as the first command fails with its documented ErrorId (<Name>)' -ForEach @(
        @{ Name = 'Get-SsoAccount'; Command = 'Get-SsoAccount -SessionName nope'; Id = 'SsoSessionNotFound,SsoTools.Commands.GetSsoAccountCommand' }
        @{ Name = 'Get-SsoRoleCredential'; Command = 'Get-SsoRoleCredential -ProfileName p1'; Id = 'NotLoggedIn,SsoTools.Commands.GetSsoRoleCredentialCommand' }
        @{ Name = 'Invoke-SsoLogout'; Command = 'Invoke-SsoLogout -ProfileName nope'; Id = 'SsoProfileNotFound,SsoTools.Commands.InvokeSsoLogoutCommand' }
        @{ Name = 'Get-SsoToken'; Command = 'Get-SsoToken -SessionName dev'; Id = 'NotLoggedIn,SsoTools.Commands.GetSsoTokenCommand' }
    ) {
        # After the logouts above: nobody is signed in.
        $r = Invoke-FirstCommand ([ordered]@{ $Name = $Command })
        $r[$Name] | Should -BeLike "ERR $Id ::*"
    }
}
