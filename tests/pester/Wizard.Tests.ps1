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
