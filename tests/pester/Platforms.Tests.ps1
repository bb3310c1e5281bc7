# What Windows and Windows PowerShell 5.1 need, proven here (no Windows machine): the Desktop build's
# assembly closure read from its metadata, the rules its loader applies, and the module root's checks.
# The same suite runs on Windows in CI (.github/workflows/ci.yml), where these run against the real thing.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Desktop = Join-Path $script:ModulePath 'Desktop'

    # Name, version and public key token of a file, and the same of every assembly it references.
    function Read-AssemblyMetadata([string] $Path) {
        $fs = [IO.File]::OpenRead($Path)
        try {
            $pe = [System.Reflection.PortableExecutable.PEReader]::new($fs)
            $md = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            $def = $md.GetAssemblyDefinition()
            $name = $def.GetAssemblyName()
            $refs = foreach ($h in $md.AssemblyReferences) { $md.GetAssemblyReference($h).GetAssemblyName() }
            $types = foreach ($h in $md.TypeDefinitions) { $t = $md.GetTypeDefinition($h); $md.GetString($t.Namespace) + '.' + $md.GetString($t.Name) }
            [pscustomobject]@{ File = [IO.Path]::GetFileName($Path); Name = $name; References = @($refs); Types = @($types) }
        }
        finally { $fs.Dispose() }
    }

    # What .NET Framework 4.7.2+ and Windows PowerShell 5.1 provide themselves (the GAC, the netstandard facade).
    $script:Framework = @{
        'mscorlib' = '4.0.0.0'; 'netstandard' = '2.0.0.0'; 'System' = '4.0.0.0'; 'System.Core' = '4.0.0.0'
        'System.Management.Automation' = '3.0.0.0'; 'System.Net.Http' = '4.0.0.0'; 'System.Xml' = '4.0.0.0'
        'System.Numerics' = '4.0.0.0'; 'System.Runtime.Serialization' = '4.0.0.0'; 'System.Data' = '4.0.0.0'
    }

    # Every reference of every file that would not bind on .NET Framework: not the exact version of a
    # file shipped beside it, not covered by the loader's redirect rule, and not the framework's own.
    function Get-UnboundReference($Assemblies) {
        $shipped = @{}
        foreach ($a in $Assemblies) { $shipped[$a.Name.Name] = $a.Name }
        foreach ($a in $Assemblies) {
            foreach ($r in $a.References) {
                $file = $shipped[$r.Name]
                if ($file) {
                    # Same name and key, same version (binds as it is) or older (the loader redirects it).
                    if ([SsoTools.Loader.BindingRedirect]::Covers($r, $file)) { continue }
                    "$($a.File) -> $($r.FullName): ships $($file.FullName), which the loader does not redirect to"
                    continue
                }
                $fw = $script:Framework[$r.Name]
                if ($fw -and [version]$fw -ge $r.Version) { continue }
                "$($a.File) -> $($r.FullName): neither shipped in Desktop/ nor part of .NET Framework 4.7.2"
            }
        }
    }
}

Describe 'The Desktop build (Windows PowerShell 5.1): every reference binds' {
    BeforeAll {
        $script:Assemblies = @(Get-ChildItem $script:Desktop -Filter *.dll | ForEach-Object { Read-AssemblyMetadata $_.FullName })
    }

    It 'ships the loader beside the files it redirects to, and the module root imports it before SsoTools.dll' {
        Join-Path $script:Desktop 'SsoTools.Loader.dll' | Should -Exist
        $root = Get-Content -Raw (Join-Path $script:ModulePath 'SsoTools.psm1')
        $loader = $root.IndexOf("'Desktop', 'SsoTools.Loader.dll'")
        $loader | Should -BeGreaterThan 0
        $root.IndexOf("'Desktop', 'SsoTools.dll'") | Should -BeGreaterThan $loader
        # The loader references nothing but the framework: it must load before anything is redirected.
        $l = $script:Assemblies | Where-Object File -EQ 'SsoTools.Loader.dll'
        @($l.References | Where-Object { -not $script:Framework.ContainsKey($_.Name) }).Count | Should -Be 0
        $l.Types | Should -Contain 'SsoTools.Loader.DesktopResolver'
    }

    It 'has the references .NET Framework would refuse without the loader (so the check below is not empty)' {
        $mismatched = foreach ($a in $script:Assemblies) {
            foreach ($r in $a.References) {
                $f = $script:Assemblies | Where-Object { $_.Name.Name -eq $r.Name }
                if ($f -and $f.Name.Version -ne $r.Version) { "$($a.File) -> $($r.Name) $($r.Version)" }
            }
        }
        # The ones the issue found: System.Text.Json 6.0.0.0 (8.0.0.0 ships), Unsafe 4.0.4.1 (6.0.0.0), Buffers 4.0.2.0 (4.0.3.0).
        $mismatched | Should -Contain 'AWSSDK.Core.dll -> System.Text.Json 6.0.0.0'
        $mismatched | Should -Contain 'System.Memory.dll -> System.Runtime.CompilerServices.Unsafe 4.0.4.1'
        $mismatched | Should -Contain 'System.Memory.dll -> System.Buffers 4.0.2.0'
    }

    It 'binds every reference of every Desktop file: exactly, through the loader, or to the framework' {
        $unbound = @(Get-UnboundReference $script:Assemblies)
        $unbound -join "`n" | Should -BeNullOrEmpty
    }

    It 'the check fails on a reference nothing covers (a fixture)' {
        $shippedMemory = [Reflection.AssemblyName]::new('System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51')
        $fixture = @(
            [pscustomobject]@{ File = 'System.Memory.dll'; Name = $shippedMemory; References = @() }
            [pscustomobject]@{ File = 'New.dll'; Name = [Reflection.AssemblyName]::new('New, Version=1.0.0.0')
                References = @(
                    [Reflection.AssemblyName]::new('System.Memory, Version=4.0.5.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51')  # newer than shipped
                    [Reflection.AssemblyName]::new('System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=0000000000000000')  # another key
                    [Reflection.AssemblyName]::new('Missing.Thing, Version=1.0.0.0')                                                     # not shipped
                    [Reflection.AssemblyName]::new('System.Memory, Version=4.0.1.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51')  # older: redirected
                    [Reflection.AssemblyName]::new('netstandard, Version=2.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51')    # framework
                ) }
        )
        $unbound = @(Get-UnboundReference $fixture)
        $unbound.Count | Should -Be 3
        $unbound[0] | Should -Match 'System.Memory, Version=4.0.5.0'
        $unbound[1] | Should -Match 'PublicKeyToken=0000000000000000'
        $unbound[2] | Should -Match 'Missing.Thing.*neither shipped'
    }

    It 'the redirect rule: same name and key, same or newer version' {
        $req = { param($v, $t = 'cc7b13ffcd2ddd51') [Reflection.AssemblyName]::new("System.Text.Json, Version=$v, Culture=neutral, PublicKeyToken=$t") }
        $shipped = & $req '8.0.0.0'
        [SsoTools.Loader.BindingRedirect]::Covers((& $req '6.0.0.0'), $shipped) | Should -BeTrue
        [SsoTools.Loader.BindingRedirect]::Covers((& $req '8.0.0.0'), $shipped) | Should -BeTrue
        [SsoTools.Loader.BindingRedirect]::Covers((& $req '9.0.0.0'), $shipped) | Should -BeFalse
        [SsoTools.Loader.BindingRedirect]::Covers((& $req '6.0.0.0' '31bf3856ad364e35'), $shipped) | Should -BeFalse
        [SsoTools.Loader.BindingRedirect]::Covers([Reflection.AssemblyName]::new('System.Text.Json'), $shipped) | Should -BeTrue
        [SsoTools.Loader.BindingRedirect]::Covers([Reflection.AssemblyName]::new('System.Memory, Version=4.0.1.2'), $shipped) | Should -BeFalse
    }

    It 'Start-SsoTestServer and Stop-SsoTestServer exist in the Desktop build too (they say they need PowerShell 7)' {
        $sso = $script:Assemblies | Where-Object File -EQ 'SsoTools.dll'
        $sso.Types | Should -Contain 'SsoTools.Commands.StartSsoTestServerCommand'
        $sso.Types | Should -Contain 'SsoTools.Commands.StopSsoTestServerCommand'
        # Every cmdlet the manifest exports is a type in both builds.
        $manifest = Import-PowerShellDataFile (Join-Path $script:ModulePath 'SsoTools.psd1')
        $core = Read-AssemblyMetadata (Join-Path $script:ModulePath 'Core/SsoTools.dll')
        foreach ($cmd in $manifest.CmdletsToExport) {
            $type = 'SsoTools.Commands.' + ($cmd -replace '-', '') + 'Command'
            $sso.Types | Should -Contain $type -Because "$cmd is exported in Windows PowerShell 5.1 too"
            $core.Types | Should -Contain $type
        }
    }
}

Describe 'TLS 1.2 on .NET Framework' {
    It 'adds TLS 1.2 and takes SSL 3 out where the process names its protocols; leaves the OS default alone' {
        $ssl3 = 48; $tls = 192; $tls11 = 768; $tls12 = 3072; $tls13 = 12288
        [SsoTools.Loader.TlsPolicy]::Widen($ssl3 -bor $tls) | Should -Be ($tls -bor $tls12)
        [SsoTools.Loader.TlsPolicy]::Widen($tls -bor $tls11) | Should -Be ($tls -bor $tls11 -bor $tls12)
        [SsoTools.Loader.TlsPolicy]::Widen($tls12) | Should -Be $tls12
        [SsoTools.Loader.TlsPolicy]::Widen($tls12 -bor $tls13) | Should -Be ($tls12 -bor $tls13)
        [SsoTools.Loader.TlsPolicy]::Widen(0) | Should -Be 0
    }
}

Describe 'The module root on older PowerShell' {
    BeforeAll {
        $script:RootAst = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $script:ModulePath 'SsoTools.psm1'), [ref]$null, [ref]$null)
        # The version check as the root runs it, with the version it reads replaced by one under test.
        function Invoke-VersionCheck([version] $Version) {
            $check = $script:RootAst.FindAll({ param($n) $n -is [System.Management.Automation.Language.IfStatementAst] -and $n.Clauses[0].Item1.Extent.Text -match 'PSVersion -lt' }, $true) | Select-Object -First 1
            $check | Should -Not -BeNullOrEmpty
            $text = $check.Extent.Text -replace '\$PSVersionTable\.PSVersion', '$FakeVersion'
            $FakeVersion = $Version
            try { . ([scriptblock]::Create($text)); 'loaded' } catch { $_.Exception.Message }
        }
    }

    It 'PowerShell 7.0 to 7.3 get "needs 7.4 or later", not a load exception' {
        foreach ($v in '7.0.13', '7.2.24', '7.3.12') {
            $m = Invoke-VersionCheck ([version]$v)
            $m | Should -Match 'SsoTools needs PowerShell 7\.4 or later'
            $m | Should -Match ([regex]::Escape("PowerShell $v"))
            $m | Should -Match 'Windows PowerShell 5\.1'
        }
    }

    It 'PowerShell 7.4 and later load' {
        Invoke-VersionCheck ([version]'7.4.0') | Should -Be 'loaded'
        Invoke-VersionCheck ([version]'7.6.9') | Should -Be 'loaded'
        Invoke-VersionCheck $PSVersionTable.PSVersion | Should -Be 'loaded'
    }

    It 'Windows PowerShell 5.1 checks for .NET Framework 4.7.2 before loading Desktop/' {
        $root = Get-Content -Raw (Join-Path $script:ModulePath 'SsoTools.psm1')
        $root | Should -Match '461808'
        $root.IndexOf('461808') | Should -BeLessThan $root.IndexOf("'Desktop', 'SsoTools.Loader.dll'")
    }
}
