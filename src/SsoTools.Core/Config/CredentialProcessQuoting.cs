using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SsoTools.Core.Errors;
using SsoTools.Core.IO;

namespace SsoTools.Core.Config
{
    /// <summary>Whose rules split the credential_process line: the platform the line is written for.</summary>
    public enum CommandLineRules
    {
        /// <summary>Linux and macOS: botocore's shlex.split, the SDKs' sh -c.</summary>
        Posix,
        /// <summary>Windows: botocore's _windows_shell_split (C runtime rules), the SDKs' cmd.exe /C.</summary>
        Windows,
    }

    /// <summary>A credential_process line, and which tools cannot run it (null when all can).</summary>
    public sealed class CredentialProcessCommand
    {
        public CredentialProcessCommand(string line, string? caveat) { Line = line; Caveat = caveat; }
        public string Line { get; }
        public string? Caveat { get; }
        public override string ToString() => Line;
    }

    /// <summary>
    /// Writes an executable and its arguments as one credential_process line that the tools on the
    /// target platform split back into the same words.
    ///
    /// POSIX: options bare, every other word in double quotes (shlex unescapes only \\ and \" there).
    ///
    /// Windows has no single splitter. botocore (the AWS CLI, boto3) splits with C runtime rules and
    /// starts the program itself; the AWS SDK for .NET runs "cmd.exe /c LINE"; the AWS SDK for Go v2
    /// runs exec.Command("cmd.exe", "/C", LINE), so Go escapes every quote in the line as \" and cmd.exe
    /// (which knows no backslash escapes) never sees a quote that groups words; Node's exec runs
    /// cmd.exe /d /s /c "LINE". A word that needs none of cmd.exe's or the runtime's special characters
    /// is therefore written bare: that line runs in all of them. Only a word that cannot be bare is
    /// quoted (C runtime rules, which cmd.exe also honours for grouping), and the caveat says which
    /// tools then fail. For the executable a quote-free 8.3 short path is tried first. Characters that
    /// no quoting protects from cmd.exe (", %, control characters) are refused.
    /// </summary>
    public static class CredentialProcessQuoting
    {
        /// <param name="shortPath">Windows only: the 8.3 form of a path, or null; tried when the executable's path would need quotes.</param>
        public static CredentialProcessCommand Build(CommandLineRules rules, string executable, IReadOnlyList<string> arguments, Func<string, string?>? shortPath = null)
        {
            if (rules == CommandLineRules.Posix)
                return new CredentialProcessCommand(string.Join(" ", new[] { executable }.Concat(arguments).Select(PosixQuote)), null);

            foreach (string word in new[] { executable }.Concat(arguments)) Refuse(word);
            string exe = executable;
            if (!BareExecutable(exe))
            {
                string? shorter = shortPath?.Invoke(exe);
                if (shorter != null && shorter.Length > 0 && BareExecutable(shorter)) { Refuse(shorter); exe = shorter; }
            }
            bool exeQuoted = !BareExecutable(exe);
            var quotedArguments = arguments.Where(a => !BareArgument(a)).ToList();
            var line = new StringBuilder(exeQuoted ? WindowsArgument.Quoted(exe) : exe);
            foreach (string a in arguments) line.Append(' ').Append(BareArgument(a) ? a : WindowsArgument.Quoted(a));

            string? caveat = null;
            if (exeQuoted || quotedArguments.Count > 0)
            {
                var what = new List<string>();
                if (exeQuoted) what.Add("the path " + exe + " (it has a space or one of " + CmdSpecials + " ,;= and no 8.3 short name without them)");
                foreach (string a in quotedArguments) what.Add("the argument " + a);
                caveat = "The credential_process line needs quotes around " + string.Join(" and ", what) + ". The AWS CLI and boto3 run it; tools built on the AWS SDK for Go v2 (Terraform, for one) cannot, as they pass the line to cmd.exe with every quote escaped";
                // cmd.exe /c keeps the quotes of LINE only when they are the two around an executable's name with none of &<>()@^| in it.
                if (exeQuoted && (quotedArguments.Count > 0 || exe.IndexOfAny(RuleOneBreakers) >= 0))
                    caveat += ", and neither can the AWS SDK for .NET versions that run it with cmd.exe /c (AWS Tools for PowerShell among them), as cmd.exe drops its first and last quote";
                caveat += ".";
                if (exeQuoted) caveat += " A module (and pwsh) installed under a path without spaces, or on a volume that keeps 8.3 names, gives a line without quotes.";
            }
            return new CredentialProcessCommand(line.ToString(), caveat);
        }

        /// <summary>
        /// pwsh's arguments after its executable to print the profile's credential_process JSON with
        /// Export-SsoCredential from the module at <paramref name="manifest"/>. Only the JSON may reach
        /// stdout (pwsh -Command writes warnings there too); errors go to stderr, plain. On Windows the
        /// script goes base64 (-EncodedCommand, UTF-16LE): no quote, $ or ; in it for cmd.exe or Go to
        /// change; and -ExecutionPolicy Bypass, as Restricted (Windows' default client policy) would
        /// refuse the module's .psm1 and .ps1xml.
        /// </summary>
        public static IReadOnlyList<string> ExportArguments(CommandLineRules rules, string manifest, string profileName)
        {
            string command = "$WarningPreference = 'SilentlyContinue'; $InformationPreference = 'SilentlyContinue'; $ProgressPreference = 'SilentlyContinue'; if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }; " +
                "Import-Module '" + manifest.Replace("'", "''") + "'; Export-SsoCredential -ProfileName '" + profileName.Replace("'", "''") + "' -Format Process";
            return rules == CommandLineRules.Windows
                ? new[] { "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", EncodedCommand, Convert.ToBase64String(Encoding.Unicode.GetBytes(command)) }
                : new[] { "-NoProfile", "-NonInteractive", "-Command", command };
        }

        public const string EncodedCommand = "-EncodedCommand";

        /// <summary>The script of a line's -EncodedCommand, or null when it has none or it is not base64 of UTF-16LE text.</summary>
        public static string? DecodedCommand(string line)
        {
            int at = line.IndexOf(" " + EncodedCommand + " ", StringComparison.Ordinal);
            if (at < 0) return null;
            string rest = line.Substring(at + EncodedCommand.Length + 2).TrimStart();
            int end = rest.IndexOfAny(new[] { ' ', '\t' });
            try { return Encoding.Unicode.GetString(Convert.FromBase64String(end < 0 ? rest : rest.Substring(0, end))); }
            catch (FormatException) { return null; }
        }

        /// <summary>
        /// A profile name that a Windows line cannot carry to every tool: cmd.exe expands %NAME% even
        /// inside quotes, and a quote in the name would end cmd.exe's quoting early (the rest, &amp; and
        /// | included, would be cmd.exe syntax).
        /// </summary>
        public static void CheckWindowsProfileName(string profileName)
        {
            foreach (char c in profileName)
            {
                if (c == '"' || c == '%' || char.IsControl(c))
                    throw new SsoException(ErrorIds.InvalidProfileName, SsoErrorKind.InvalidArgument,
                        $"The profile name '{SsoValidation.Printable(profileName)}' cannot be written into a credential_process line on Windows: it contains {Describe(c)}, which cmd.exe (that the AWS SDKs for .NET and Go run the line with) would read as its own syntax. Choose a name without \" or %, or leave out -CredentialProcess.", profileName);
            }
        }

        // Options (-NoProfile, --profile) bare, every other word in double quotes, inside which shlex (POSIX) unescapes only \\ and \".
        // Single quotes: the same words for botocore's shlex.split and for 'sh -c' (the Go, .NET and JS
        // SDKs), which would expand $ and ` inside double quotes (pwsh's $WarningPreference, say).
        static string PosixQuote(string s) => IsOption(s) ? s : "'" + s.Replace("'", "'\\''") + "'";

        static bool IsOption(string s) => s.Length > 1 && s[0] == '-' && s.All(c => c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

        const string CmdSpecials = "&|<>()^";
        static readonly char[] RuleOneBreakers = "&<>()@^|".ToCharArray();

        /// <summary>Nothing that the C runtime, cmd.exe (operators, escapes, quotes) or Go's escaping would change: written as it is.
        /// A trailing backslash is not: Go doubles it before the closing quote it adds, and cmd.exe removes only the quote.</summary>
        static bool BareArgument(string s) => s.Length > 0 && s[s.Length - 1] != '\\' && s.All(c => c != ' ' && c != '\t' && c != '"' && CmdSpecials.IndexOf(c) < 0);

        /// <summary>cmd.exe also ends a command name at , ; = and reads a leading @ as "do not echo".</summary>
        static bool BareExecutable(string s) => BareArgument(s) && s.IndexOfAny(new[] { ',', ';', '=' }) < 0 && s[0] != '@';

        static void Refuse(string word)
        {
            foreach (char c in word)
            {
                if (c == '"' || c == '%' || char.IsControl(c))
                    throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                        $"'{SsoValidation.Printable(word)}' cannot be written into a credential_process line on Windows: it contains {Describe(c)}, which cmd.exe (that the AWS SDKs for .NET and Go run the line with) would read as its own syntax.", word);
            }
        }

        static string Describe(char c) => c == '"' ? "a double quote" : c == '%' ? "%" : "a control character";
    }
}
