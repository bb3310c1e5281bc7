# Every help example runs: each in a new pwsh, in its own copy of a sandbox where the names the help
# uses exist (sessions my-sso and work, profiles dev, prod-ro and the chained deploy; accounts
# 111122223333, 444455556666 and 100000000002), against the in-session test server. An example may
# only be skipped for a reason this machine cannot meet, listed below.
BeforeDiscovery {
    $modulePath = if ($env:SSOTOOLS_MODULE) { $env:SSOTOOLS_MODULE } else { Join-Path $PSScriptRoot '../../out/SsoTools' }
    $module = Import-Module (Join-Path $modulePath 'SsoTools.psd1') -Force -PassThru
    $script:Examples = foreach ($name in ($module.ExportedCmdlets.Keys | Sort-Object)) {
        foreach ($example in @((Get-Help $name -Full).examples.example)) {
            @{ Cmdlet = $name; Title = ($example.title -replace '^-+\s*|\s*-+$', ''); Code = "$($example.code)" }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # What this machine does not have: a reason for each, or the example runs.
    $script:Skip = [ordered]@{
        'docker '            = 'docker is not installed here'
        'Get-S3Bucket'       = 'AWS Tools for PowerShell is not installed here'
        'Out-GridView'       = 'Out-GridView needs a desktop'
        'aws s3 '            = 'S3 is not part of the test server'
        'Start-Process'      = 'opens a desktop application'
        'amazonaws.com'      = 'calls AWS itself'
        '-Confirm'           = 'asks a person to confirm'
    }
    function Get-SkipReason([string] $Code) {
        foreach ($k in $script:Skip.Keys) { if ($Code.Contains($k)) { return $script:Skip[$k] } }
        # The wizard asks for what no parameter gave: only a person (or the scripted host of Wizard.Tests) answers.
        if ($Code -match 'Initialize-SsoProfile' -and $Code -notmatch '-AccountId') { return 'the wizard asks a person (Wizard.Tests drives it with a scripted host)' }
        return $null
    }

    $script:SavedHome = $env:HOME; $script:SavedConfig = $env:AWS_CONFIG_FILE; $script:SavedBrowser = $env:BROWSER
    $script:Template = Join-Path ([IO.Path]::GetTempPath()) ('ssotools-examples-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Force (Join-Path $script:Template 'home/.aws')
    $env:HOME = Join-Path $script:Template 'home'
    $env:AWS_CONFIG_FILE = Join-Path $env:HOME '.aws/config'
    # A browser for the children: follows the sign-in redirect to the loopback listener (http), never on to AWS (https).
    $script:BrowserScript = Join-Path $script:Template 'browser.sh'
    Set-Content -Path $script:BrowserScript -Value "#!/bin/sh`nexec curl -s -L --proto-redir =http -o /dev/null --max-time 20 `"`$1`"`n" -NoNewline
    if (-not $IsWindows) { chmod +x $script:BrowserScript }
    $script:Server = Start-SsoTestServer -AccountId 111122223333, 444455556666, 100000000002 -RolesPerAccount 3
    New-SsoSession -Name my-sso -StartUrl https://my-sso-portal.awsapps.com/start -Region us-east-1 | Out-Null
    New-SsoSession -Name work -StartUrl https://work-portal.awsapps.com/start -Region us-east-1 | Out-Null
    Invoke-SsoLogin -SessionName my-sso 6>$null | Out-Null
    Invoke-SsoLogin -SessionName work 6>$null | Out-Null
    Set-SsoProfile -Name dev -SessionName my-sso -AccountId 111122223333 -RoleName ReadOnly -Region us-west-2 | Out-Null
    Set-SsoProfile -Name prod-ro -SessionName work -AccountId 111122223333 -RoleName ReadOnly -Region eu-west-1 | Out-Null
    Set-SsoProfile -Name prod-deploy -SessionName work -AccountId 444455556666 -RoleName Admin | Out-Null
    New-SsoSession -Name old-sso -StartUrl https://old-portal.awsapps.com/start -Region us-east-1 | Out-Null
    Set-SsoProfile -Name old-dev -SessionName old-sso -AccountId 111122223333 -RoleName ReadOnly | Out-Null
    Add-Content $env:AWS_CONFIG_FILE "`n[profile deploy]`nrole_arn = arn:aws:iam::100000000002:role/Deploy`nsource_profile = dev`nregion = eu-central-1`n"
    # An empty sandbox, for the examples that start from nothing (New-SsoSession my-sso ...).
    $null = New-Item -ItemType Directory -Force (Join-Path $script:Template 'empty/.aws')
    $script:Runbook = Join-Path $RepoRoot 'docs/examples/Invoke-ReadOnlyAudit.ps1'
    $script:Psd1 = Join-Path $ModulePath 'SsoTools.psd1'
    $script:Run = 0
}
AfterAll {
    Stop-SsoTestServer
    $env:HOME = $script:SavedHome; $env:AWS_CONFIG_FILE = $script:SavedConfig; $env:BROWSER = $script:SavedBrowser
    Remove-Item -Recurse -Force $script:Template -ErrorAction SilentlyContinue
}

# Windows: skipped, the examples' stand-in browser and scripts are sh.
Describe 'Help example: <Cmdlet>, <Title>' -ForEach $Examples -Skip:$IsWindows {
    It 'runs' {
        $reason = Get-SkipReason $Code
        if ($reason) { Set-ItResult -Skipped -Because $reason; return }
        # A copy of the sandbox for each example: one that signs out or removes things leaves the next alone.
        $script:Run++
        $copy = Join-Path $script:Template "run$($script:Run)"
        $fresh = $Code -match 'New-SsoSession' -and $Code -notmatch '-Force'
        Copy-Item -Recurse (Join-Path $script:Template $(if ($fresh) { 'empty' } else { 'home' })) $copy
        Copy-Item $script:Runbook $copy   # the runbook some examples run
        # The reader's own tool that one example hands the keys to: here, one that checks it got them.
        Set-Content (Join-Path $copy 'legacy-deploy.sh') "#!/bin/sh`ntest -n `"`$AWS_ACCESS_KEY_ID`" && test -n `"`$AWS_SESSION_TOKEN`"`n" -NoNewline
        chmod +x (Join-Path $copy 'legacy-deploy.sh')
        # The server is shared: an example that signs out ends the sign-ins every copy holds. Each starts signed in anew.
        $prelude = if ($fresh) { '' } else { "foreach (`$s in 'my-sso', 'work') { Invoke-SsoLogin -SessionName `$s -Force 6>`$null | Out-Null }`n" }
        $script = "Import-Module '$script:Psd1'; `$ErrorActionPreference = 'Stop'; Set-Location '$copy'; try { $prelude& {`n$Code`n} *> `$null; 'EXAMPLE-OK' } catch { 'EXAMPLE-ERR ' + `$_.FullyQualifiedErrorId + ' :: ' + `$_.Exception.Message }"
        $environment = @{
            HOME = $copy; AWS_CONFIG_FILE = Join-Path $copy '.aws/config'; BROWSER = $script:BrowserScript
            AWS_DEFAULT_REGION = 'us-east-1'   # as a user's environment has: the AWS CLI v1 needs one for STS
        }
        $r = Wait-TestPwsh (Start-TestPwsh $script -Environment $environment) 120
        $last = @($r.Stdout -split "`n" | Where-Object { $_ -like 'EXAMPLE-*' })[-1]
        if ($env:SSOTOOLS_EXAMPLES_LOG -and $last -ne 'EXAMPLE-OK') { Add-Content $env:SSOTOOLS_EXAMPLES_LOG "$Cmdlet | $Title | $last | $($r.Stderr.Trim())" }
        $last | Should -Be 'EXAMPLE-OK' -Because "$Cmdlet '$Title' must run as documented ($($r.Stderr.Trim()))"
    }
}
