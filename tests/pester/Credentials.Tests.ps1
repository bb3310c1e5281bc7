# Role credentials: Get-SsoRoleCredential, the shared ~/.aws/cli/cache, Export-SsoCredential,
# Use-SsoProfile and credential_process, against the emulator with the account of compat.md's vector.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Account = '111122223333'
    $script:Other = '111111110002'
    $script:Emu = Start-TestEmulator @('--account-ids', "$Account,$Other", '--roles-per-account', '2')

    # A sandbox with session my-sso signed in and profile ro (ReadOnly in 111122223333, eu-west-1).
    function New-SignedInSandbox {
        $dir = New-Sandbox $script:Emu
        New-SsoSession -Name my-sso -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName my-sso -UseDeviceCode -NoBrowser 6>$null | Out-Null
        Set-SsoProfile -Name ro -SessionName my-sso -AccountId $script:Account -RoleName ReadOnly -Region eu-west-1 | Out-Null
        Reset-EmulatorCounters $script:Emu
        return $dir
    }

    function Get-RoleFetches { [int](Get-EmulatorCounters $script:Emu).GetRoleCredentials }

    # Runs bash with nothing in its environment but PATH, so no AWS_* value leaks in from this process.
    function Invoke-CleanBash([string] $Script) {
        $out = & env -i "PATH=$env:PATH" bash -c $Script 2>&1
        if ($LASTEXITCODE -ne 0) { throw "bash failed: $($out -join "`n")" }
        return $out
    }

    # The cache files and the text formats keep whole seconds.
    function Get-WholeSecond([datetime] $Time) {
        $utc = $Time.ToUniversalTime()
        [datetime]::new($utc.Ticks - $utc.Ticks % [timespan]::TicksPerSecond, [DateTimeKind]::Utc)
    }

    # Python that builds a boto3 session whose SSO provider keeps its credentials in
    # ~/.aws/cli/cache, as the AWS CLI sets it up (awscli/customizations/assumerole.py);
    # plain boto3 keeps them in memory only.
    $script:PyCliSession = @'
import os, boto3, botocore.session
from botocore.credentials import JSONFileCache
def cli_session(profile):
    b = botocore.session.Session(profile=profile)
    b.get_component('credential_provider').get_provider('sso').cache = JSONFileCache(os.path.expanduser(os.path.join('~', '.aws', 'cli', 'cache')))
    return boto3.Session(botocore_session=b)

'@

    $script:AwsVars = 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_CREDENTIAL_EXPIRATION'
    function Clear-AwsVars { foreach ($v in $script:AwsVars) { Remove-Item "Env:$v" -ErrorAction SilentlyContinue } }
}
AfterAll {
    Clear-AwsVars
    Stop-TestEmulator $script:Emu
}

Describe 'Get-SsoRoleCredential' {
    BeforeAll { $script:Sandbox = New-SignedInSandbox }
    AfterAll { Clear-AwsVars; Remove-Sandbox $script:Sandbox }

    It 'gives the same credentials whichever way the role is named' {
        $byProfile = Get-SsoRoleCredential -ProfileName ro
        $byProfile | Should -HaveCount 1
        $byProfile | Should -BeOfType 'SsoTools.Model.SsoRoleCredential'
        Get-RoleFetches | Should -Be 1

        $env:AWS_PROFILE = 'ro'
        try { $byEnv = Get-SsoRoleCredential } finally { Remove-Item Env:AWS_PROFILE }
        $byIds = Get-SsoRoleCredential -SessionName my-sso -AccountId $Account -RoleName ReadOnly
        $role = Get-SsoAccount -SessionName my-sso | Get-SsoRole | Where-Object { $_.AccountId -eq $Account -and $_.RoleName -eq 'ReadOnly' }
        $role | Should -HaveCount 1
        $byRole = $role | Get-SsoRoleCredential
        $byProfileObject = Get-SsoProfile -Name ro | Get-SsoRoleCredential

        $byProfile.AccessKeyId | Should -Match '^ASIA[A-Z0-9]{16}$'
        $byProfile.SecretAccessKey | Should -Not -BeNullOrEmpty
        $byProfile.SessionToken | Should -Not -BeNullOrEmpty
        $byProfile.Expiration | Should -BeOfType [datetime]
        $byProfile.Expiration.Kind | Should -Be 'Local'   # like Get-Date and SsoToken.ExpiresAt; the cache file keeps UTC
        ($byProfile.Expiration.ToUniversalTime() - [datetime]::UtcNow).TotalMinutes | Should -BeGreaterThan 55
        ($byProfile.Expiration.ToUniversalTime() - [datetime]::UtcNow).TotalMinutes | Should -BeLessOrEqual 60.5

        $cases = [ordered]@{ env = $byEnv; ids = $byIds; role = $byRole; profileObject = $byProfileObject }
        foreach ($way in $cases.Keys) {
            $c = $cases[$way]
            $c | Should -HaveCount 1 -Because $way
            $c | Should -BeOfType 'SsoTools.Model.SsoRoleCredential' -Because $way
            foreach ($p in 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration') {
                $c.$p | Should -Be $byProfile.$p -Because "$way gives the same $p"
            }
            $c.AccountId | Should -Be $Account -Because $way
            $c.RoleName | Should -Be 'ReadOnly' -Because $way
            $c.SessionName | Should -Be 'my-sso' -Because $way
        }
        $byProfile.ProfileName | Should -Be 'ro'
        $byEnv.ProfileName | Should -Be 'ro'
        $byProfileObject.ProfileName | Should -Be 'ro'
        $byIds.ProfileName | Should -BeNullOrEmpty
        $byRole.ProfileName | Should -BeNullOrEmpty
        $byProfile.Region | Should -Be 'eu-west-1'
        Get-RoleFetches | Should -Be 1
    }

    It 'serves a second call from the cache, and -Force fetches again' {
        $first = Get-SsoRoleCredential -ProfileName ro
        $before = Get-RoleFetches
        $again = Get-SsoRoleCredential -ProfileName ro
        Get-RoleFetches | Should -Be $before
        $again.AccessKeyId | Should -Be $first.AccessKeyId

        $forced = Get-SsoRoleCredential -ProfileName ro -Force
        Get-RoleFetches | Should -Be ($before + 1)
        $forced.AccessKeyId | Should -Not -Be $first.AccessKeyId
        # ...and the fresh ones replace the cached ones.
        (Get-SsoRoleCredential -ProfileName ro).AccessKeyId | Should -Be $forced.AccessKeyId
        Get-RoleFetches | Should -Be ($before + 1)
    }

    It 'hides the secret and the session token in the default views' {
        $c = Get-SsoRoleCredential -ProfileName ro
        $table = $c | Out-String
        $list = $c | Format-List | Out-String
        foreach ($text in $table, $list) {
            $text | Should -Match ([regex]::Escape($c.AccessKeyId))
            $text.Contains($c.SecretAccessKey) | Should -BeFalse
            $text.Contains($c.SessionToken) | Should -BeFalse
        }
        $list | Should -Match 'SecretAccessKey\s*:\s*\(hidden'
    }
}

Describe 'The role credential cache is the AWS CLI''s' {
    BeforeAll {
        $script:Sandbox = New-SignedInSandbox
        $script:Cred = Get-SsoRoleCredential -SessionName my-sso -AccountId $Account -RoleName ReadOnly
        $script:CachePath = Join-Path $env:HOME '.aws/cli/cache/0521d1f6a6c4e68f9e18540309367cc3cccb6305.json'
    }
    AfterAll { Remove-Sandbox $script:Sandbox }

    It 'writes compat.md''s file: key, mode and content' {
        $CachePath | Should -Exist
        @(Get-ChildItem (Split-Path $CachePath) -Filter *.json) | Should -HaveCount 1
        if (-not $IsWindows) { (Get-Item $CachePath).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite') }
        $raw = [IO.File]::ReadAllText($CachePath)
        $expiration = $Cred.Expiration.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [cultureinfo]::InvariantCulture)
        $expected = '{"ProviderType": "sso", "Credentials": {"AccessKeyId": "' + $Cred.AccessKeyId +
            '", "SecretAccessKey": "' + $Cred.SecretAccessKey + '", "SessionToken": "' + $Cred.SessionToken +
            '", "Expiration": "' + $expiration + '", "AccountId": "111122223333"}}'
        $raw | Should -BeExactly $expected
    }

    It 'botocore''s JSONFileCache reads it' {
        $out = Invoke-Python @'
import json, os
from botocore.utils import JSONFileCache
c = JSONFileCache(os.path.expanduser('~/.aws/cli/cache'))
print(json.dumps(c['0521d1f6a6c4e68f9e18540309367cc3cccb6305']))
'@
        $entry = ($out -join "`n") | ConvertFrom-Json -DateKind String
        $entry.ProviderType | Should -Be 'sso'
        $entry.Credentials.AccessKeyId | Should -Be $Cred.AccessKeyId
        $entry.Credentials.SecretAccessKey | Should -Be $Cred.SecretAccessKey
        $entry.Credentials.SessionToken | Should -Be $Cred.SessionToken
        $entry.Credentials.AccountId | Should -Be $Account
        [datetimeoffset]::Parse($entry.Credentials.Expiration, [cultureinfo]::InvariantCulture).UtcDateTime |
            Should -Be (Get-WholeSecond $Cred.Expiration)
    }

    It 'boto3, set up as the AWS CLI, uses the credentials SsoTools cached, without calling GetRoleCredentials' {
        Reset-EmulatorCounters $script:Emu
        $out = Invoke-Python ($PyCliSession + @'
c = cli_session('ro').get_credentials().get_frozen_credentials()
print(c.access_key)
print(c.secret_key)
print(c.token)
'@)
        $out[0] | Should -BeExactly $Cred.AccessKeyId
        $out[1] | Should -BeExactly $Cred.SecretAccessKey
        $out[2] | Should -BeExactly $Cred.SessionToken
        Get-RoleFetches | Should -Be 0
    }

    It 'SsoTools uses the credentials botocore cached' {
        # Another role, fetched by boto3 first: SsoTools then finds it in the shared cache.
        Set-SsoProfile -Name admin -SessionName my-sso -AccountId $Account -RoleName Admin | Out-Null
        Reset-EmulatorCounters $script:Emu
        $key = Invoke-Python ($PyCliSession + @'
print(cli_session('admin').get_credentials().get_frozen_credentials().access_key)
'@)
        Get-RoleFetches | Should -Be 1
        (Get-SsoRoleCredential -ProfileName admin).AccessKeyId | Should -BeExactly $key
        Get-RoleFetches | Should -Be 1
    }
}

Describe 'Export-SsoCredential' {
    BeforeAll {
        $script:Sandbox = New-SignedInSandbox
        $script:Cred = Get-SsoRoleCredential -ProfileName ro
        $script:IsoExp = $Cred.Expiration.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", [cultureinfo]::InvariantCulture)
    }
    AfterAll { Clear-AwsVars; Remove-Sandbox $script:Sandbox }

    It 'Process: credential_process JSON, Version 1, ISO 8601 expiration' {
        $text = Export-SsoCredential -ProfileName ro -Format Process
        $text | Should -BeOfType [string]
        $o = $text | ConvertFrom-Json -DateKind String
        $o.Version | Should -Be 1
        $o.AccessKeyId | Should -BeExactly $Cred.AccessKeyId
        $o.SecretAccessKey | Should -BeExactly $Cred.SecretAccessKey
        $o.SessionToken | Should -BeExactly $Cred.SessionToken
        $o.Expiration | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$'
        [datetimeoffset]::Parse($o.Expiration, [cultureinfo]::InvariantCulture).UtcDateTime | Should -Be (Get-WholeSecond $Cred.Expiration)
        # The default format is Process.
        Export-SsoCredential -ProfileName ro | Should -BeExactly $text
    }

    # Windows: skipped, no POSIX bash to eval in.
    It 'Env: bash eval exports all four variables' -Skip:$IsWindows {
        $file = Join-Path $Sandbox 'env.sh'
        Export-SsoCredential -ProfileName ro -Format Env | Set-Content -Path $file
        # printenv runs as a child: it sees only exported variables.
        $out = Invoke-CleanBash "eval `"`$(cat '$file')`"; for v in AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION; do printenv `$v || echo MISSING; done"
        $out | Should -HaveCount 4
        $out[0] | Should -BeExactly $Cred.AccessKeyId
        $out[1] | Should -BeExactly $Cred.SecretAccessKey
        $out[2] | Should -BeExactly $Cred.SessionToken
        $out[3] | Should -BeExactly "$IsoExp+00:00"
    }

    It 'EnvNoExport: bash eval sets all four variables in the shell, unexported' -Skip:$IsWindows {
        $file = Join-Path $Sandbox 'noexport.sh'
        Export-SsoCredential -ProfileName ro -Format EnvNoExport | Set-Content -Path $file
        (Get-Content $file) | Should -Not -Match '^export '
        $out = Invoke-CleanBash "eval `"`$(cat '$file')`"; echo `"`$AWS_ACCESS_KEY_ID`"; echo `"`$AWS_SECRET_ACCESS_KEY`"; echo `"`$AWS_SESSION_TOKEN`"; echo `"`$AWS_CREDENTIAL_EXPIRATION`"; printenv AWS_ACCESS_KEY_ID || echo UNEXPORTED"
        $out | Should -HaveCount 5
        $out[0] | Should -BeExactly $Cred.AccessKeyId
        $out[1] | Should -BeExactly $Cred.SecretAccessKey
        $out[2] | Should -BeExactly $Cred.SessionToken
        $out[3] | Should -BeExactly "$IsoExp+00:00"
        $out[4] | Should -Be 'UNEXPORTED'
    }

    It 'PowerShell: Invoke-Expression sets $env:AWS_*' {
        Clear-AwsVars
        $text = Export-SsoCredential -ProfileName ro -Format PowerShell
        try {
            & { Invoke-Expression $text }
            $env:AWS_ACCESS_KEY_ID | Should -BeExactly $Cred.AccessKeyId
            $env:AWS_SECRET_ACCESS_KEY | Should -BeExactly $Cred.SecretAccessKey
            $env:AWS_SESSION_TOKEN | Should -BeExactly $Cred.SessionToken
            $env:AWS_CREDENTIAL_EXPIRATION | Should -BeExactly "$IsoExp+00:00"
        }
        finally { Clear-AwsVars }
    }

    It 'WindowsCmd: set VAR=value lines' {
        $lines = (Export-SsoCredential -ProfileName ro -Format WindowsCmd) -split "`r?`n"
        $lines | Should -HaveCount 4
        $vars = @{}
        foreach ($l in $lines) {
            if ($l -match '^set (AWS_[A-Z_]+)=(.+)$') { $vars[$Matches[1]] = $Matches[2] } else { throw "Not a set line: $l" }
        }
        $vars.Keys | Should -HaveCount 4
        $vars.AWS_ACCESS_KEY_ID | Should -BeExactly $Cred.AccessKeyId
        $vars.AWS_SECRET_ACCESS_KEY | Should -BeExactly $Cred.SecretAccessKey
        $vars.AWS_SESSION_TOKEN | Should -BeExactly $Cred.SessionToken
        $vars.AWS_CREDENTIAL_EXPIRATION | Should -BeExactly "$IsoExp+00:00"
    }

    It 'Json: one object with the credentials and what they are for' {
        $o = Export-SsoCredential -ProfileName ro -Format Json | ConvertFrom-Json -DateKind String
        $o.AccessKeyId | Should -BeExactly $Cred.AccessKeyId
        $o.SecretAccessKey | Should -BeExactly $Cred.SecretAccessKey
        $o.SessionToken | Should -BeExactly $Cred.SessionToken
        [datetimeoffset]::Parse($o.Expiration, [cultureinfo]::InvariantCulture).UtcDateTime | Should -Be (Get-WholeSecond $Cred.Expiration)
        $o.AccountId | Should -Be $Account
        $o.RoleName | Should -Be 'ReadOnly'
        $o.ProfileName | Should -Be 'ro'
        $o.SessionName | Should -Be 'my-sso'
        $o.Region | Should -Be 'eu-west-1'
    }
}

Describe 'Use-SsoProfile' {
    BeforeAll {
        $script:Sandbox = New-SignedInSandbox
        $script:Cred = Get-SsoRoleCredential -ProfileName ro
    }
    BeforeEach { Clear-AwsVars }
    AfterEach { Clear-AwsVars }
    AfterAll { Remove-Sandbox $script:Sandbox }

    It 'streams the block''s output and errors through, and sees the caller''s variables' {
        $outer = 'from the caller'
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $ev = $null
        $seen = Use-SsoProfile -ProfileName ro -ScriptBlock {
            "one $outer"
            Start-Sleep -Milliseconds 400
            Write-Error 'a soft error' -ErrorAction Continue
            'two'
        } -ErrorVariable ev 2>$null | ForEach-Object { [pscustomobject]@{ Value = $_; At = $sw.ElapsedMilliseconds } }
        $seen.Value | Should -Be @('one from the caller', 'two')
        # The first item arrived before the block slept: streamed, not collected at the end.
        ($seen[1].At - $seen[0].At) | Should -BeGreaterOrEqual 300
        $ev | Should -HaveCount 1
        "$($ev[0])" | Should -Be 'a soft error'
    }

    It 'a throwing block keeps the output it wrote before the throw' {
        $out = [System.Collections.Generic.List[object]]::new()
        { Use-SsoProfile -ProfileName ro -ScriptBlock { 'before'; throw 'boom' } | ForEach-Object { $out.Add($_) } } | Should -Throw 'boom'
        $out | Should -Be @('before')
        Test-Path Env:AWS_PROFILE | Should -BeFalse
    }

    It 'sets AWS_PROFILE, and nothing else without -Credentials' {
        Use-SsoProfile -ProfileName ro | Should -BeNullOrEmpty
        $env:AWS_PROFILE | Should -Be 'ro'
        Test-Path Env:AWS_ACCESS_KEY_ID | Should -BeFalse
        Test-Path Env:AWS_REGION | Should -BeFalse
    }

    It 'with -Credentials also sets the key variables and AWS_REGION from the profile' {
        Use-SsoProfile -ProfileName ro -Credentials
        $env:AWS_PROFILE | Should -Be 'ro'
        $env:AWS_ACCESS_KEY_ID | Should -BeExactly $Cred.AccessKeyId
        $env:AWS_SECRET_ACCESS_KEY | Should -BeExactly $Cred.SecretAccessKey
        $env:AWS_SESSION_TOKEN | Should -BeExactly $Cred.SessionToken
        $env:AWS_REGION | Should -Be 'eu-west-1'
    }

    It 'with -ScriptBlock sets them only inside, then restores the previous values and unset ones' {
        $env:AWS_PROFILE = 'before'
        $env:AWS_REGION = 'us-west-2'
        $inside = Use-SsoProfile -ProfileName ro -Credentials -ScriptBlock {
            [pscustomobject]@{
                Profile = $env:AWS_PROFILE; Key = $env:AWS_ACCESS_KEY_ID; Secret = $env:AWS_SECRET_ACCESS_KEY
                Token = $env:AWS_SESSION_TOKEN; Region = $env:AWS_REGION
            }
        }
        $inside | Should -HaveCount 1
        $inside.Profile | Should -Be 'ro'
        $inside.Key | Should -BeExactly $Cred.AccessKeyId
        $inside.Secret | Should -BeExactly $Cred.SecretAccessKey
        $inside.Token | Should -BeExactly $Cred.SessionToken
        $inside.Region | Should -Be 'eu-west-1'

        $env:AWS_PROFILE | Should -Be 'before'
        $env:AWS_REGION | Should -Be 'us-west-2'
        Test-Path Env:AWS_ACCESS_KEY_ID | Should -BeFalse
        Test-Path Env:AWS_SECRET_ACCESS_KEY | Should -BeFalse
        Test-Path Env:AWS_SESSION_TOKEN | Should -BeFalse
    }

    It 'clears every variable that chooses credentials, the same list as Invoke-SsoCommand, and restores them after the block' {
        $names = 'AWS_DEFAULT_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_CREDENTIAL_EXPIRATION'
        $probe = { $names | ForEach-Object { '{0}={1}' -f $_, [Environment]::GetEnvironmentVariable($_) } }
        try {
            foreach ($n in $names) { [Environment]::SetEnvironmentVariable($n, "left-$n") }
            $inBlock = Use-SsoProfile -ProfileName ro -ScriptBlock $probe
            $inBlock | Should -Be ($names | ForEach-Object { "$_=" })
            # After the block: every value as it was.
            & $probe | Should -Be ($names | ForEach-Object { "$_=left-$_" })
            $inChild = Invoke-SsoCommand -ProfileName ro -ArgumentList (, $names) { param($n) $n | ForEach-Object { '{0}={1}' -f $_, [Environment]::GetEnvironmentVariable($_) } }
            # The child gets this role's keys instead; the profile names and the old token name are gone, as in the block.
            foreach ($n in 'AWS_DEFAULT_PROFILE', 'AWS_SECURITY_TOKEN') { "$inChild" | Should -Match "$n=(\s|$)" }
            Use-SsoProfile -ProfileName ro
            foreach ($n in $names) { [Environment]::GetEnvironmentVariable($n) | Should -BeNullOrEmpty -Because "$n would win over AWS_PROFILE" }
        }
        finally { foreach ($n in $names) { [Environment]::SetEnvironmentVariable($n, $null) } }
    }

    It 'with -ScriptBlock and no previous AWS_PROFILE leaves it unset after' {
        $seen = Use-SsoProfile -ProfileName ro -ScriptBlock { $env:AWS_PROFILE }
        $seen | Should -Be 'ro'
        Test-Path Env:AWS_PROFILE | Should -BeFalse
    }

    It 'restores the environment after a block that throws, and the error reaches the caller' {
        $env:AWS_PROFILE = 'before'
        $env:AWS_ACCESS_KEY_ID = 'AKIAOLDOLDOLDOLDOLD1'
        $script:SeenInside = $null
        { Use-SsoProfile -ProfileName ro -Credentials -ScriptBlock { $script:SeenInside = $env:AWS_ACCESS_KEY_ID; throw 'boom in block' } } |
            Should -Throw '*boom in block*'
        $script:SeenInside | Should -BeExactly $Cred.AccessKeyId
        $env:AWS_PROFILE | Should -Be 'before'
        $env:AWS_ACCESS_KEY_ID | Should -Be 'AKIAOLDOLDOLDOLDOLD1'
        Test-Path Env:AWS_SESSION_TOKEN | Should -BeFalse
        Test-Path Env:AWS_REGION | Should -BeFalse
    }
}

Describe 'Errors say what went wrong and what to do' {
    BeforeAll {
        $script:Sandbox = New-SignedInSandbox
        New-SsoSession -Name never -StartUrl https://d-456.awsapps.com/start -Region us-east-1 | Out-Null
        Set-SsoProfile -Name b -SessionName my-sso | Out-Null

        # Throws the error Get-SsoRoleCredential writes; returns its ErrorRecord.
        function Get-CredentialError([hashtable] $Arguments) {
            $err = $null
            $out = Get-SsoRoleCredential @Arguments -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            return $err[0]
        }
    }
    AfterAll { Remove-Sandbox $script:Sandbox }

    It 'a role that is not assigned: RoleNotAssigned, listing the roles there' {
        $e = Get-CredentialError @{ SessionName = 'my-sso'; AccountId = $Account; RoleName = 'PowerUser' }
        $e.FullyQualifiedErrorId | Should -BeExactly 'RoleNotAssigned,SsoTools.Commands.GetSsoRoleCredentialCommand'
        $e.Exception.Message | Should -BeLike "*PowerUser*$Account*ReadOnly, Admin*"
    }

    It 'an unknown account: AccountNotFound, pointing to Get-SsoAccount' {
        $e = Get-CredentialError @{ SessionName = 'my-sso'; AccountId = '999999999999'; RoleName = 'ReadOnly' }
        $e.FullyQualifiedErrorId | Should -BeExactly 'AccountNotFound,SsoTools.Commands.GetSsoRoleCredentialCommand'
        $e.Exception.Message | Should -BeLike '*999999999999*Get-SsoAccount*'
    }

    It 'not signed in: NotLoggedIn, naming Invoke-SsoLogin' {
        $e = Get-CredentialError @{ SessionName = 'never'; AccountId = $Account; RoleName = 'ReadOnly' }
        $e.FullyQualifiedErrorId | Should -BeExactly 'NotLoggedIn,SsoTools.Commands.GetSsoRoleCredentialCommand'
        $e.Exception.Message | Should -BeLike '*Invoke-SsoLogin -SessionName never*'
    }

    It 'a bearer-only profile: ProfileHasNoRole, saying how to add a role' {
        $e = Get-CredentialError @{ ProfileName = 'b' }
        $e.FullyQualifiedErrorId | Should -BeExactly 'ProfileHasNoRole,SsoTools.Commands.GetSsoRoleCredentialCommand'
        $e.Exception.Message | Should -BeLike "*'b'*Set-SsoProfile -Name b*-AccountId*-RoleName*"
    }

    It '-SessionName without -AccountId and -RoleName: ProfileHasNoRole, pointing to Get-SsoRole' {
        $e = Get-CredentialError @{ SessionName = 'my-sso' }
        $e.FullyQualifiedErrorId | Should -BeExactly 'ProfileHasNoRole,SsoTools.Commands.GetSsoRoleCredentialCommand'
        $e.Exception.Message | Should -BeLike '*-AccountId*-RoleName*Get-SsoRole -SessionName my-sso*'
    }

    It 'an expired token that cannot be refreshed: TokenExpired, naming Invoke-SsoLogin' {
        # Last: it spoils my-sso's token.
        $path = Get-TokenCachePath 'my-sso'
        $token = Get-Content -Raw $path | ConvertFrom-Json -AsHashtable -DateKind String
        $token.ContainsKey('refreshToken') | Should -BeTrue
        $token.expiresAt = '2020-01-01T00:00:00Z'
        $token.Remove('refreshToken')
        [IO.File]::WriteAllText($path, ($token | ConvertTo-Json -Compress))
        Reset-EmulatorCounters $script:Emu

        $e = Get-CredentialError @{ ProfileName = 'ro'; Force = $true }
        $e.FullyQualifiedErrorId | Should -BeExactly 'TokenExpired,SsoTools.Commands.GetSsoRoleCredentialCommand'
        $e.Exception.Message | Should -BeLike '*expired*Invoke-SsoLogin -SessionName my-sso*'
        Get-RoleFetches | Should -Be 0
        (Get-EmulatorCounters $script:Emu).CreateToken | Should -Be 0
    }
}

Describe 'credential_process for tools that do not speak SSO: the native helper' {
    BeforeAll {
        $script:Sandbox = New-SignedInSandbox
        $script:Helper = @(Get-ChildItem (Join-Path $ModulePath 'bin/*/ssotools-credential-process'))[0].FullName
        Set-SsoProfile -Name cp -SessionName my-sso -AccountId $Account -RoleName Admin -CredentialProcess | Out-Null
        $script:Line = (Select-String -Path $env:AWS_CONFIG_FILE -Pattern '^credential_process = (.+)$').Matches.Groups[1].Value
        Add-Content $env:AWS_CONFIG_FILE "`n[profile deploy]`nrole_arn = arn:aws:iam::100000000002:role/Deploy`nsource_profile = cp`n"
        # The helper with its own stdout, stderr and exit code.
        function Invoke-Helper([string[]] $Arguments) {
            $psi = [System.Diagnostics.ProcessStartInfo]::new($script:Helper)
            foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
            $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
            $p = [System.Diagnostics.Process]::Start($psi)
            $out = $p.StandardOutput.ReadToEndAsync(); $err = $p.StandardError.ReadToEndAsync()
            $p.WaitForExit()
            [pscustomobject]@{ ExitCode = $p.ExitCode; Stdout = $out.Result; Stderr = $err.Result }
        }
        $script:Provider = @'
import sys, botocore.credentials, botocore.session
p = sys.argv[1]
c = botocore.credentials.ProcessProvider(profile_name=p, load_config=lambda: botocore.session.Session(profile=p).full_config).load()
print(type(c).__name__)
print(c.get_frozen_credentials().access_key)
'@
    }
    AfterAll { Remove-Sandbox $script:Sandbox }

    It 'carries no System.Management.Automation: the model''s [Hidden] reference is compile-time only' -Skip:(-not (Get-Command strings -ErrorAction SilentlyContinue)) {
        @(& strings $script:Helper | Select-String -SimpleMatch 'System.Management.Automation') | Should -BeNullOrEmpty
    }

    It 'the module carries the helper, and Set-SsoProfile -CredentialProcess writes its path in the module' {
        $Helper | Should -Exist
        $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
        $expected = Join-Path (Resolve-Path $ModulePath).Path "bin/$rid/ssotools-credential-process"
        $Line | Should -BeExactly ("'" + $expected + "' --profile 'cp'")
        $Line | Should -Not -Match '\.nuget|Export-SsoCredential'
        @(Select-String -Path $env:AWS_CONFIG_FILE -Pattern '^credential_process = ') | Should -HaveCount 1
        (Get-SsoProfile -Name cp).AccountId | Should -Be $Account
        # Set-SsoProfile knows its own line: updating the profile is not blocked as "another credential source".
        Set-SsoProfile -Name cp -SessionName my-sso -AccountId $Account -RoleName Admin -CredentialProcess -Region eu-west-2 | Out-Null
    }

    It 'botocore''s ProcessProvider gets credentials from it: a miss fetches and caches, a hit reads the cache' {
        $out = Invoke-Python $script:Provider @('cp')
        $out[0] | Should -Be 'RefreshableCredentials'
        $out[1] | Should -Match '^ASIA[A-Z0-9]{16}$'
        Get-RoleFetches | Should -Be 1
        # The helper cached what it fetched, for the module (and the AWS CLI) to find, and the other way round.
        (Get-SsoRoleCredential -ProfileName cp).AccessKeyId | Should -BeExactly $out[1]
        (Invoke-Python $script:Provider @('cp'))[1] | Should -BeExactly $out[1]
        Get-RoleFetches | Should -Be 1
    }

    It 'a token that needs a refresh is refreshed by the helper, under the module''s lock, as the module would' {
        Remove-Item (Get-RoleCredentialCachePath $Account Admin my-sso)
        $before = (Read-CachedToken my-sso).accessToken
        Set-CachedToken -SessionName my-sso -ExpiresAt ([DateTime]::UtcNow.AddMinutes(5))
        $r = Invoke-Helper @('--profile', 'cp')
        $r.ExitCode | Should -Be 0
        $r.Stderr | Should -BeNullOrEmpty
        ($r.Stdout | ConvertFrom-Json).Version | Should -Be 1
        [int](Get-EmulatorCounters $script:Emu).'CreateToken:refresh_token' | Should -Be 1
        $after = Read-CachedToken my-sso
        $after.accessToken | Should -Not -Be $before
        [datetime]$after.expiresAt | Should -BeGreaterThan ([DateTime]::UtcNow.AddHours(1))
        Test-Path ((Get-TokenCachePath my-sso) + '.lock') | Should -BeTrue
    }

    It 'a chained profile through the helper: AssumeRole on top of the SSO role' {
        $n = [int](Get-EmulatorCounters $script:Emu).AssumeRole
        $r = Invoke-Helper @('deploy')
        $r.ExitCode | Should -Be 0
        ($r.Stdout | ConvertFrom-Json).AccessKeyId | Should -Be (Get-SsoRoleCredential -ProfileName deploy).AccessKeyId
        [int](Get-EmulatorCounters $script:Emu).AssumeRole | Should -Be ($n + 1)
    }

    It 'a profile with only the credential_process line works in plain boto3' {
        Add-Content -Path $env:AWS_CONFIG_FILE -Value "`n[profile proc-only]`ncredential_process = $Line"
        $expected = (Get-SsoRoleCredential -ProfileName cp).AccessKeyId
        $out = Invoke-Python @'
import boto3
s = boto3.Session(profile_name='proc-only')
print(s.get_credentials().method)
print(s.get_credentials().get_frozen_credentials().access_key)
'@
        $out[0] | Should -Be 'custom-process'
        $out[1] | Should -BeExactly $expected
    }

    It 'bad input gives one plain line on stderr, nothing on stdout, and exit code 1: <What>' -ForEach @(
        @{ What = 'no profile'; Arguments = @(); ErrorId = 'InvalidArguments'; Setup = {} }
        @{ What = 'an unknown profile'; Arguments = @('--profile', 'nope'); ErrorId = 'SsoProfileNotFound'; Setup = {} }
        @{ What = 'a profile without a role'; Arguments = @('--profile', 'norole'); ErrorId = 'ProfileHasNoRole'; Setup = { Set-SsoProfile -Name norole -SessionName my-sso | Out-Null } }
        @{ What = 'a broken config'; Arguments = @('--profile', 'cp'); ErrorId = 'ConfigFileMalformed'; Setup = { Copy-Item $env:AWS_CONFIG_FILE "$env:AWS_CONFIG_FILE.good"; Add-Content $env:AWS_CONFIG_FILE 'not a line botocore reads' } }
        @{ What = 'a broken token cache'; Arguments = @('--profile', 'cp'); ErrorId = 'CacheFileMalformed'; Setup = { Copy-Item (Get-TokenCachePath my-sso) "$env:HOME/token.good"; Remove-Item (Get-RoleCredentialCachePath $Account Admin my-sso) -ErrorAction SilentlyContinue; Set-Content (Get-TokenCachePath my-sso) '{"accessToken": ' } }
        @{ What = 'not signed in'; Arguments = @('--profile', 'cp'); ErrorId = 'NotLoggedIn'; Setup = { Invoke-SsoLogout -SessionName my-sso | Out-Null }; Remedy = 'aws sso login --sso-session my-sso' }
    ) {
        & $Setup
        try {
            $r = Invoke-Helper $Arguments
            $r.ExitCode | Should -Be 1
            $r.Stdout | Should -BeNullOrEmpty
            $lines = @($r.Stderr.TrimEnd("`n") -split "`n")
            $lines | Should -HaveCount 1
            $lines[0] | Should -Match "^$ErrorId`: \S"
            # Its reader runs the AWS CLI or an SDK: no cmdlet parameter, no cmdlet to list or sign in with.
            $lines[0] | Should -Not -Match '\s-(Force|SessionName|ProfileName|AccountId|RoleName)\b|\b(Invoke|Get|Set|New)-Sso'
            if ($Remedy) { $lines[0] | Should -Match ([regex]::Escape($Remedy)) }
        }
        finally {
            if (Test-Path "$env:AWS_CONFIG_FILE.good") { Move-Item -Force "$env:AWS_CONFIG_FILE.good" $env:AWS_CONFIG_FILE }
            if (Test-Path "$env:HOME/token.good") { Move-Item -Force "$env:HOME/token.good" (Get-TokenCachePath my-sso) }
        }
    }
}

# Windows: skipped, the stand-in pwsh on PATH is a sh script.
Describe 'credential_process without the native helper: a pwsh line' -Skip:$IsWindows {
    BeforeAll {
        $script:Sandbox = New-SignedInSandbox
        # The module as a platform without a helper would have it.
        $script:Bare = Join-Path $env:HOME 'module/SsoTools'
        $null = New-Item -ItemType Directory -Force (Split-Path $script:Bare)
        Copy-Item -Recurse (Resolve-Path $ModulePath).Path $script:Bare
        Remove-Item -Recurse (Join-Path $script:Bare 'bin')
    }
    AfterAll { Remove-Sandbox $script:Sandbox }

    It 'runs Export-SsoCredential with the pwsh on PATH, and botocore gets credentials from it' {
        # A pwsh on PATH, as an installed PowerShell has: this one, behind a script.
        $bin = Join-Path $env:HOME 'pathbin'
        $null = New-Item -ItemType Directory -Force $bin
        $launch = (@([Environment]::ProcessPath) + @(if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' }) | ForEach-Object { "'$_'" }) -join ' '
        Set-Content (Join-Path $bin 'pwsh') "#!/bin/sh`nexec $launch `"`$@`"`n" -NoNewline
        chmod +x (Join-Path $bin 'pwsh')
        $r = Wait-TestPwsh (Start-TestPwsh "`$env:PATH = '$bin' + [IO.Path]::PathSeparator + `$env:PATH; Import-Module '$script:Bare/SsoTools.psd1'; Set-SsoProfile -Name cpp -SessionName my-sso -AccountId $Account -RoleName Admin -CredentialProcess 3>&1 | Out-String") 90
        $r.Stdout | Should -Not -Match 'WARNING'
        $line = (Select-String -Path $env:AWS_CONFIG_FILE -Pattern '^credential_process = (.+)$').Matches.Groups[1].Value
        $line | Should -BeLike ("'" + (Join-Path $bin 'pwsh') + "' -NoProfile -NonInteractive -Command *")
        # Single-quoted for shlex and sh alike: each ' inside is written '\''.
        $line.Replace("'\''", "'") | Should -BeLike "*Import-Module '$script:Bare/SsoTools.psd1'; Export-SsoCredential -ProfileName 'cpp' -Format Process*"
        $line | Should -Not -Match '\.nuget'
        $env:PATH = $bin + [IO.Path]::PathSeparator + $env:PATH
        try { $out = Invoke-Python @'
import botocore.credentials, botocore.session
p = 'cpp'
c = botocore.credentials.ProcessProvider(profile_name=p, load_config=lambda: botocore.session.Session(profile=p).full_config).load()
print(c.get_frozen_credentials().access_key)
'@ }
        finally { $env:PATH = ($env:PATH -split [IO.Path]::PathSeparator | Select-Object -Skip 1) -join [IO.Path]::PathSeparator }
        $out | Should -Match '^ASIA[A-Z0-9]{16}$'
    }

    It 'with no pwsh on PATH either, it says that the line depends on this PowerShell' {
        $r = Wait-TestPwsh (Start-TestPwsh "`$env:PATH = '/usr/bin:/bin'; Import-Module '$script:Bare/SsoTools.psd1'; Set-SsoProfile -Name cpq -SessionName my-sso -AccountId $Account -RoleName Admin -CredentialProcess 3>&1 | Out-String") 90
        $r.Stdout | Should -Match 'no native credential helper for this platform and no pwsh is on PATH'
    }
}
