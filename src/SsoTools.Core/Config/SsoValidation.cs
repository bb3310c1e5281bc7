using System;
using System.Text.RegularExpressions;
using SsoTools.Core.Errors;

namespace SsoTools.Core.Config
{
    /// <summary>Checks on what a user types, each with a message that says what to do.</summary>
    public static class SsoValidation
    {
        static readonly Regex RegionPattern = new Regex("\\A[a-z]{2}(-[a-z]+)+-[0-9]+\\z", RegexOptions.CultureInvariant);
        static readonly Regex AccountIdPattern = new Regex("\\A[0-9]{12}\\z", RegexOptions.CultureInvariant);

        /// <summary>An absolute https URL with a host and nothing a line or shell could split.</summary>
        public static bool IsStartUrl(string url) =>
            url != null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == "https" && !string.IsNullOrEmpty(uri.Host)
            && url.IndexOfAny(new[] { '\r', '\n', ' ', '\t' }) < 0;

        public static void StartUrl(string url)
        {
            if (!IsStartUrl(url))
                throw new SsoException(ErrorIds.InvalidStartUrl, SsoErrorKind.InvalidArgument,
                    $"The start URL '{Printable(url)}' is not valid: it must be an https:// URL, such as https://my-sso-portal.awsapps.com/start (see the IAM Identity Center console, Settings, 'AWS access portal URL').", url);
        }

        /// <summary>A fixed callback port: 1024 to 65535 (below needs privileges; 0 is "any", the default without a setting).</summary>
        public static bool TryCallbackPort(string text, out int port) =>
            int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) && port >= 1024 && port <= 65535;

        public static bool IsRegion(string region) => region != null && RegionPattern.IsMatch(region);

        public static void Region(string region, string what = "region")
        {
            if (!IsRegion(region))
                throw new SsoException(ErrorIds.InvalidRegion, SsoErrorKind.InvalidArgument,
                    $"The {what} '{Printable(region ?? "")}' is not an AWS Region name; use one such as us-east-1 or eu-west-2.", region);
        }

        public static void AccountId(string accountId)
        {
            if (accountId == null || !AccountIdPattern.IsMatch(accountId))
                throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                    $"The account ID '{Printable(accountId ?? "")}' is not valid: an AWS account ID is 12 digits.", accountId);
        }

        static readonly Regex RoleArnPattern = new Regex(@"\Aarn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:role/(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}\z", RegexOptions.CultureInvariant);

        /// <summary>A role ARN as IAM writes it: arn:&lt;partition&gt;:iam::&lt;12 digits&gt;:role/[path/]name.</summary>
        public static void RoleArn(string roleArn, string profileName)
        {
            if (roleArn == null || !RoleArnPattern.IsMatch(roleArn))
                throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidData,
                    $"The profile '{profileName}' has role_arn = {Printable(roleArn ?? "")}, which is not a role ARN; it must look like arn:aws:iam::123456789012:role/Name.", profileName);
        }

        // Names and values follow the config editor's own rules (Config/ConfigNames), so what the
        // cmdlets accept is exactly what the editor will write and botocore read back unchanged.
        public static void SessionName(string name)
        {
            string? problem = ConfigNames.ValidateName(name);
            if (problem != null)
                throw new SsoException(ErrorIds.InvalidSessionName, SsoErrorKind.InvalidArgument,
                    $"The session name '{Printable(name)}' is not valid: {problem}. Use letters, digits and - _ . only.", name);
        }

        public static void ProfileName(string name)
        {
            string? problem = ConfigNames.ValidateName(name);
            if (problem != null)
                throw new SsoException(ErrorIds.InvalidProfileName, SsoErrorKind.InvalidArgument,
                    $"The profile name '{Printable(name)}' is not valid: {problem}. Use letters, digits and - _ . @ only.", name);
        }

        public static void Value(string key, string? value)
        {
            if (value != null && ConfigNames.ValidateValue(value) != null)
                throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                    $"The value for '{key}' contains a line break; config values must be one line.", value);
        }

        /// <summary>Shows control characters visibly in messages so a stray newline is seen, not obeyed.</summary>
        public static string Printable(string s)
        {
            var sb = new System.Text.StringBuilder(s.Length);
            foreach (char c in s)
            {
                if (c == '\n') sb.Append("\\n");
                else if (c == '\r') sb.Append("\\r");
                else if (c == '\t') sb.Append("\\t");
                else if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4"));
                else sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
