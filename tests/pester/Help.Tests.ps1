BeforeDiscovery {
    # One Describe per exported cmdlet, so a new cmdlet without help fails here by name.
    $modulePath = if ($env:SSOTOOLS_MODULE) { $env:SSOTOOLS_MODULE } else { Join-Path $PSScriptRoot '../../out/SsoTools' }
    $module = Import-Module (Join-Path $modulePath 'SsoTools.psd1') -Force -PassThru
    $script:Cmdlets = @($module.ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:CommonNames = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

    # The parameters a syntax or parameter list should show: no common ones, but WhatIf/Confirm.
    function Get-DocumentedNames($Parameters) {
        @($Parameters | Where-Object { $script:CommonNames -notcontains $_.Name -or $_.Name -in 'WhatIf', 'Confirm' } | ForEach-Object Name)
    }
    function Get-Text($Paras) { (@($Paras | ForEach-Object { $_.Text }) -join "`n").Trim() }
}

Describe 'The help file' {
    It 'is in the built module' {
        Join-Path $ModulePath 'en-US/SsoTools.dll-Help.xml' | Should -Exist
    }
}

Describe 'about_SsoTools' {
    It 'is found by Get-Help offline, and covers sessions, files, refresh, logout, variables and compatibility' {
        $text = Get-Help about_SsoTools | Out-String
        foreach ($part in 'SESSIONS AND PROFILES', 'FILES AND CACHES', 'SIGN-IN AND REFRESH', 'LOGOUT', 'ENVIRONMENT VARIABLES', 'COMPATIBILITY', 'ERRORS', 'EXAMPLES') {
            $text | Should -Match $part
        }
    }

    It 'lists every ErrorId SsoTools raises, with what it means' {
        $text = Get-Content (Join-Path $ModulePath 'en-US/about_SsoTools.help.txt') -Raw
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'SsoTools.Core' } | Select-Object -First 1
        if (-not $core) { Get-SsoSession | Out-Null; $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'SsoTools.Core' } | Select-Object -First 1 }
        $ids = @($core.GetType('SsoTools.Core.Errors.ErrorIds').GetFields() | ForEach-Object { $_.GetValue($null) })
        $ids.Count | Should -BeGreaterThan 40
        $missing = @($ids + 'ScriptBlockError', 'ScriptBlockFailed' | Where-Object { $text -notmatch "\b$_\b" })
        $missing | Should -BeNullOrEmpty -Because 'help/about/about_SsoTools.help.txt is the catalogue of ErrorIds'
    }
}

Describe 'Help for <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $script:Command = Get-Command $Name
        $script:Help = Get-Help $Name -Full
    }

    It 'has a synopsis written for it, not the generated syntax' {
        $synopsis = "$($Help.Synopsis)".Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        # Without help, Get-Help puts the syntax in the synopsis: 'Get-SsoAccount [[-SessionName] <string>] ...'.
        $synopsis | Should -Not -BeLike "$Name*"
        $synopsis | Should -Not -Match '<CommonParameters>|\[-\w+'
    }

    It 'has a description' {
        Get-Text $Help.description | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code' {
        $examples = @($Help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 1
        foreach ($example in $examples) { "$($example.code)".Trim() | Should -Not -BeNullOrEmpty -Because $example.title }
    }

    It 'has examples that parse, and name only SsoTools cmdlets that exist, with parameters they have' {
        $exported = @((Get-Module SsoTools).ExportedCmdlets.Keys)
        foreach ($example in @($Help.examples.example)) {
            $code = "$($example.code)"
            $tokens = $null; $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$tokens, [ref]$errors)
            $errors | Should -BeNullOrEmpty -Because "$($example.title) must be valid PowerShell"
            foreach ($call in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)) {
                $name = $call.GetCommandName()
                if ($name -notlike '*-Sso*') { continue }
                $exported | Should -Contain $name -Because "$($example.title) uses $name"
                $known = @((Get-Command $name).Parameters.Keys)
                foreach ($p in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                    @($known | Where-Object { $_ -like "$($p.ParameterName)*" }).Count | Should -BeGreaterThan 0 -Because "$($example.title): $name has no -$($p.ParameterName)"
                }
            }
        }
    }

    It 'describes every parameter' {
        $documented = @{}
        foreach ($p in @($Help.parameters.parameter)) { if ($p) { $documented[$p.name] = Get-Text $p.description } }
        $missing = @(Get-DocumentedNames $Command.Parameters.Values | Where-Object { -not $documented[$_] })
        $missing | Should -BeNullOrEmpty -Because "every parameter of $Name needs a description in help/$Name.md"
    }

    It 'shows the syntax of every parameter set (the help was built from this module)' {
        $fromHelp = @($Help.syntax.syntaxItem | ForEach-Object { (@($_.parameter | ForEach-Object name) | Sort-Object) -join ',' } | Sort-Object)
        $fromCode = @($Command.ParameterSets | ForEach-Object { (@(Get-DocumentedNames $_.Parameters) | Sort-Object) -join ',' } | Sort-Object)
        $fromHelp | Should -Be $fromCode
    }
}
