# Profile and sso-session names are case-sensitive, as botocore reads them ([profile Prod] and
# [profile prod] are two profiles): one pattern picks the same names in every cmdlet that selects by name.
BeforeDiscovery {
    # A pattern and the names it selects among Prod-a, prod-b and PROD-c (ordinal order). A plain name
    # that exists only in another case selects nothing: a not-found error that names Hint.
    $script:Cases = @(
        @{ Pattern = 'Prod-*'; Expected = @('Prod-a') }
        @{ Pattern = 'prod-*'; Expected = @('prod-b') }
        @{ Pattern = 'PROD-*'; Expected = @('PROD-c') }
        @{ Pattern = '*-a'; Expected = @('Prod-a') }
        @{ Pattern = 'P*'; Expected = @('PROD-c', 'Prod-a') }
        @{ Pattern = '*'; Expected = @('PROD-c', 'Prod-a', 'prod-b') }
        @{ Pattern = 'Prod-a'; Expected = @('Prod-a') }
        @{ Pattern = 'prod-b'; Expected = @('prod-b') }
        @{ Pattern = 'prod-a'; Expected = @(); Hint = 'Prod-a' }
        @{ Pattern = 'PROD-C'; Expected = @(); Hint = 'PROD-c' }
    )
}
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Psd1 = Join-Path $ModulePath 'SsoTools.psd1'
    # Each profile uses the sso-session of its own name.
    $script:Config = (@('Prod-a', 'prod-b', 'PROD-c') | ForEach-Object {
            "[sso-session $_]`nsso_start_url = https://d-123.awsapps.com/start`nsso_region = us-east-1`n[profile $_]`nsso_session = $_`nsso_account_id = 111111110001`nsso_role_name = ReadOnly`n"
        }) -join ''
    function Reset-Config { Set-Content -Path $env:AWS_CONFIG_FILE -Value $script:Config -NoNewline }
    # Names in ordinal order, joined: 'PROD-c,Prod-a' (Should -Be would ignore case).
    function Join-Names([string[]] $Names) {
        $a = [string[]]@($Names | Where-Object { $_ })
        [Array]::Sort($a, [StringComparer]::Ordinal)
        $a -join ','
    }
    # The names of the [KIND NAME] sections in the config file, read without SsoTools.
    function Get-SectionNames([string] $Kind) {
        [regex]::Matches((Get-Content -Raw $env:AWS_CONFIG_FILE), "(?m)^\[$Kind (\S+)\]$") | ForEach-Object { $_.Groups[1].Value }
    }
    function Get-Removed([string] $Kind, [string[]] $Before) {
        $after = @(Get-SectionNames $Kind)
        Join-Names @($Before | Where-Object { $after -cnotcontains $_ })
    }
    # -WhatIf writes to the host, which only another process's output shows: one process for every
    # pattern, each one's output after a '== pattern' line.
    function Get-WhatIfNames([string] $Command, [string[]] $Patterns, [string] $Kind) {
        $commands = ($Patterns | ForEach-Object { "'== $_'; $($Command -f $_) -ErrorAction SilentlyContinue" }) -join '; '
        $out = (Wait-TestPwsh (Start-TestPwsh "Import-Module '$script:Psd1'; $commands") 120).Stdout
        $names = [hashtable]::new([StringComparer]::Ordinal) # 'Prod-*' and 'prod-*' are two keys
        $current = $null
        foreach ($line in $out -split "`r?`n") {
            if ($line -match '^== (.+)$') { $current = $Matches[1]; $names[$current] = @() }
            elseif ($current) { $names[$current] += @([regex]::Matches($line, "\[$Kind ([^\]\s]+)\]") | ForEach-Object { $_.Groups[1].Value }) }
        }
        $names
    }
    # Nothing here calls the service: no emulator, and port 9 refuses whatever would.
    $script:Sandbox = New-Sandbox ([pscustomobject]@{ Url = 'http://127.0.0.1:9' })
}
AfterAll { Remove-Sandbox $script:Sandbox }

Describe 'Profile names: Get-SsoProfile, Test-SsoProfile and Remove-SsoProfile pick the same profiles' -ForEach @(@{ Cases = $Cases }) {
    BeforeAll {
        Reset-Config
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        $script:WhatIf = Get-WhatIfNames "Remove-SsoProfile -Name '{0}' -WhatIf" $Cases.Pattern 'profile'
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before -Because '-WhatIf writes nothing'
    }
    BeforeEach { Reset-Config }

    It "'<Pattern>' selects <Expected>" -ForEach $Cases {
        $want = Join-Names $Expected
        $got = Get-SsoProfile -Name $Pattern -ErrorVariable getErr -ErrorAction SilentlyContinue
        Join-Names $got.ProfileName | Should -BeExactly $want -Because 'Get-SsoProfile'
        $tested = Test-SsoProfile -ProfileName $Pattern -Offline -ErrorVariable testErr -ErrorAction SilentlyContinue
        Join-Names $tested.ProfileName | Should -BeExactly $want -Because 'Test-SsoProfile'
        Join-Names $script:WhatIf[$Pattern] | Should -BeExactly $want -Because 'Remove-SsoProfile -WhatIf'
        $all = @(Get-SectionNames 'profile')
        Remove-SsoProfile -Name $Pattern -Confirm:$false -ErrorVariable removeErr -ErrorAction SilentlyContinue
        Get-Removed 'profile' $all | Should -BeExactly $want -Because 'Remove-SsoProfile'

        $errors = @{ GetSsoProfileCommand = $getErr; TestSsoProfileCommand = $testErr; RemoveSsoProfileCommand = $removeErr }
        foreach ($cmdlet in $errors.Keys) {
            if ($Hint) {
                @($errors[$cmdlet]) | Should -HaveCount 1 -Because $cmdlet
                $errors[$cmdlet][0].FullyQualifiedErrorId | Should -Be "SsoProfileNotFound,SsoTools.Commands.$cmdlet"
                $errors[$cmdlet][0].Exception.Message | Should -BeLikeExactly "*'$Pattern'*did you mean '$Hint'?"
            }
            else { @($errors[$cmdlet]) | Should -HaveCount 0 -Because $cmdlet }
        }
    }

    It "Get-SsoProfile '<Pattern>' | Remove-SsoProfile removes exactly what Get-SsoProfile listed" -ForEach $Cases {
        $all = @(Get-SectionNames 'profile')
        $listed = Join-Names (Get-SsoProfile -Name $Pattern -ErrorAction SilentlyContinue).ProfileName
        Get-SsoProfile -Name $Pattern -ErrorAction SilentlyContinue | Remove-SsoProfile -Confirm:$false
        Get-Removed 'profile' $all | Should -BeExactly $listed
        $listed | Should -BeExactly (Join-Names $Expected)
    }
}

Describe 'sso-session names: Get-SsoSession, Get-SsoProfile -SessionName and Remove-SsoSession pick the same sessions' -ForEach @(@{ Cases = $Cases }) {
    BeforeAll {
        Reset-Config
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        # Remove-SsoSession takes exact names only (a pattern is a name that does not exist).
        $script:Plain = @($Cases | Where-Object { $_.Pattern -notmatch '[*?]' })
        $script:WhatIf = Get-WhatIfNames "Remove-SsoSession -Name '{0}' -Force -WhatIf" $script:Plain.Pattern 'sso-session'
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before -Because '-WhatIf writes nothing'
    }
    BeforeEach { Reset-Config }

    It "'<Pattern>' selects <Expected>" -ForEach $Cases {
        $want = Join-Names $Expected
        $got = Get-SsoSession -Name $Pattern -ErrorVariable getErr -ErrorAction SilentlyContinue
        Join-Names $got.SessionName | Should -BeExactly $want -Because 'Get-SsoSession'
        Join-Names (Get-SsoProfile -SessionName $Pattern).SessionName | Should -BeExactly $want -Because 'Get-SsoProfile -SessionName'
        if ($Hint) {
            @($getErr) | Should -HaveCount 1
            $getErr[0].FullyQualifiedErrorId | Should -Be 'SsoSessionNotFound,SsoTools.Commands.GetSsoSessionCommand'
            $getErr[0].Exception.Message | Should -BeLikeExactly "*`"$Pattern`"*did you mean '$Hint'?"
        }
        else { @($getErr) | Should -HaveCount 0 }
        if ($Pattern -notmatch '[*?]') {
            Join-Names $script:WhatIf[$Pattern] | Should -BeExactly $want -Because 'Remove-SsoSession -WhatIf'
            $all = @(Get-SectionNames 'sso-session')
            Remove-SsoSession -Name $Pattern -Force -Confirm:$false -ErrorVariable removeErr -ErrorAction SilentlyContinue
            Get-Removed 'sso-session' $all | Should -BeExactly $want -Because 'Remove-SsoSession'
            if ($Hint) {
                @($removeErr) | Should -HaveCount 1
                $removeErr[0].FullyQualifiedErrorId | Should -Be 'SsoSessionNotFound,SsoTools.Commands.RemoveSsoSessionCommand'
                $removeErr[0].Exception.Message | Should -BeLikeExactly "*`"$Pattern`"*did you mean '$Hint'?"
            }
            else { @($removeErr) | Should -HaveCount 0 }
        }
    }

    It "Get-SsoSession '<Pattern>' | Remove-SsoSession removes exactly what Get-SsoSession listed" -ForEach $Cases {
        $all = @(Get-SectionNames 'sso-session')
        $listed = Join-Names (Get-SsoSession -Name $Pattern -ErrorAction SilentlyContinue).SessionName
        Get-SsoSession -Name $Pattern -ErrorAction SilentlyContinue | Remove-SsoSession -Force -Confirm:$false
        Get-Removed 'sso-session' $all | Should -BeExactly $listed
        $listed | Should -BeExactly (Join-Names $Expected)
    }
}
