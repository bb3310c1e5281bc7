# The README's first command walks tools/Demo.ps1; it parses what the module prints (the
# credential_process line, say), so a change of format there must fail here, not on a newcomer.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator @('--accounts', '3', '--roles-per-account', '2')
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'The demo (build.ps1 Demo)' {
    BeforeEach { $script:Sandbox = Join-Path ([IO.Path]::GetTempPath()) ('ssotools-demo-test-' + [guid]::NewGuid().ToString('N').Substring(0, 8)); $null = New-Item -ItemType Directory $script:Sandbox }
    AfterEach { Remove-Item -Recurse -Force $script:Sandbox -ErrorAction SilentlyContinue }

    It 'walks the whole flow against the emulator and finishes' {
        $demo = Join-Path $RepoRoot 'tools/Demo.ps1'
        $r = Wait-TestPwsh (Start-TestPwsh -Environment @{ SSOTOOLS_DEMO_HOME = $script:Sandbox; SSOTOOLS_DEMO_ENDPOINT = $script:Emu.Url } `
            -Command "& '$demo' -ModulePath '$ModulePath'; exit `$LASTEXITCODE") 180
        $r.ExitCode | Should -Be 0 -Because ($r.Stdout + $r.Stderr)
        $r.Stdout | Should -Match 'helper answered in [\d.,]+ ms: Version 1, AccessKeyId ASIA'
        $r.Stdout | Should -Match 'Demo finished: session, login, accounts, roles, profiles, credentials'
    }
}
