# Sign-in where the browser is elsewhere: the headless switch, a fixed callback port, a pasted redirect, the user code.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emu = Start-TestEmulator
    $script:Psd1 = Join-Path $ModulePath 'SsoTools.psd1'
    if (-not ('PasteHost' -as [type])) {
        Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Net.Http;
using System.Security;
using System.Text.RegularExpressions;

/// <summary>A host with no console whose user, asked for a line, pastes the address the browser ended on.</summary>
public sealed class PasteUI : PSHostUserInterface
{
    static readonly HttpClient NoRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
    public readonly List<string> Log = new List<string>();
    /// <summary>Turns the redirect into what is pasted (null: as it is).</summary>
    public Func<string, string> Paste;
    public int Reads;
    public override PSHostRawUserInterface RawUI => null;
    public override void WriteInformation(InformationRecord record) { Log.Add("INFO " + record.MessageData); }
    public override string ReadLine()
    {
        Reads++;
        string url = Log.Where(l => l.Contains("/authorize?")).Select(l => Regex.Match(l, @"http://\S+/authorize\?\S+").Value).Last();
        using (var response = NoRedirects.GetAsync(url).GetAwaiter().GetResult())
        {
            string redirect = response.Headers.Location.ToString();
            string line = Paste != null ? Paste(redirect) : redirect;
            Log.Add("READ " + line);
            return line;
        }
    }
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) { throw new NotImplementedException(); }
    public override SecureString ReadLineAsSecureString() { throw new NotImplementedException(); }
    public override void Write(string value) { Log.Add("WRITE " + value); }
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { Log.Add("WRITE " + value); }
    public override void WriteLine(string value) { Log.Add("LINE " + value); }
    public override void WriteErrorLine(string value) { Log.Add("ERROR " + value); }
    public override void WriteDebugLine(string message) { }
    public override void WriteProgress(long sourceId, ProgressRecord record) { }
    public override void WriteVerboseLine(string message) { Log.Add("VERBOSE " + message); }
    public override void WriteWarningLine(string message) { Log.Add("WARN " + message); }
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) { throw new NotImplementedException(); }
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) { throw new NotImplementedException(); }
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) { throw new NotImplementedException(); }
}

public sealed class PasteHost : PSHost
{
    readonly PasteUI _ui = new PasteUI();
    readonly Guid _id = Guid.NewGuid();
    public PasteUI Script => _ui;
    public override PSHostUserInterface UI => _ui;
    public override string Name => "PasteHost";
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
    # Runs a command in a runspace of that host; returns output, errors and the host's log.
    function Invoke-WithHost($PasteHost, [string] $Command) {
        $rs = [runspacefactory]::CreateRunspace($PasteHost)
        $rs.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $rs
        $null = $ps.AddScript("Import-Module '$script:Psd1'; $Command")
        try { $out = $ps.Invoke() } catch { $out = $null; $thrown = $_ }
        $result = [pscustomobject]@{ Output = $out; Errors = @($ps.Streams.Error) + @($thrown | Where-Object { $_ }); Log = $PasteHost.Script.Log }
        $ps.Dispose(); $rs.Dispose()
        $result
    }
    function Get-FreePort {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $l.Start(); $port = $l.LocalEndpoint.Port; $l.Stop(); $port
    }
}
AfterAll { Stop-TestEmulator $script:Emu }

Describe 'Signing in where no browser can answer' {
    BeforeEach {
        $script:Sandbox = New-Sandbox $script:Emu
        Reset-EmulatorCounters $script:Emu
        New-SsoSession -Name remote -StartUrl 'https://d-123.awsapps.com/start' -Region us-east-1 | Out-Null
    }
    AfterEach {
        Set-EmulatorOptions $script:Emu @{ deviceCompleteUri = $true }
        Remove-Sandbox $script:Sandbox
    }

    It 'an SSH session without a display switches to the device code, says so in one line and shows the code on its own line' {
        # A new shell as over SSH: no BROWSER, no DISPLAY, SSH_CONNECTION set. The emulator's user approves after one poll.
        $env = @{ BROWSER = $null; DISPLAY = $null; WAYLAND_DISPLAY = $null; SSH_CONNECTION = '10.0.0.2 50000 10.0.0.1 22'; CI = $null; GITHUB_ACTIONS = $null; TF_BUILD = $null }
        $child = Start-TestPwsh "Import-Module '$script:Psd1'; `$t = Invoke-SsoLogin -SessionName remote -TimeoutSec 60 6>&1 | ForEach-Object { if (`$_ -is [System.Management.Automation.InformationRecord]) { 'INFO ' + `$_.MessageData } else { 'TOKEN ' + `$_.SessionName } }; `$t" $env
        $r = Wait-TestPwsh $child 90
        $r.Stderr | Should -BeNullOrEmpty
        $r.ExitCode | Should -Be 0
        $lines = $r.Stdout -split "`r?`n"
        $switch = @($lines | Where-Object { $_ -match 'with a device code instead' })
        $switch | Should -HaveCount 1
        $switch[0] | Should -Match "No browser can answer a sign-in here \(SSH session without a forwarded display\); signing in to 'remote' with a device code instead \(-UseBrowser"
        $r.Stdout -match 'enter the code ([A-Z0-9]{4}-[A-Z0-9]{4})' | Should -BeTrue
        $code = $Matches[1]
        $lines | Should -Contain "    $code"
        $lines | Should -Contain 'TOKEN remote'
        $c = Get-EmulatorCounters $script:Emu
        $c.StartDeviceAuthorization | Should -BeGreaterThan 0
        [int]$c.Authorize | Should -Be 0
        Test-Path (Get-TokenCachePath 'remote') | Should -BeTrue
    }

    It 'every device sign-in shows the user code, also when the service sends no URL with the code in it' {
        foreach ($complete in $true, $false) {
            Set-EmulatorOptions $script:Emu @{ deviceCompleteUri = $complete }
            $info = Invoke-SsoLogin -SessionName remote -UseDeviceCode -Force -TimeoutSec 60 6>&1 | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.MessageData)" }
            $text = ($info -join "`n") -replace "`r", ''
            $text -match 'enter the code ([A-Z0-9]{4}-[A-Z0-9]{4})' | Should -BeTrue
            $text | Should -Match ("(?m)^    " + $Matches[1] + '$')
            if ($complete) { $text | Should -Match 'user_code=' } else { $text | Should -Match 'Check that the page shows this code'; $text | Should -Not -Match 'user_code=' }
        }
    }

    It '-CallbackPort is the port of the authorize request and of the listener, end to end' {
        $port = Get-FreePort
        $calls = Join-Path $env:HOME 'calls.txt'
        $env:BROWSER = New-BrowserScript 'port-browser.sh' "echo `"`$1`" >> '$calls'`nexec curl -s -L -o /dev/null --max-time 20 `"`$1`""
        $token = Invoke-SsoLogin -SessionName remote -CallbackPort $port -TimeoutSec 60 6>$null
        $token.SessionName | Should -Be 'remote'
        (Get-Content $calls -Raw) | Should -Match ([regex]::Escape('redirect_uri=' + [uri]::EscapeDataString("http://127.0.0.1:$port/oauth/callback") + '&'))
        (Get-EmulatorCounters $script:Emu).'CreateToken:authorization_code' | Should -BeGreaterThan 0
    }

    It 'the session setting ssotools_callback_port is written by New-SsoSession, used by a sign-in and ignored by botocore' {
        $port = Get-FreePort
        (New-SsoSession -Name tunnel -StartUrl 'https://d-123.awsapps.com/start' -Region us-east-1 -CallbackPort $port).CallbackPort | Should -Be $port
        (Get-Content $env:AWS_CONFIG_FILE -Raw) | Should -Match "(?m)^ssotools_callback_port = $port\r?$"
        $calls = Join-Path $env:HOME 'calls.txt'
        $env:BROWSER = New-BrowserScript 'port-browser.sh' "echo `"`$1`" >> '$calls'`nexec curl -s -L -o /dev/null --max-time 20 `"`$1`""
        (Invoke-SsoLogin -SessionName tunnel -TimeoutSec 60 6>$null).SessionName | Should -Be 'tunnel'
        (Get-Content $calls -Raw) | Should -Match ('127\.0\.0\.1%3A' + $port + '%2F')
        $py = Invoke-Python @'
import botocore.session
s = botocore.session.Session()
print(s.full_config['sso_sessions']['tunnel']['sso_region'])
'@
        $py.Trim() | Should -Be 'us-east-1'
    }

    It 'a callback port in use is a CallbackPortUnavailable error and nothing opens' {
        $taken = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $taken.Start()
        try {
            $calls = Join-Path $env:HOME 'calls.txt'
            $env:BROWSER = New-BrowserScript 'port-browser.sh' "echo `"`$1`" >> '$calls'"
            $err = $null
            Invoke-SsoLogin -SessionName remote -CallbackPort $taken.LocalEndpoint.Port -TimeoutSec 10 -ErrorVariable err -ErrorAction SilentlyContinue 6>$null
            $err[0].FullyQualifiedErrorId | Should -Be 'CallbackPortUnavailable,SsoTools.Commands.InvokeSsoLoginCommand'
            $err[0].Exception.Message | Should -Match "Port $($taken.LocalEndpoint.Port) on 127\.0\.0\.1 is in use"
            Test-Path $calls | Should -BeFalse
            Test-Path (Get-TokenCachePath 'remote') | Should -BeFalse
        }
        finally { $taken.Stop() }
    }

    It 'a pasted redirect completes a sign-in whose browser cannot reach the listener' {
        $h = [PasteHost]::new()
        $r = Invoke-WithHost $h "Invoke-SsoLogin -SessionName remote -NoBrowser -TimeoutSec 60 -Verbose"
        $r.Errors | Should -BeNullOrEmpty
        $r.Output[0].SessionName | Should -Be 'remote'
        $h.Script.Reads | Should -Be 1
        ($r.Log -join "`n") | Should -Match 'Paste that whole address here'
        ($r.Log -join "`n") | Should -Match 'completed with the pasted address'
        (Get-EmulatorCounters $script:Emu).'CreateToken:authorization_code' | Should -Be 1
        Test-Path (Get-TokenCachePath 'remote') | Should -BeTrue
    }

    It 'a pasted redirect with another state is refused and nothing is sent' {
        $h = [PasteHost]::new()
        $h.Script.Paste = [Func[string, string]] { param($u) $u -replace 'state=[^&]+', 'state=someone-elses' }
        $r = Invoke-WithHost $h "Invoke-SsoLogin -SessionName remote -NoBrowser -TimeoutSec 60"
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be 'LoginStateMismatch,SsoTools.Commands.InvokeSsoLoginCommand'
        $r.Errors[0].Exception.Message | Should -Match 'does not belong to this sign-in'
        [int](Get-EmulatorCounters $script:Emu).'CreateToken:authorization_code' | Should -Be 0
        Test-Path (Get-TokenCachePath 'remote') | Should -BeFalse
    }
}
