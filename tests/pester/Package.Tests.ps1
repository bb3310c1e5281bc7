# The module as people get it: a Gallery package made by Publish-PSResource, installed with
# Install-PSResource from a local repository into a sandbox, imported by name in a new pwsh, and
# used against the emulator - the native helper included.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    $script:Sandbox = New-Sandbox $script:Emu
    $script:Repo = Join-Path $script:Sandbox 'repo'
    $script:Package = & (Join-Path $RepoRoot 'tools/New-Package.ps1') -ModulePath $ModulePath -Destination $script:Repo

    # A new pwsh whose HOME (and so its user module path and PSResourceGet settings) is the sandbox;
    # NuGet may write NuGet/NuGet.Config in the working folder.
    function Invoke-SandboxPwsh([string] $Command) {
        $unset = @{ XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; XDG_CACHE_HOME = $null; PSModulePath = $null }
        Wait-TestPwsh (Start-TestPwsh $Command -Environment $unset -WorkingDirectory $script:Sandbox) 180
    }
}
AfterAll {
    Stop-TestEmulator $script:Emu
    Remove-Sandbox $script:Sandbox
}

Describe 'The PowerShell Gallery package' {
    It 'is one .nupkg from Publish-PSResource, with a manifest Test-ModuleManifest and Gallery tooling can read' {
        $Package | Should -Exist
        $manifest = Test-ModuleManifest (Join-Path $ModulePath 'SsoTools.psd1')
        $Package | Should -BeLike "*SsoTools.$($manifest.Version).nupkg"
        # Static values, not expressions: what the Gallery shows.
        $data = Import-PowerShellDataFile (Join-Path $ModulePath 'SsoTools.psd1')
        $data.RootModule | Should -Be 'SsoTools.psm1'
        $data.PrivateData.PSData.ProjectUri | Should -Match '^https://'
        $data.PrivateData.PSData.LicenseUri | Should -Match '^https://'
        $data.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
        $data.PrivateData.PSData.Tags | Should -Contain 'AWS'
        # Everything the module needs is inside, the native helper too.
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
        try { $entries = @($zip.Entries.FullName) } finally { $zip.Dispose() }
        foreach ($f in 'SsoTools.psd1', 'SsoTools.psm1', 'Core/SsoTools.dll', 'Core/SsoTools.Loader.dll', 'Core/Dependencies/SsoTools.Core.dll',
                       'Core/Dependencies/AWSSDK.SecurityToken.dll', 'Desktop/SsoTools.dll', 'en-US/SsoTools.dll-Help.xml', 'en-US/about_SsoTools.help.txt') {
            $entries | Should -Contain $f
        }
        @($entries | Where-Object { $_ -like 'bin/*/ssotools-credential-process*' }).Count | Should -BeGreaterThan 0
    }

    It 'has a root module that calls only Microsoft.PowerShell.Core (another module would be loaded at every import: ~100 ms in a new HOME)' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $ModulePath 'SsoTools.psm1'), [ref]$null, [ref]$null)
        $core = @((Get-Command -Module Microsoft.PowerShell.Core).Name)
        foreach ($call in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)) {
            $core | Should -Contain $call.GetCommandName()
        }
    }

    It 'installs with Install-PSResource, imports by name in a new pwsh, and works against the emulator' {
        $r = Invoke-SandboxPwsh @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name Local -Uri '$Repo' -Trusted
Install-PSResource -Name SsoTools -Repository Local -Scope CurrentUser -TrustRepository -Quiet
(Get-InstalledPSResource -Name SsoTools).InstalledLocation
"@
        $r.ExitCode | Should -Be 0 -Because $r.Stderr
        $installed = ($r.Stdout.Trim() -split "`n")[-1].Trim()
        $installed | Should -BeLike "$Sandbox*"

        $r = Invoke-SandboxPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module SsoTools
`$m = Get-Module SsoTools
'BASE ' + `$m.ModuleBase
'CMDLETS ' + @(`$m.ExportedCmdlets.Keys).Count
New-SsoSession -Name pkg -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
Invoke-SsoLogin -SessionName pkg 6>`$null | Out-Null
`$a = Get-SsoAccount -SessionName pkg | Select-Object -First 1
'ACCOUNT ' + `$a.AccountId
Set-SsoProfile -Name pkgp -SessionName pkg -AccountId `$a.AccountId -RoleName ReadOnly -CredentialProcess | Out-Null
'LINE ' + (Get-SsoProfile -Name pkgp).CredentialProcess
"@
        $r.ExitCode | Should -Be 0 -Because $r.Stderr
        $lines = $r.Stdout -split "`n"
        ($lines | Where-Object { $_ -like 'BASE *' }) | Should -BeLike "BASE $Sandbox*"
        ($lines | Where-Object { $_ -like 'CMDLETS *' }) | Should -Be "CMDLETS $(@((Get-Module SsoTools).ExportedCmdlets.Keys).Count)"
        ($lines | Where-Object { $_ -like 'ACCOUNT *' }) | Should -Match '^ACCOUNT \d{12}$'
        $line = ($lines | Where-Object { $_ -like 'LINE *' }).Substring(5).Trim()
        $line | Should -BeLike "'$Sandbox*ssotools-credential-process' --profile 'pkgp'"
        # The package kept no execute bit (a zip); the module gave the helper one, and it answers.
        $helper = ($line -split "'")[1]
        $json = & $helper --profile pkgp | ConvertFrom-Json
        $LASTEXITCODE | Should -Be 0
        $json.Version | Should -Be 1
    }
}
