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
