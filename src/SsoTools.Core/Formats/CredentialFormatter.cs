using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using SsoTools.Core.Cache;
using SsoTools.Model;
using SsoTools.Core.Portal;
using SsoTools.Core.Errors;

namespace SsoTools.Core.Formats
{
    /// <summary>The formats of `aws configure export-credentials`, byte for byte where the CLI defines them.</summary>
    public static class CredentialFormatter
    {
        /// <summary>The CLI writes datetime.isoformat() of a UTC time: 2026-11-26T02:16:39+00:00.</summary>
        public static string IsoExpiration(DateTime utc) => CacheTime.FormatWithOffset(utc);

        public static string Format(SsoRoleCredential c, CredentialFormat format)
        {
            // The last line of defence: whatever reached here, no value may end its string in a shell.
            CredentialValues.Check(c, "the credentials to export", Remedy.FetchNewCredentials());
            string expiration = IsoExpiration(c.Expiration);
            switch (format)
            {
                case CredentialFormat.Process:
                    // json.dumps(output, indent=2, separators=(',', ': ')) + "\n"
                    var sb = new StringBuilder();
                    sb.Append("{\n  \"Version\": 1,\n");
                    sb.Append("  \"AccessKeyId\": ").Append(Str(c.AccessKeyId)).Append(",\n");
                    sb.Append("  \"SecretAccessKey\": ").Append(Str(c.SecretAccessKey)).Append(",\n");
                    sb.Append("  \"SessionToken\": ").Append(Str(c.SessionToken)).Append(",\n");
                    sb.Append("  \"Expiration\": ").Append(Str(expiration)).Append("\n}\n");
                    return sb.ToString();
                case CredentialFormat.Env: return Lines(c, expiration, (k, v) => "export " + k + "=" + ShellQuote(v));
                case CredentialFormat.EnvNoExport: return Lines(c, expiration, (k, v) => k + "=" + ShellQuote(v));
                case CredentialFormat.PowerShell: return Lines(c, expiration, (k, v) => "$Env:" + k + "=" + PowerShellQuote(v));
                case CredentialFormat.Fish: return Lines(c, expiration, (k, v) => "set -gx " + k + " " + FishQuote(v) + ";");
                case CredentialFormat.WindowsCmd: return Lines(c, expiration, (k, v) => "set " + k + "=" + CmdValue(v));
                case CredentialFormat.Json:
                    return PythonJson.Dumps(new List<KeyValuePair<string, object?>>
                    {
                        new KeyValuePair<string, object?>("AccessKeyId", c.AccessKeyId),
                        new KeyValuePair<string, object?>("SecretAccessKey", c.SecretAccessKey),
                        new KeyValuePair<string, object?>("SessionToken", c.SessionToken),
                        new KeyValuePair<string, object?>("Expiration", expiration),
                        new KeyValuePair<string, object?>("AccountId", c.AccountId),
                        new KeyValuePair<string, object?>("RoleName", c.RoleName),
                        new KeyValuePair<string, object?>("ProfileName", c.ProfileName),
                        new KeyValuePair<string, object?>("SessionName", c.SessionName),
                        new KeyValuePair<string, object?>("Region", c.Region),
                    }) + "\n";
                default: throw new ArgumentOutOfRangeException(nameof(format));
            }
        }

        static string Lines(SsoRoleCredential c, string expiration, Func<string, string, string> line)
        {
            var sb = new StringBuilder();
            foreach (var kv in AwsEnvironment.Credentials(c)) sb.Append(line(kv.Key, kv.Value)).Append('\n');
            return sb.ToString();
        }

        static string Str(string s) => PythonJson.String(s);

        /// <summary>
        /// POSIX shells: values of plain characters are printed bare, as the CLI prints them; any other
        /// value is single-quoted, where nothing but ' is special, and each ' becomes '\'' .
        /// </summary>
        public static string ShellQuote(string v)
        {
            foreach (char ch in v)
                if (!IsPlain(ch))
                    return "'" + v.Replace("'", "'\\''") + "'";
            return v;
        }

        /// <summary>
        /// fish: plain values bare; anything else single-quoted, where only \ and ' are special (each is
        /// escaped with a backslash) and $, (, ; and line breaks mean nothing.
        /// </summary>
        public static string FishQuote(string v)
        {
            foreach (char ch in v)
                if (!IsPlain(ch))
                    return "'" + v.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
            return v;
        }

        /// <summary>
        /// PowerShell: a single-quoted (verbatim) string, so $ and ` mean nothing. PowerShell takes
        /// any of ' ‘ ’ ‚ ‛ as a single quote, and two in a row as one literal quote: each is doubled.
        /// </summary>
        public static string PowerShellQuote(string v)
        {
            var sb = new StringBuilder(v.Length + 2).Append('\'');
            foreach (char ch in v)
            {
                sb.Append(ch);
                if (IsPowerShellSingleQuote(ch)) sb.Append(ch);
            }
            return sb.Append('\'').ToString();
        }

        static bool IsPowerShellSingleQuote(char ch) => ch == '\'' || ch == '\u2018' || ch == '\u2019' || ch == '\u201A' || ch == '\u201B';

        /// <summary>cmd.exe has no quoting that makes every character inert (% and ! expand even in quotes):
        /// only plain values are printed; anything else is refused.</summary>
        public static string CmdValue(string v)
        {
            foreach (char ch in v)
                if (!IsPlain(ch))
                    throw new Errors.SsoException(Errors.ErrorIds.InvalidCredentialValue, Errors.SsoErrorKind.InvalidData,
                        "A credential value holds a character that cmd.exe cannot take literally; it is not printed.", null);
            return v;
        }

        static bool IsPlain(char ch) => (ch < 128 && char.IsLetterOrDigit(ch)) || "/+=._:-,".IndexOf(ch) >= 0;
    }
}
