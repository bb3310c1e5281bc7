using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>
    /// The credential_process line for Windows, split back by botocore's own _windows_shell_split, by a
    /// model of the AWS SDK for Go v2 (Go's EscapeArg, then cmd.exe /C, then the C runtime), of the AWS
    /// SDK for .NET's cmd.exe /c and of Node's cmd.exe /d /s /c; the POSIX line by shlex.split.
    /// </summary>
    public class CredentialProcessQuotingTests
    {
        const string Module = @"C:\Users\jd\Documents\PowerShell\Modules\SsoTools\0.3.0\bin\win-x64\ssotools-credential-process.exe";
        const string JaneModule = @"C:\Users\Jane Doe\Documents\PowerShell\Modules\SsoTools\0.3.0\bin\win-x64\ssotools-credential-process.exe";
        const string JaneShort = @"C:\Users\JANEDO~1\DOCUME~1\POWERS~1\Modules\SsoTools\0.3.0\bin\win-x64\ssotools-credential-process.exe";
        const string OneDrive = @"C:\Users\jd\OneDrive - Contoso\Documents\PowerShell\Modules\SsoTools\0.3.0\bin\win-x64\ssotools-credential-process.exe";
        const string Pwsh = @"C:\Program Files\PowerShell\7\pwsh.exe";
        const string PwshShort = @"C:\PROGRA~1\POWERS~1\7\pwsh.exe";
        const string Pwsh86 = @"C:\Program Files (x86)\PowerShell\7\pwsh.exe";
        const string Dotnet = @"C:\Program Files\dotnet\dotnet.exe";
        const string PwshDll = @"C:\Users\jd\.dotnet\tools\.store\powershell\7.6.9\powershell\7.6.9\tools\net10.0\any\win\pwsh.dll";

        const string Manifest = @"C:\Users\Jane Doe\OneDrive - Contoso\Documents\PowerShell\Modules\SsoTools\0.3.0\SsoTools.psd1";
        static readonly IReadOnlyList<string> Export = CredentialProcessQuoting.ExportArguments(CommandLineRules.Windows, Manifest, "a&b");
        static readonly string Encoded = Export[Export.Count - 1];

        static string[] Profile(string name) => new[] { "--profile", name };
        static string[] PwshArgs(params string[] leading) => leading.Concat(Export).ToArray();

        public sealed class Case
        {
            public Case(string exe, string[] args, string? shortPath = null) { Exe = exe; Args = args; Short = shortPath; }
            public string Exe { get; }
            public string[] Args { get; }
            public string? Short { get; }
            public override string ToString() => Exe + " " + string.Join(" ", Args);
        }

        static readonly Case[] Cases =
        {
            new Case(Module, Profile("dev")),
            new Case(JaneModule, Profile("dev"), JaneShort),
            new Case(JaneModule, Profile("dev")),
            new Case(OneDrive, Profile("dev")),
            new Case(OneDrive, Profile("a b")),
            new Case(Module, Profile("a&b")),
            new Case(Module, Profile("x^y")),
            new Case(Module, Profile("p|q")),
            new Case(Module, Profile("a(b)")),
            new Case(Module, Profile("a<b>c")),
            new Case(Module, Profile("team@prod")),
            new Case(Module, Profile("a=b,c;d")),
            new Case(Module, Profile("a!b")),
            new Case(Module, Profile("$x'y`z")),
            new Case(Module, Profile(@"back\slash")),
            new Case(Module, Profile(@"ends\")),
            new Case(Module, Profile("Prod.Web-Admin_1")),
            new Case(JaneModule, Profile("a b"), JaneShort),
            new Case(Pwsh, PwshArgs(), PwshShort),
            new Case(Pwsh, PwshArgs()),
            new Case(Pwsh86, PwshArgs()),
            new Case(Dotnet, PwshArgs(PwshDll)),
        };

        static CredentialProcessCommand Windows(Case c) =>
            CredentialProcessQuoting.Build(CommandLineRules.Windows, c.Exe, c.Args, p => p == c.Exe ? c.Short : null);

        static Func<string, bool> Executable(Case c) => path =>
            string.Equals(path, CmdExe.Normalize(c.Exe), StringComparison.OrdinalIgnoreCase) ||
            (c.Short != null && string.Equals(path, CmdExe.Normalize(c.Short), StringComparison.OrdinalIgnoreCase));

        /// <summary>Whether a cmd.exe model outcome is the program with exactly the intended arguments.</summary>
        static string? Mismatch(CmdExe.Outcome o, Case c)
        {
            if (o.Failure != null) return o.Failure;
            var got = o.Argv!.Skip(1).ToArray();
            return got.SequenceEqual(c.Args) ? null : "arguments [" + string.Join("] [", got) + "]";
        }

        // Go: exec.Command("cmd.exe", "/C", line) → "cmd.exe /C " + EscapeArg(line).
        static CmdExe.Outcome ThroughGo(string line, Case c) => CmdExe.Run(GoExec.MakeCmdLine("cmd.exe", "/C", line).Substring("cmd.exe /C ".Length), false, Executable(c));
        // AWS SDK for .NET (ProcessAWSCredentials): FileName cmd.exe, Arguments "/c " + line, verbatim.
        static CmdExe.Outcome ThroughDotnetCmd(string line, Case c) => CmdExe.Run(line, false, Executable(c));
        // Node's child_process.exec on Windows: cmd.exe /d /s /c "line" (windowsVerbatimArguments).
        static CmdExe.Outcome ThroughNode(string line, Case c) => CmdExe.Run("\"" + line + "\"", true, Executable(c));

        const string Splitters = @"
import json, shlex, subprocess, sys
from botocore.compat import _windows_shell_split
request = json.loads(sys.argv[1])
out = {'windows': [], 'posix': []}
for line in request['windows']:
    words = _windows_shell_split(line)
    out['windows'].append({'words': words, 'cmdline': subprocess.list2cmdline(words)})
for line in request['posix']:
    out['posix'].append(shlex.split(line))
json.dump(out, sys.stdout)
";

        static JsonElement Split(IEnumerable<string> windows, IEnumerable<string> posix)
        {
            string request = JsonSerializer.Serialize(new { windows = windows.ToList(), posix = posix.ToList() });
            using var doc = JsonDocument.Parse(PythonOracle.Run(Splitters, request));
            return doc.RootElement.Clone();
        }

        static string[] Words(JsonElement e) => e.EnumerateArray().Select(w => w.GetString()!).ToArray();

        [Fact]
        public void Every_case_survives_botocore_and_the_cmd_models_its_caveat_does_not_name()
        {
            var lines = Cases.Select(Windows).ToArray();
            var posix = Cases.Select(c => CredentialProcessQuoting.Build(CommandLineRules.Posix, c.Exe, c.Args).Line).ToArray();
            JsonElement split = Split(lines.Select(l => l.Line), posix);
            var problems = new List<string>();
            for (int i = 0; i < Cases.Length; i++)
            {
                Case c = Cases[i];
                CredentialProcessCommand w = lines[i];
                string exe = c.Short != null && w.Line.StartsWith(c.Short + " ", StringComparison.Ordinal) ? c.Short : c.Exe;

                // (a) botocore: _windows_shell_split, then subprocess' list2cmdline, then the program's C runtime.
                var words = Words(split.GetProperty("windows")[i].GetProperty("words"));
                if (!words.SequenceEqual(new[] { exe }.Concat(c.Args))) problems.Add($"botocore split {w.Line} into [{string.Join("] [", words)}]");
                var child = Msvcrt.Split(split.GetProperty("windows")[i].GetProperty("cmdline").GetString()!);
                if (!child.Skip(1).SequenceEqual(c.Args)) problems.Add($"botocore's child got [{string.Join("] [", child.Skip(1))}] from {w.Line}");

                // (b) Go (cmd.exe /C with every quote escaped), .NET (cmd.exe /c), Node (cmd.exe /s /c): the caveat names the ones that fail.
                bool goNamed = w.Caveat?.Contains("AWS SDK for Go v2") == true;
                bool dotnetNamed = w.Caveat?.Contains("AWS SDK for .NET") == true;
                string? go = Mismatch(ThroughGo(w.Line, c), c), dotnet = Mismatch(ThroughDotnetCmd(w.Line, c), c), node = Mismatch(ThroughNode(w.Line, c), c);
                if ((go == null) == goNamed) problems.Add($"Go model: {go ?? "runs"}, caveat: {w.Caveat ?? "none"}, line {w.Line}");
                if ((dotnet == null) == dotnetNamed) problems.Add($".NET cmd /c model: {dotnet ?? "runs"}, caveat: {w.Caveat ?? "none"}, line {w.Line}");
                if (node != null) problems.Add($"Node model: {node}, line {w.Line}");

                // (c) the POSIX line still round-trips through shlex.split.
                var shlex = Words(split.GetProperty("posix")[i]);
                if (!shlex.SequenceEqual(new[] { c.Exe }.Concat(c.Args))) problems.Add($"shlex split {posix[i]} into [{string.Join("] [", shlex)}]");
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void Plain_words_are_bare_so_the_line_has_no_quote_for_Go_to_escape()
        {
            Assert.Equal(Module + " --profile dev", Windows(Cases[0]).Line);
            Assert.Null(Windows(Cases[0]).Caveat);
            Assert.Equal(JaneShort + " --profile dev", Windows(Cases[1]).Line);
            Assert.Null(Windows(Cases[1]).Caveat);
            Assert.Equal(PwshShort + " -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand " + Encoded, Windows(Cases[18]).Line);
        }

        [Fact]
        public void Without_a_short_name_the_path_is_quoted_and_the_caveat_names_Go()
        {
            var w = Windows(Cases[2]);
            Assert.Equal("\"" + JaneModule + "\" --profile dev", w.Line);
            Assert.Contains("AWS SDK for Go v2", w.Caveat);
            Assert.DoesNotContain("AWS SDK for .NET", w.Caveat);
            // Two quoted words: cmd.exe /c drops the first and last quote, as in aws-tools-for-powershell#393.
            Assert.Contains("AWS SDK for .NET", Windows(Cases[4]).Caveat);
            // Parentheses in the quoted path break cmd.exe's first rule too.
            Assert.Contains("AWS SDK for .NET", Windows(Cases[20]).Caveat);
        }

        [Fact]
        public void The_naive_line_fails_the_cmd_models()
        {
            // Every word quoted, as the POSIX line does: what Go and cmd.exe /c make of it (aws-sdk-go-v2#3208, aws-tools-for-powershell#393).
            var c = new Case(Pwsh, new[] { "-File", @"C:\path\Get-Credentials.ps1" });
            string naive = string.Join(" ", new[] { c.Exe }.Concat(c.Args).Select(SsoTools.Core.IO.WindowsArgument.Quoted));
            var go = ThroughGo(naive, c);
            Assert.NotNull(go.Failure);
            Assert.Contains(@"\C:\Program Files\PowerShell\7\pwsh.exe\", go.Failure);
            Assert.Contains("'C:\\Program' is not recognized", ThroughDotnetCmd(naive, c).Failure);
            // Ours for the same words: bare where it can be, so cmd.exe /c keeps its one pair of quotes.
            var ours = CredentialProcessQuoting.Build(CommandLineRules.Windows, c.Exe, c.Args).Line;
            Assert.Null(Mismatch(ThroughDotnetCmd(ours, c), c));
            Assert.NotNull(Mismatch(ThroughGo(ours, c), c));
        }

        [Fact]
        public void A_percent_would_be_expanded_by_cmd_so_it_is_refused()
        {
            var c = new Case(Module, Profile("a%OS%b"));
            string raw = Module + " --profile \"a%OS%b\"";
            Assert.Equal("arguments [--profile] [aWindows_NTb]", Mismatch(ThroughDotnetCmd(raw, c), c));
            var e = Assert.Throws<SsoException>(() => CredentialProcessQuoting.CheckWindowsProfileName("a%OS%b"));
            Assert.Equal(ErrorIds.InvalidProfileName, e.ErrorId);
            Assert.Equal(ErrorIds.InvalidValue, Assert.Throws<SsoException>(() => Windows(c)).ErrorId);
        }

        [Theory]
        [InlineData("a\"b")]
        [InlineData("x\" & calc & \"")]
        [InlineData("100%")]
        [InlineData("tab\there")]
        public void Names_cmd_cannot_be_given_safely_are_refused_on_Windows(string name)
        {
            var e = Assert.Throws<SsoException>(() => CredentialProcessQuoting.CheckWindowsProfileName(name));
            Assert.Equal(ErrorIds.InvalidProfileName, e.ErrorId);
            Assert.Contains("Windows", e.Message);
            Assert.Throws<SsoException>(() => CredentialProcessQuoting.Build(CommandLineRules.Windows, Module, Profile(name)));
            // POSIX has no cmd.exe: the same name is written, and shlex gives it back.
            string posix = CredentialProcessQuoting.Build(CommandLineRules.Posix, "/opt/helper", Profile(name)).Line;
            Assert.Equal(new[] { "/opt/helper", "--profile", name }, Words(Split(Array.Empty<string>(), new[] { posix }).GetProperty("posix")[0]));
        }

        [Fact]
        public void The_Windows_pwsh_line_carries_the_script_encoded_with_the_execution_policy_bypassed()
        {
            Assert.Equal(new[] { "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand" }, Export.Take(5));
            string line = Windows(Cases[18]).Line;
            string script = CredentialProcessQuoting.DecodedCommand(line)!;
            Assert.Contains("Import-Module '" + Manifest + "'; Export-SsoCredential -ProfileName 'a&b' -Format Process", script);
            // Set-SsoProfile knows its own lines again (not "another credential source"), the encoded one and the helper's 8.3 one.
            Assert.DoesNotContain("Export-SsoCredential", line);
            Assert.True(SsoConfigEditor.IsOwnCredentialProcess(line));
            Assert.True(SsoConfigEditor.IsOwnCredentialProcess(Windows(Cases[1]).Line));
            Assert.False(SsoConfigEditor.IsOwnCredentialProcess(PwshShort + " -NoProfile -EncodedCommand " + Convert.ToBase64String(Encoding.Unicode.GetBytes("Get-Date"))));
            Assert.False(SsoConfigEditor.IsOwnCredentialProcess(PwshShort + " -EncodedCommand not-base64!"));
        }

        [Fact]
        public void The_POSIX_line_gives_the_same_words_to_shlex_and_to_sh_c()
        {
            Assert.Equal("'/home/me/bin/ssotools-credential-process' --profile 'dev'",
                CredentialProcessQuoting.Build(CommandLineRules.Posix, "/home/me/bin/ssotools-credential-process", Profile("dev")).Line);
            var args = CredentialProcessQuoting.ExportArguments(CommandLineRules.Posix, "/m/SsoTools.psd1", "o'k $HOME `id`");
            string line = CredentialProcessQuoting.Build(CommandLineRules.Posix, "/usr/bin/pwsh", args).Line;
            var expected = new[] { "/usr/bin/pwsh" }.Concat(args).ToArray();
            // botocore (shlex.split) ...
            Assert.Equal(expected, Words(Split(Array.Empty<string>(), new[] { line }).GetProperty("posix")[0]));
            // ... and the Go, .NET and JS SDKs, which run the line with 'sh -c': $ and ` stay as they are.
            if (OperatingSystem.IsWindows()) return;
            var psi = new System.Diagnostics.ProcessStartInfo("sh") { RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("set -- " + line + "; for w in \"$@\"; do printf '%s\\0' \"$w\"; done");
            using var p = System.Diagnostics.Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(expected, output.TrimEnd('\0').Split('\0'));
            Assert.Contains("$WarningPreference = 'SilentlyContinue'", string.Join(" ", expected));
        }
    }
}
