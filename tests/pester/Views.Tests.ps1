# What people read: every table view whole at 80 columns (no header cut), built from objects made
# the way runbook tests make them - from hashtables, with no server.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Output types built from hashtables, for runbook tests' {
    It '<Type> can be built from a hashtable' -ForEach @(
        @{ Type = 'SsoSession'; Values = @{ SessionName = 'work'; StartUrl = 'https://d-1.awsapps.com/start'; Region = 'us-east-1' } }
        @{ Type = 'SsoProfile'; Values = @{ ProfileName = 'dev'; SessionName = 'work'; AccountId = '111122223333'; RoleName = 'ReadOnly' } }
        @{ Type = 'SsoAccount'; Values = @{ AccountId = '111122223333'; AccountName = 'prod' } }
        @{ Type = 'SsoRole'; Values = @{ AccountId = '111122223333'; RoleName = 'ReadOnly'; SessionName = 'work' } }
        @{ Type = 'SsoToken'; Values = @{ SessionName = 'work' } }
        @{ Type = 'SsoRoleCredential'; Values = @{ AccessKeyId = 'ASIAEXAMPLE'; AccountId = '111122223333'; RoleName = 'ReadOnly' } }
        @{ Type = 'SsoSyncResult'; Values = @{ ProfileName = 'dev'; Action = 'Added' } }
        @{ Type = 'SsoProfileTest'; Values = @{ ProfileName = 'dev'; SignedIn = $true } }
        @{ Type = 'SsoConsoleUrl'; Values = @{ AccountId = '111122223333'; RoleName = 'ReadOnly' } }
        @{ Type = 'LogoutResult'; Values = @{ Name = 'work'; TokenDeleted = $true } }
    ) {
        $o = $Values -as ("SsoTools.Model.$Type" -as [type])
        $o | Should -BeOfType ("SsoTools.Model.$Type" -as [type])
        foreach ($k in $Values.Keys) { "$($o.$k)" | Should -Be "$($Values[$k])" }
    }
}

Describe 'Every table view at 80 columns' {
    It '<Type>: every header whole, no line wider than 80' -ForEach @(
        @{ Type = 'SsoSession'; Values = @{ SessionName = 'engineering-prod'; StartUrl = 'https://d-1234567890.awsapps.com/start'; Region = 'ap-southeast-2'; LoginState = 'ExpiredRefreshable'; ExpiresAt = (Get-Date) } }
        @{ Type = 'SsoToken'; Values = @{ SessionName = 'engineering-prod'; StartUrl = 'https://d-1234567890.awsapps.com/start'; Region = 'ap-southeast-2'; ExpiresAt = (Get-Date); Refreshable = $true } }
        @{ Type = 'SsoAccount'; Values = @{ AccountId = '111122223333'; AccountName = 'payments-production-eu'; EmailAddress = 'aws+payments-prod@example.com'; SessionName = 'engineering-prod' } }
        @{ Type = 'SsoRole'; Values = @{ AccountId = '111122223333'; AccountName = 'payments-production-eu'; RoleName = 'AWSAdministratorAccess'; SessionName = 'engineering-prod' } }
        @{ Type = 'SsoProfile'; Values = @{ ProfileName = 'payments-production-eu.ReadOnly'; SessionName = 'engineering-prod'; AccountId = '111122223333'; RoleName = 'AWSReadOnlyAccess'; Region = 'ap-southeast-2' } }
        @{ Type = 'SsoRoleCredential'; Values = @{ AccessKeyId = 'ASIAIOSFODNN7EXAMPLE'; Expiration = (Get-Date); AccountId = '111122223333'; RoleName = 'AWSReadOnlyAccess'; ProfileName = 'payments-production-eu.ReadOnly' } }
        @{ Type = 'SsoConsoleUrl'; Values = @{ AccountId = '111122223333'; RoleName = 'AWSReadOnlyAccess'; Region = 'ap-southeast-2'; ExpiresAt = (Get-Date); Destination = 'https://console.aws.amazon.com/cloudformation/home?region=ap-southeast-2' } }
        @{ Type = 'SsoSyncResult'; Values = @{ Action = 'Unchanged'; ProfileName = 'payments-production-eu.ReadOnly'; AccountId = '111122223333'; RoleName = 'AWSReadOnlyAccess'; AccountName = 'payments-production-eu' } }
        @{ Type = 'SsoProfileTest'; Values = @{ ProfileName = 'payments-production-eu.ReadOnly'; SignedIn = $false; RoleAssigned = $true; Problems = @('Not signed in to engineering-prod: run Invoke-SsoLogin -SessionName engineering-prod.') } }
    ) {
        $o = $Values -as ("SsoTools.Model.$Type" -as [type])
        $o | Should -BeOfType ("SsoTools.Model.$Type" -as [type])
        $text = ($o | Format-Table | Out-String -Width 80) -replace "`e\[[0-9;]*m", ''
        $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
        $header = $lines[0]
        $view = [xml](Get-Content (Join-Path $ModulePath 'SsoTools.Format.ps1xml') -Raw)
        $labels = @($view.Configuration.ViewDefinitions.View | Where-Object { $_.ViewSelectedBy.TypeName -eq "SsoTools.Model.$Type" -and $_.TableControl } |
            Select-Object -First 1 | ForEach-Object { $_.TableControl.TableHeaders.TableColumnHeader.Label })
        $labels.Count | Should -BeGreaterThan 2
        foreach ($label in $labels) { $header | Should -Match "(^|\s)$label(\s|$)" -Because "the header '$label' must not be cut at 80 columns" }
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual 80 }
    }
}
