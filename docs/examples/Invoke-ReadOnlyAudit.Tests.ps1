# The runbook's tests, with SsoTools mocked: no server, no sign-in, no ~/.aws. Run with Pester 5:
#   Invoke-Pester ./Invoke-ReadOnlyAudit.Tests.ps1
BeforeAll {
    # The installed module (or, in SsoTools' own CI, the one just built).
    Import-Module $(if ($env:SSOTOOLS_MODULE) { Join-Path $env:SSOTOOLS_MODULE 'SsoTools.psd1' } else { 'SsoTools' })
    $script:Runbook = Join-Path $PSScriptRoot 'Invoke-ReadOnlyAudit.ps1'
}

Describe 'Invoke-ReadOnlyAudit' {
    BeforeEach {
        # SsoTools' output types are built from hashtables, so the mocks return what the cmdlets would.
        Mock Get-SsoSession { [SsoTools.Model.SsoSession]@{ SessionName = 'work'; LoginState = 'LoggedIn' } }
        Mock Get-SsoAccount {
            [SsoTools.Model.SsoAccount]@{ AccountId = '111122223333'; AccountName = 'prod'; SessionName = 'work' }
            [SsoTools.Model.SsoAccount]@{ AccountId = '444455556666'; AccountName = 'dev'; SessionName = 'work' }
        }
        Mock Get-SsoRole { [SsoTools.Model.SsoRole]@{ AccountId = $AccountId; AccountName = $AccountName; RoleName = 'ReadOnly'; SessionName = 'work' } }
        Mock Get-SsoRoleCredential {
            [SsoTools.Model.SsoRoleCredential]@{ AccessKeyId = 'ASIAEXAMPLE'; AccountId = $AccountId; RoleName = $RoleName; Expiration = [datetime]'2030-01-01T12:00:00' }
        }
    }

    It 'reports the role of every account, with when its credentials expire' {
        $report = @(& $Runbook -SessionName work)
        $report | Should -HaveCount 2
        $report.AccountName | Should -Be @('prod', 'dev')
        $report[0].ExpiresAt | Should -Be ([datetime]'2030-01-01T12:00:00')
        Should -Invoke Get-SsoRole -Times 2 -Exactly -ParameterFilter { $RoleName -eq 'ReadOnly' }
        Should -Invoke Get-SsoRoleCredential -Times 2 -Exactly
    }

    It 'stops before listing anything when the session is not signed in' {
        Mock Get-SsoSession { [SsoTools.Model.SsoSession]@{ SessionName = 'work'; LoginState = 'NotLoggedIn' } }
        { & $Runbook -SessionName work } | Should -Throw "*Invoke-SsoLogin -SessionName work*"
        Should -Invoke Get-SsoAccount -Times 0 -Exactly
    }

    It 'lets an SsoTools error through with its ErrorId' {
        Mock Get-SsoAccount {
            $ex = [System.InvalidOperationException]::new('The sign-in for work expired or was revoked on the server.')
            $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new($ex, 'TokenRejected', 'AuthenticationError', 'work'))
        }
        { & $Runbook -SessionName work } | Should -Throw -ErrorId 'TokenRejected'
    }
}

Describe 'Invoke-ReadOnlyAudit against the test server' {
    BeforeAll {
        # A sandbox: the sessions, tokens and profiles of the test go to a temporary HOME, not yours.
        $script:SavedHome = $env:HOME; $script:SavedConfig = $env:AWS_CONFIG_FILE
        $env:HOME = Join-Path ([IO.Path]::GetTempPath()) ('runbook-test-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $env:AWS_CONFIG_FILE = Join-Path $env:HOME '.aws/config'
        $script:Server = Start-SsoTestServer -Accounts 5 -RolesPerAccount 2
        New-SsoSession -Name test -StartUrl $Server.StartUrl -Region $Server.Region | Out-Null
    }
    AfterAll {
        Stop-SsoTestServer
        Remove-Item -Recurse -Force $env:HOME -ErrorAction SilentlyContinue
        $env:HOME = $script:SavedHome; $env:AWS_CONFIG_FILE = $script:SavedConfig
    }

    It 'stops with the message when the session is not signed in' {
        { & $Runbook -SessionName test } | Should -Throw '*Invoke-SsoLogin -SessionName test*'
        $Server.Counters.ListAccounts | Should -Be 0
    }

    It 'reports every account once signed in (the server approves the sign-in itself)' {
        Invoke-SsoLogin -SessionName test | Out-Null
        $report = @(& $Runbook -SessionName test)
        $report | Should -HaveCount 5
        $report.RoleName | Select-Object -Unique | Should -Be 'ReadOnly'
        $Server.Counters.GetRoleCredentials | Should -Be 5
    }
}
