# The whole loop in whatever PowerShell runs this file: CI's Windows PowerShell 5.1 job
# (.github/workflows/ci.yml) runs it alone in powershell.exe, against the Desktop build; the suite
# runs it in pwsh everywhere else. Written for 5.1 on purpose: no Common.ps1 (it uses .NET 8 APIs),
# no ternaries, no '??', no $IsWindows (5.1 has none), ProcessStartInfo.Arguments (no ArgumentList).
BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:ModulePath = $env:SSOTOOLS_MODULE
    if (-not $script:ModulePath) { $script:ModulePath = Join-Path $script:RepoRoot 'out/SsoTools' }
    $script:OnWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
    $script:Desktop = $PSVersionTable.PSEdition -ne 'Core'
    Import-Module (Join-Path $script:ModulePath 'SsoTools.psd1') -Force

    # The emulator, as a process of its own (it is .NET 8 whichever PowerShell runs the tests).
    $dll = Join-Path $script:RepoRoot 'src/SsoTools.Emulator/bin/Release/net8.0/SsoTools.Emulator.dll'
    $psi = New-Object System.Diagnostics.ProcessStartInfo 'dotnet'
    $psi.Arguments = '"' + $dll + '" --port 0 --accounts 2 --roles-per-account 2'
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardInput = $true
    $psi.UseShellExecute = $false
    $script:EmuProcess = [System.Diagnostics.Process]::Start($psi)
    $line = $script:EmuProcess.StandardOutput.ReadLine()
    if ($line -notmatch 'listening on (http://\S+)') { throw "The emulator did not start: $line" }
    $script:Url = $Matches[1]

    $script:Saved = @{}
    foreach ($v in 'HOME', 'USERPROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC',
        'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_SIGNIN', 'BROWSER', 'AWS_PROFILE', 'AWS_EC2_METADATA_DISABLED') {
        $script:Saved[$v] = [Environment]::GetEnvironmentVariable($v)
    }
    $script:Sandbox = Join-Path ([IO.Path]::GetTempPath()) ('ssotools-wps-' + [guid]::NewGuid().ToString('N').Substring(0, 10))
    $null = New-Item -ItemType Directory -Force (Join-Path $script:Sandbox '.aws')
    $env:HOME = $script:Sandbox
    $env:USERPROFILE = $script:Sandbox
    $env:AWS_CONFIG_FILE = Join-Path $script:Sandbox '.aws/config'
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $script:Sandbox '.aws/credentials'
    foreach ($v in 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_SIGNIN') { [Environment]::SetEnvironmentVariable($v, $script:Url) }
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue
    # A headless browser that follows the sign-in to the loopback listener (or approves a device code).
    if ($script:OnWindows) {
        $env:BROWSER = Join-Path $script:Sandbox 'browser.cmd'
        Set-Content -Path $env:BROWSER -Value "@curl.exe -s -L -o NUL --max-time 20 %1`r`n" -NoNewline
    }
    else {
        $env:BROWSER = Join-Path $script:Sandbox 'browser.sh'
        Set-Content -Path $env:BROWSER -Value "#!/bin/sh`nexec curl -s -L -o /dev/null --max-time 20 `"`$1`"`n" -NoNewline
        chmod +x $env:BROWSER
    }

    # A python with botocore (python3 here, often python on Windows), or $null.
    $script:Python = $null
    foreach ($name in 'python3', 'python') {
        $cmd = Get-Command $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($cmd) {
            $null = & $cmd.Source -c 'import botocore' 2>&1
            if ($LASTEXITCODE -eq 0) { $script:Python = $cmd.Source; break }
        }
    }
}

AfterAll {
    foreach ($k in $script:Saved.Keys) { [Environment]::SetEnvironmentVariable($k, $script:Saved[$k]) }
    if ($script:EmuProcess) {
        try { $script:EmuProcess.StandardInput.Close() } catch { }
        if (-not $script:EmuProcess.WaitForExit(5000)) { $script:EmuProcess.Kill() }
    }
    if ($script:Sandbox) { Remove-Item -Recurse -Force $script:Sandbox -ErrorAction SilentlyContinue }
}

Describe 'SsoTools in this PowerShell edition, end to end' {
    It 'imports the build for this edition and exports every cmdlet of the manifest' {
        $m = Get-Module SsoTools
        $m | Should -Not -BeNullOrEmpty
        $manifest = Import-PowerShellDataFile (Join-Path $script:ModulePath 'SsoTools.psd1')
        foreach ($c in $manifest.CmdletsToExport) { $m.ExportedCmdlets.Keys | Should -Contain $c }
        $sso = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'SsoTools' } | Select-Object -First 1
        $folder = Split-Path -Leaf (Split-Path -Parent $sso.Location)
        if ($script:Desktop) { $folder | Should -Be 'Desktop' } else { $folder | Should -Be 'Core' }
    }

    It 'signs in with the browser (PKCE), lists accounts and roles, writes profiles and gets credentials' {
        $null = New-SsoSession -Name wps -StartUrl 'https://d-9067example.awsapps.com/start' -Region us-east-1
        $token = Invoke-SsoLogin -SessionName wps -TimeoutSec 60
        $token.SessionName | Should -Be 'wps'
        $accounts = @(Get-SsoAccount -SessionName wps)
        $accounts.Count | Should -Be 2
        $roles = @($accounts | Get-SsoRole)
        $roles.Count | Should -Be 4
        $profiles = @($roles | Set-SsoProfile -NameTemplate 'wps-{AccountId}-{RoleName}' -Region eu-west-1)
        $profiles.Count | Should -Be 4
        $c = Get-SsoRoleCredential -ProfileName $profiles[0].ProfileName
        $c.AccessKeyId | Should -Match '^ASIA'
        $c.SecretAccessKey.Length | Should -BeGreaterThan 10
        (Export-SsoCredential -ProfileName $profiles[0].ProfileName -Format Process | ConvertFrom-Json).Version | Should -Be 1
    }

    It 'botocore reads the profiles and the token SsoTools wrote' {
        if (-not $script:Python) { Set-ItResult -Skipped -Because 'no python with botocore on this machine'; return }
        $name = (Get-SsoProfile | Where-Object ProfileName -Like 'wps-*' | Select-Object -First 1).ProfileName
        $code = "import botocore.session; s = botocore.session.Session(profile='$name'); print(s.get_credentials().get_frozen_credentials().access_key)"
        $out = & $script:Python -c $code 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        ($out | Select-Object -Last 1) | Should -Match '^ASIA'
    }

    It 'the credential_process line Set-SsoProfile writes runs under botocore on this OS' {
        if (-not $script:Python) { Set-ItResult -Skipped -Because 'no python with botocore on this machine'; return }
        $acct = (Get-SsoAccount -SessionName wps | Select-Object -First 1).AccountId
        $role = (Get-SsoRole -SessionName wps -AccountId $acct | Select-Object -First 1).RoleName
        $null = Set-SsoProfile -Name 'wps.proc' -SessionName wps -AccountId $acct -RoleName $role -CredentialProcess -WarningAction SilentlyContinue
        $line = (Get-Content -Raw $env:AWS_CONFIG_FILE) -split "`r?`n" | Where-Object { $_ -like 'credential_process*' } | Select-Object -Last 1
        $line | Should -Not -BeNullOrEmpty
        $code = @'
import sys, botocore.session
from botocore.credentials import ProcessProvider
s = botocore.session.Session(profile=sys.argv[1])
p = ProcessProvider(profile_name=sys.argv[1], load_config=lambda: s.full_config)
print(p.load().get_frozen_credentials().access_key)
'@
        $out = & $script:Python -c $code 'wps.proc' 2>&1
        $LASTEXITCODE | Should -Be 0 -Because (($out -join "`n") + "`n" + $line)
        ($out | Select-Object -Last 1) | Should -Match '^ASIA'
    }

    It 'Invoke-SsoCommand runs a block with the role''s credentials in a process of its own' {
        $role = Get-SsoAccount -SessionName wps | Select-Object -First 1 | Get-SsoRole | Select-Object -First 1
        $out = @($role | Invoke-SsoCommand { $env:AWS_ACCESS_KEY_ID.Substring(0, 4) })
        $out.Count | Should -Be 1
        "$($out[0])" | Should -Be 'ASIA'
    }

    It 'Start-SsoTestServer runs in PowerShell 7 and says what it needs in Windows PowerShell 5.1' {
        if ($script:Desktop) {
            { Start-SsoTestServer -ErrorAction Stop } | Should -Throw -ErrorId 'TestServerNeedsPowerShell7,SsoTools.Commands.StartSsoTestServerCommand'
            try { Start-SsoTestServer -ErrorAction Stop } catch { $_.ToString() | Should -Match 'needs PowerShell 7\.4 or later' }
            return
        }
        $saved = $env:AWS_ENDPOINT_URL_SSO
        $server = Start-SsoTestServer -Accounts 1
        try { $server.Url | Should -Match '^http://(127\.0\.0\.1|localhost):\d+$' }
        finally { Stop-SsoTestServer }
        $env:AWS_ENDPOINT_URL_SSO | Should -Be $saved
    }

    It 'signs out' {
        $r = Invoke-SsoLogout -SessionName wps -PassThru
        $r | Should -Not -BeNullOrEmpty
        { Get-SsoAccount -SessionName wps -ErrorAction Stop } | Should -Throw -ErrorId 'NotLoggedIn,SsoTools.Commands.GetSsoAccountCommand'
    }
}
