using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>
    /// The C runtime's split of a command line (what a started Windows program, .NET's included, gets
    /// as argv), after Microsoft's "Parsing C++ command-line arguments" (learn.microsoft.com/cpp/cpp/
    /// main-function-command-line-args) and the UCRT's parse_command_line: the program name ends at
    /// the first space or tab outside quotes, quotes toggle and backslashes are literal in it; in the
    /// arguments 2n backslashes before a quote give n and the quote toggles, 2n+1 give n and a literal
    /// quote, other backslashes are literal, and "" inside quotes is one literal quote.
    /// </summary>
    internal static class Msvcrt
    {
        public static List<string> Split(string line)
        {
            var argv = new List<string>();
            int i = 0;
            var program = new StringBuilder();
            bool quoted = false;
            for (; i < line.Length; i++)
            {
                char c = line[i];
                if (c == '"') { quoted = !quoted; continue; }
                if (!quoted && (c == ' ' || c == '\t')) break;
                program.Append(c);
            }
            argv.Add(program.ToString());
            while (true)
            {
                while (i < line.Length && (line[i] == ' ' || line[i] == '\t')) i++;
                if (i >= line.Length) return argv;
                var arg = new StringBuilder();
                quoted = false;
                while (i < line.Length)
                {
                    char c = line[i];
                    if (!quoted && (c == ' ' || c == '\t')) break;
                    if (c == '\\')
                    {
                        int n = 0;
                        while (i < line.Length && line[i] == '\\') { n++; i++; }
                        if (i < line.Length && line[i] == '"')
                        {
                            arg.Append('\\', n / 2);
                            if (n % 2 == 1) { arg.Append('"'); i++; }
                        }
                        else arg.Append('\\', n);
                        continue;
                    }
                    if (c == '"')
                    {
                        if (quoted && i + 1 < line.Length && line[i + 1] == '"') { arg.Append('"'); i += 2; continue; }
                        quoted = !quoted;
                        i++;
                        continue;
                    }
                    arg.Append(c);
                    i++;
                }
                argv.Add(arg.ToString());
            }
        }
    }

    /// <summary>
    /// Go's os/exec on Windows: exec.Command(name, args...) builds the command line with
    /// syscall.makeCmdLine, which joins syscall.EscapeArg of every argument with spaces (golang/go
    /// src/syscall/exec_windows.go, appendEscapeArg; SysProcAttr.CmdLine is not set by the AWS SDK for
    /// Go v2, credentials/processcreds/provider.go: exec.CommandContext(ctx, "cmd.exe", "/C", line)).
    /// </summary>
    internal static class GoExec
    {
        public static string EscapeArg(string s)
        {
            if (s.Length == 0) return "\"\"";
            bool needsBackslash = s.IndexOfAny(new[] { '"', '\\' }) >= 0;
            bool hasSpace = s.IndexOfAny(new[] { ' ', '\t' }) >= 0;
            if (!needsBackslash && !hasSpace) return s;
            if (!needsBackslash) return "\"" + s + "\"";
            var b = new StringBuilder();
            if (hasSpace) b.Append('"');
            int slashes = 0;
            foreach (char c in s)
            {
                if (c == '\\') slashes++;
                else if (c == '"') { b.Append('\\', slashes); b.Append('\\'); slashes = 0; }
                else slashes = 0;
                b.Append(c);
            }
            if (hasSpace) { b.Append('\\', slashes); b.Append('"'); }
            return b.ToString();
        }

        public static string MakeCmdLine(params string[] args) => string.Join(" ", args.Select(EscapeArg));
    }

    /// <summary>
    /// What cmd.exe does with "/C rest" (or "/S /C rest"), as far as a credential_process line needs:
    /// 1. the quote rule of `cmd /?`: the quotes are kept only without /S, with exactly two of them,
    ///    none of &amp;&lt;&gt;()@^| between them, whitespace between them, and the string between them the name
    ///    of an executable file; otherwise, if the first character is a quote, it and the last quote go;
    /// 2. %NAME% is replaced when NAME is set (left as it is when not: command-line, not batch, rules);
    /// 3. outside quotes (every " toggles: cmd.exe knows no backslash escape) ^ escapes the next
    ///    character and &amp; | &lt; &gt; ( ) are its own syntax: the model refuses them rather than guess;
    /// 4. the command name ends at whitespace , ; = outside quotes; its quotes are removed and the
    ///    file must exist (separators after the drive collapse, as Win32 path normalization does);
    /// 5. the program is started with the processed text from the command name on as its command line.
    /// </summary>
    internal static class CmdExe
    {
        public sealed class Outcome
        {
            public string? Program;
            public List<string>? Argv;
            public string? Failure;
            public override string ToString() => Failure ?? (Program + " | " + string.Join(" | ", Argv!));
        }

        public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["OS"] = "Windows_NT", ["USERNAME"] = "jd", ["PATH"] = @"C:\Windows\system32", ["SystemRoot"] = @"C:\Windows",
        };

        /// <param name="rest">What follows /C on cmd.exe's command line.</param>
        /// <param name="isExecutable">Whether a (normalized) path names an executable file.</param>
        public static Outcome Run(string rest, bool slashS, Func<string, bool> isExecutable)
        {
            string s = rest.TrimStart(' ', '\t');
            int quotes = s.Count(c => c == '"');
            bool keep = false;
            if (!slashS && quotes == 2)
            {
                int a = s.IndexOf('"'), b = s.IndexOf('"', a + 1);
                string between = s.Substring(a + 1, b - a - 1);
                keep = between.IndexOfAny("&<>()@^|".ToCharArray()) < 0 && between.IndexOfAny(new[] { ' ', '\t' }) >= 0 && isExecutable(Normalize(between));
            }
            if (!keep && s.StartsWith("\"", StringComparison.Ordinal))
            {
                int last = s.LastIndexOf('"');
                s = last > 0 ? s.Substring(1, last - 1) + s.Substring(last + 1) : s.Substring(1);
            }

            s = ExpandPercent(s);

            var text = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '"') { quoted = !quoted; text.Append(c); continue; }
                if (!quoted && c == '^') { if (i + 1 < s.Length) text.Append(s[++i]); continue; }
                if (!quoted && "&|<>()".IndexOf(c) >= 0) return new Outcome { Failure = "cmd.exe reads '" + c + "' as its own syntax" };
                text.Append(c);
            }
            string line = text.ToString().TrimStart(' ', '\t');

            var name = new StringBuilder();
            quoted = false;
            foreach (char c in line)
            {
                if (c == '"') { quoted = !quoted; continue; }
                if (!quoted && (c == ' ' || c == '\t' || c == ',' || c == ';' || c == '=')) break;
                name.Append(c);
            }
            string program = Normalize(name.ToString());
            if (!isExecutable(program)) return new Outcome { Failure = "'" + name + "' is not recognized as an internal or external command" };
            return new Outcome { Program = program, Argv = Msvcrt.Split(line) };
        }

        static string ExpandPercent(string s)
        {
            var b = new StringBuilder();
            int i = 0;
            while (i < s.Length)
            {
                int close = s[i] == '%' ? s.IndexOf('%', i + 1) : -1;
                if (close > i + 1 && Environment.TryGetValue(s.Substring(i + 1, close - i - 1), out string? value)) { b.Append(value); i = close + 1; continue; }
                b.Append(s[i++]);
            }
            return b.ToString();
        }

        /// <summary>"A series of slashes that follow the first two are collapsed" (learn.microsoft.com/dotnet/standard/io/file-path-formats).</summary>
        public static string Normalize(string path)
        {
            var b = new StringBuilder();
            for (int i = 0; i < path.Length; i++)
            {
                char c = path[i] == '/' ? '\\' : path[i];
                if (c == '\\' && i >= 2 && b.Length > 0 && b[b.Length - 1] == '\\') continue;
                b.Append(c);
            }
            return b.ToString();
        }
    }
}
