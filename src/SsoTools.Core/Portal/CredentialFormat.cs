using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using SsoTools.Core.Cache;
using SsoTools.Core.Model;

namespace SsoTools.Core.Portal
{
    public enum CredentialFormat
    {
        /// <summary>credential_process JSON (Version 1), as `aws configure export-credentials --format process`.</summary>
        Process,
        /// <summary>export VAR=value lines for bash and zsh.</summary>
        Env,
        /// <summary>VAR=value lines.</summary>
        EnvNoExport,
        /// <summary>$Env:VAR="value" lines.</summary>
        PowerShell,
        /// <summary>set VAR=value lines for cmd.exe.</summary>
        WindowsCmd,
        /// <summary>One compact JSON object with the credentials, their expiry and what they are for.</summary>
        Json,
    }

    /// <summary>The formats of `aws configure export-credentials`, byte for byte where the CLI defines them.</summary>
    public static class CredentialFormatter
    {
        /// <summary>The CLI writes datetime.isoformat() of a UTC time: 2026-11-26T02:16:39+00:00.</summary>
        public static string IsoExpiration(DateTime utc) =>
            utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

        public static string Format(SsoRoleCredential c, CredentialFormat format)
        {
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
                case CredentialFormat.PowerShell: return Lines(c, expiration, (k, v) => "$Env:" + k + "=\"" + v.Replace("`", "``").Replace("\"", "`\"").Replace("$", "`$") + "\"");
                case CredentialFormat.WindowsCmd: return Lines(c, expiration, (k, v) => "set " + k + "=" + v);
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

        static string Lines(SsoRoleCredential c, string expiration, Func<string, string, string> line) =>
            line("AWS_ACCESS_KEY_ID", c.AccessKeyId) + "\n" +
            line("AWS_SECRET_ACCESS_KEY", c.SecretAccessKey) + "\n" +
            line("AWS_SESSION_TOKEN", c.SessionToken) + "\n" +
            line("AWS_CREDENTIAL_EXPIRATION", expiration) + "\n";

        static string Str(string s) => PythonJson.String(s);

        /// <summary>Values that a shell would change are single-quoted (the CLI prints them bare; a quoted value evals the same).</summary>
        static string ShellQuote(string v)
        {
            foreach (char ch in v)
                if (!(char.IsLetterOrDigit(ch) && ch < 128) && "/+=._:-@%,".IndexOf(ch) < 0)
                    return "'" + v.Replace("'", "'\\''") + "'";
            return v;
        }
    }
}
