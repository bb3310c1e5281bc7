BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    # Restored with Pester by build.ps1 (tests/tools/tools.csproj); Run-Pester.ps1 says where.
    $script:OldCore = Join-Path $env:SSOTOOLS_NUGET_PACKAGES 'awssdk.core/3.7.402/lib/net8.0/AWSSDK.Core.dll'
}
AfterAll { Stop-TestEmulator $script:Emu }

# AWS Tools for PowerShell loads its own AWSSDK.Core. SsoTools must work in such a session, and
# must not disturb it: on PowerShell 7 its AWS SDK lives in a load context of its own.
Describe 'A session that already loaded another AWSSDK.Core' -Skip:($PSEdition -ne 'Core') {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach { Remove-Sandbox $script:Sandbox }

    It 'the conflict is real: SsoTools'' AWS SDK cannot run on the AWSSDK.Core 3.7 in the default context' {
        $script:OldCore | Should -Exist
        $sso = Join-Path $script:ModulePath 'Core/Dependencies/AWSSDK.SSO.dll'
        $out = & $script:PwshExe @script:PwshArgs -NoProfile -NonInteractive -Command @"
`$null = [Reflection.Assembly]::LoadFrom('$($script:OldCore)')
try { `$null = [Reflection.Assembly]::LoadFrom('$sso').GetTypes(); 'loaded' } catch { 'failed: ' + `$_.Exception.InnerException.LoaderExceptions[0].Message }
"@
        ($out -join "`n") | Should -Match "^failed: Could not load file or assembly 'AWSSDK.Core, Version=4"

    }

    It 'signs in, lists accounts and gets credentials, and leaves the other AWSSDK.Core as it was' {
        $out = & $script:PwshExe @script:PwshArgs -NoProfile -NonInteractive -Command @"
`$ErrorActionPreference = 'Stop'
`$null = [Reflection.Assembly]::LoadFrom('$($script:OldCore)')
Import-Module '$(Join-Path $script:ModulePath 'SsoTools.psd1')'
New-SsoSession -Name iso -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
Invoke-SsoLogin -SessionName iso -UseDeviceCode -NoBrowser 6>`$null | Out-Null
`$a = Get-SsoAccount -SessionName iso
Set-SsoProfile -Name iso-p -SessionName iso -AccountId `$a[0].AccountId -RoleName ReadOnly | Out-Null
`$c = Get-SsoRoleCredential -ProfileName iso-p
'accounts=' + `$a.Count
'key=' + `$c.AccessKeyId
'default=' + (([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'AWSSDK.Core' -and [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name -eq 'Default' }).GetName().Version.Major -join ',')
'ssotools=' + (([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'AWSSDK.Core' -and [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name -eq 'SsoTools' }).GetName().Version.Major -join ',')
'typed=' + (`$c -is [SsoTools.Model.SsoRoleCredential])
"@
        $LASTEXITCODE | Should -Be 0
        $text = $out -join "`n"
        $text | Should -Match 'accounts=3'
        $text | Should -Match 'key=ASIA[A-Z0-9]{16}'
        $text | Should -Match 'default=3(\n|$)'
        $text | Should -Match 'ssotools=4(\n|$)'
        $text | Should -Match 'typed=True'
    }
}
