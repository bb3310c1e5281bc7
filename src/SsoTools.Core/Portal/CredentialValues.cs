using System.Text.RegularExpressions;
using SsoTools.Core.Errors;
using SsoTools.Model;

namespace SsoTools.Core.Portal
{
    /// <summary>
    /// Role credentials come from cache files (anyone's tool may have written them) and from the
    /// network, and end up in shells through Export-SsoCredential. So they must look like what AWS
    /// issues: an access key ID of capitals and digits, a secret key and session token of base64
    /// characters. Anything else (a quote of any kind, a space, a newline) is refused, never printed.
    /// </summary>
    public static class CredentialValues
    {
        static readonly Regex AccessKeyId = new Regex("\\A[A-Z0-9]{16,128}\\z", RegexOptions.CultureInvariant);
        static readonly Regex SecretAccessKey = new Regex("\\A[A-Za-z0-9/+=]{16,256}\\z", RegexOptions.CultureInvariant);
        static readonly Regex SessionToken = new Regex("\\A[A-Za-z0-9/+=]{16,16384}\\z", RegexOptions.CultureInvariant);

        /// <summary>The name of the first value that AWS would never issue; null when all are fine.</summary>
        public static string? Problem(SsoRoleCredential c)
        {
            if (c.AccessKeyId == null || !AccessKeyId.IsMatch(c.AccessKeyId)) return "AccessKeyId";
            if (c.SecretAccessKey == null || !SecretAccessKey.IsMatch(c.SecretAccessKey)) return "SecretAccessKey";
            if (c.SessionToken == null || !SessionToken.IsMatch(c.SessionToken)) return "SessionToken";
            return null;
        }

        /// <param name="source">Where the values came from, for the message (a file path, or the service).</param>
        /// <param name="remedy">What the user can do about it.</param>
        public static void Check(SsoRoleCredential c, string source, string remedy)
        {
            string? bad = Problem(c);
            if (bad != null)
                // The value itself is never quoted: it is a secret, or an attempt to break out of one.
                throw new SsoException(ErrorIds.InvalidCredentialValue, SsoErrorKind.InvalidData,
                    $"The {bad} from {source} is not of the form AWS issues (letters, digits and + / = only); SsoTools refuses to use or print it. {remedy}", source);
        }
    }
}
