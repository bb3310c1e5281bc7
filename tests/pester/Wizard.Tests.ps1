# Initialize-SsoProfile, driven by a host with scripted answers.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator @('--accounts', '3', '--roles-per-account', '2')
    $script:Psd1 = Join-Path $ModulePath 'SsoTools.psd1'
    if (-not ('ScriptedHost' -as [type])) {
        Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

public sealed class ScriptedUI : PSHostUserInterface
{
    public readonly Queue<object> Answers = new Queue<object>();
    public readonly List<string> Log = new List<string>();
    public override PSHostRawUserInterface RawUI => null;
    object Next(string what)
    {
        if (Answers.Count == 0) throw new Exception("The wizard asked for more than the script answers: " + what);
        return Answers.Dequeue();
    }
    public override string ReadLine() { var a = (string)Next("a line"); Log.Add("READ " + a); return a; }
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        Log.Add("CHOICE " + caption + ": " + string.Join(" | ", choices.Select(c => c.HelpMessage)));
        return (int)Next("a choice of " + caption);
    }
    public override SecureString ReadLineAsSecureString() { throw new NotImplementedException(); }
    public override void Write(string value) { Log.Add("WRITE " + value); }
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { Log.Add("WRITE " + value); }
    public override void WriteLine(string value) { Log.Add("LINE " + value); }
    public override void WriteErrorLine(string value) { Log.Add("ERROR " + value); }
    public override void WriteDebugLine(string message) { }
    public override void WriteProgress(long sourceId, ProgressRecord record) { }
    public override void WriteVerboseLine(string message) { }
    public override void WriteWarningLine(string message) { Log.Add("WARN " + message); }
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) { throw new NotImplementedException(); }
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) { throw new NotImplementedException(); }
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) { throw new NotImplementedException(); }
}

public sealed class ScriptedHost : PSHost
{
    readonly ScriptedUI _ui = new ScriptedUI();
    readonly Guid _id = Guid.NewGuid();
    public ScriptedUI Script => _ui;
    public override PSHostUserInterface UI => _ui;
    public override string Name => "ScriptedHost";
    public override Version Version => new Version(1, 0);
    public override Guid InstanceId => _id;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override void EnterNestedPrompt() { throw new NotImplementedException(); }
    public override void ExitNestedPrompt() { throw new NotImplementedException(); }
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }
}
'@
    }
    # Runs the wizard in a runspace whose host answers from the list; returns output, errors and the host's log.
    function Invoke-Wizard([string] $Arguments, [object[]] $Answers) {
        $h = [ScriptedHost]::new()
        foreach ($a in $Answers) { $h.Script.Answers.Enqueue($a) }
        $rs = [runspacefactory]::CreateRunspace($h)
        $rs.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $rs
        $null = $ps.AddScript("Import-Module '$script:Psd1'; Initialize-SsoProfile $Arguments")
        try { $out = $ps.Invoke() } catch { $out = $null; $thrown = $_ }
        $result = [pscustomobject]@{ Output = $out; Errors = @($ps.Streams.Error) + @($thrown | Where-Object { $_ }); Log = $h.Script.Log; Left = $h.Script.Answers.Count }
        $ps.Dispose(); $rs.Dispose()
        $result
    }
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Initialize-SsoProfile with scripted answers' {
    BeforeEach { $script:Sandbox = New-Sandbox $script:Emu }
    AfterEach {
        Set-EmulatorOptions $script:Emu @{ accounts = 3; rolesPerAccount = 2 }
        Remove-Sandbox $script:Sandbox
    }

    It 'one account and one role are taken without asking; a new session is written with the profile' {
        Set-EmulatorOptions $script:Emu @{ accounts = 1; rolesPerAccount = 1 }
        $r = Invoke-Wizard '' @('work', 'https://d-123.awsapps.com/start', '', '', 'eu-west-1', 'json', '')
        $r.Errors | Should -BeNullOrEmpty
        $r.Left | Should -Be 0
        $r.Log | Where-Object { $_ -like 'CHOICE*' } | Should -BeNullOrEmpty
        ($r.Log -join "`n") | Should -Match 'The only AWS account available to you is'
        ($r.Log -join "`n") | Should -Match 'The only role available to you is ReadOnly'
        $r.Output[0].ProfileName | Should -Be 'ReadOnly-111111110001'
        $p = Get-SsoProfile -Name 'ReadOnly-111111110001'
        $p.SessionName | Should -Be 'work'
        $p.Region | Should -Be 'eu-west-1'
        $p.Output | Should -Be 'json'
        (Get-SsoSession work).StartUrl | Should -Be 'https://d-123.awsapps.com/start'
        (Get-SsoSession work).Region | Should -Be 'us-east-1'
    }

    It 'several accounts and roles are offered sorted by name; an invalid answer is asked again' {
        $r = Invoke-Wizard '' @('work', 'http://not-https', 'https://d-123.awsapps.com/start', '', '', 1, 0, 'moon', 'eu-west-2', '', 'picked')
        $r.Errors | Should -BeNullOrEmpty
        $r.Left | Should -Be 0
        $choices = @($r.Log | Where-Object { $_ -like 'CHOICE*' })
        $choices | Should -HaveCount 2
        $choices[0] | Should -Match 'CHOICE AWS account: .*\(111111110001\) \| .*\(111111110002\) \| .*\(111111110003\)'
        $choices[1] | Should -Match 'CHOICE Role: Admin \| ReadOnly'
        ($r.Log -join "`n") | Should -Match 'is not valid'
        $p = Get-SsoProfile -Name picked
        $p.AccountId | Should -Be '111111110002'
        $p.RoleName | Should -Be 'Admin'
        $p.Region | Should -Be 'eu-west-2'
        $p.Output | Should -BeNullOrEmpty
    }

    It 'an existing session is offered and its good token reused: no new sign-in' {
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
        Reset-EmulatorCounters $script:Emu
        $r = Invoke-Wizard '-AccountId 111111110003 -RoleName ReadOnly' @(0, '', '', 'mine')
        $r.Errors | Should -BeNullOrEmpty
        $r.Left | Should -Be 0
        (@($r.Log | Where-Object { $_ -like 'CHOICE*' })[0]) | Should -Match 'CHOICE SSO session: s \(https://d-123.awsapps.com/start\) \| A new sso-session'
        [int] (Get-EmulatorCounters $script:Emu).Authorize | Should -Be 0
        (Get-SsoProfile -Name mine).AccountId | Should -Be '111111110003'
    }

    It 'with every value given it asks nothing' {
        New-SsoSession -Name s -StartUrl https://d-123.awsapps.com/start -Region us-east-1 | Out-Null
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
        $r = Invoke-Wizard '-SessionName s -AccountId 111111110001 -RoleName Admin -Region us-west-2 -Output text -ProfileName given' @()
        $r.Errors | Should -BeNullOrEmpty
        $r.Log | Where-Object { $_ -like 'CHOICE*' -or $_ -like 'READ*' } | Should -BeNullOrEmpty
        (Get-SsoProfile -Name given).Output | Should -Be 'text'
    }

    It 'in a host that cannot ask, a missing value is a clear error naming the parameters' {
        $child = Start-TestPwsh "Import-Module '$script:Psd1'; try { Initialize-SsoProfile -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
        $out = (Wait-TestPwsh $child 60).Stdout
        $out | Should -Match 'InvalidValue,SsoTools.Commands.InitializeSsoProfileCommand'
        $out | Should -Match 'Give it as a parameter'
    }
}

Describe 'Initialize-SsoProfile -WhatIf' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        Set-Content -Path $env:AWS_CONFIG_FILE -NoNewline -Value "[sso-session s]`nsso_start_url = https://d-123.awsapps.com/start`nsso_region = us-east-1`n"
        Reset-EmulatorCounters $script:Emu
    }
    AfterEach { Remove-Sandbox $script:Sandbox }
    BeforeAll {
        # The sign-in calls: none of them may happen under -WhatIf.
        function Get-SignIns {
            $c = Get-EmulatorCounters $script:Emu
            [int] $c.RegisterClient + [int] $c.StartDeviceAuthorization + [int] $c.CreateToken + [int] $c.Authorize + [int] $c.VerifyDevice
        }
        function Get-ErrorId($Result) {
            @($Result.Errors | ForEach-Object { if ($_.Exception.InnerException.ErrorRecord) { $_.Exception.InnerException.ErrorRecord.FullyQualifiedErrorId } else { $_.FullyQualifiedErrorId } })
        }
    }

    It 'with every answer given and no cached token: no sign-in, no service call, nothing written, and it says so' {
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        $r = Invoke-Wizard '-SessionName new -StartUrl https://d-456.awsapps.com/start -SsoRegion eu-west-1 -RegistrationScopes sso:account:access -AccountId 111111110001 -RoleName Admin -Region us-west-2 -Output text -ProfileName given -WhatIf' @()
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -BeNullOrEmpty
        Get-SignIns | Should -Be 0
        [int] (Get-EmulatorCounters $script:Emu).ListAccounts | Should -Be 0
        Test-Path (Join-Path $env:HOME '.aws/sso/cache') | Should -BeFalse -Because 'no token and no client registration is written'
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
        $log = $r.Log -join "`n"
        $log | Should -Match "Did not sign in to 'new' because of -WhatIf"
        $log | Should -Match 'What if: .*Create sso-session and profile.*\[profile given\]'
    }

    It 'with no cached token it asks for the account ID and the role name instead of listing them' {
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        $r = Invoke-Wizard '-SessionName s -Region us-west-2 -Output text -ProfileName given -WhatIf' @('111111110002', 'ReadOnly')
        $r.Errors | Should -BeNullOrEmpty
        $r.Left | Should -Be 0
        Get-SignIns | Should -Be 0
        ($r.Log -join "`n") | Should -Match 'the accounts and roles are not listed'
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
    }

    It 'a value the real run refuses (<Case>) fails with the same ErrorId under -WhatIf, before any sign-in' -ForEach @(
        @{ Case = 'a hand-written profile with static keys'; Arguments = '-ProfileName given -Region us-west-2'; Id = 'ProfileHasOtherCredentials,SsoTools.Commands.InitializeSsoProfileCommand' }
        @{ Case = 'a region that is no region'; Arguments = '-ProfileName other -Region moon'; Id = 'InvalidRegion,SsoTools.Commands.InitializeSsoProfileCommand' }
    ) {
        Add-Content -Path $env:AWS_CONFIG_FILE -NoNewline -Value "[profile given]`naws_access_key_id = AKIAIOSFODNN7EXAMPLE`naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`n"
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        $common = "-SessionName s -AccountId 111111110001 -RoleName Admin -Output text $Arguments"
        $whatIf = Invoke-Wizard "$common -WhatIf" @()
        Get-ErrorId $whatIf | Should -Be @($Id)
        Get-SignIns | Should -Be 0
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
        $real = Invoke-Wizard $common @()
        Get-ErrorId $real | Should -Be @($Id)
        Get-SignIns | Should -BeGreaterThan 0 -Because 'the real run signs in first'
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
    }

    It 'a cached token that is still good lists the accounts and roles, and is not refreshed: the token file is untouched' {
        Invoke-SsoLogin -SessionName s 6>$null | Out-Null
        # Five minutes left: a real run would refresh it (a sign-in reuses only tokens good for 15 minutes more).
        Set-CachedToken -SessionName s -ExpiresAt ([datetime]::UtcNow.AddMinutes(5))
        $path = Get-TokenCachePath s
        $sha = Get-FileSha $path
        $written = (Get-Item $path).LastWriteTimeUtc
        $before = Get-FileSha $env:AWS_CONFIG_FILE
        Reset-EmulatorCounters $script:Emu
        $r = Invoke-Wizard '-SessionName s -Region us-west-2 -Output text -ProfileName given -WhatIf' @(1, 0)
        $r.Errors | Should -BeNullOrEmpty
        $r.Left | Should -Be 0
        @($r.Log | Where-Object { $_ -like 'CHOICE*' }) | Should -HaveCount 2 -Because 'the accounts and roles were listed with the cached token'
        ($r.Log -join "`n") | Should -Match 'What if: .*Create profile.*\[profile given\]'
        Get-SignIns | Should -Be 0
        Get-FileSha $path | Should -Be $sha
        (Get-Item $path).LastWriteTimeUtc | Should -Be $written
        Get-FileSha $env:AWS_CONFIG_FILE | Should -Be $before
    }
}
