using System.Collections.Generic;
using SsoTools.Model;

namespace SsoTools.Core.Formats
{
    /// <summary>
    /// The environment variables through which AWS tools take credentials: one list, for every
    /// command that puts credentials or a profile into an environment (Use-SsoProfile, Invoke-SsoCommand,
    /// the env export formats), so none leaves a variable behind that another one clears.
    /// </summary>
    public static class AwsEnvironment
    {
        public const string Profile = "AWS_PROFILE";
        public const string Region = "AWS_REGION";

        /// <summary>
        /// Every variable that chooses credentials. One left set wins over (or mixes with) what a
        /// command sets: keys win over AWS_PROFILE in every SDK, and botocore reads AWS_DEFAULT_PROFILE
        /// before AWS_PROFILE; AWS_SECURITY_TOKEN is the old name of the session token.
        /// </summary>
        public static readonly IReadOnlyList<string> CredentialChoice = new[]
        {
            Profile, "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
        };

        /// <summary>A role's credentials as the SDKs read them, in the order the export formats print them.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> Credentials(SsoRoleCredential c) => new[]
        {
            new KeyValuePair<string, string>("AWS_ACCESS_KEY_ID", c.AccessKeyId),
            new KeyValuePair<string, string>("AWS_SECRET_ACCESS_KEY", c.SecretAccessKey),
            new KeyValuePair<string, string>("AWS_SESSION_TOKEN", c.SessionToken),
            new KeyValuePair<string, string>("AWS_CREDENTIAL_EXPIRATION", CredentialFormatter.IsoExpiration(c.Expiration)),
        };

        /// <summary>
        /// What an environment must become to use a profile (AWS_PROFILE, with every other credential
        /// variable removed) or a role's credentials (the keys, its Region when known, no profile).
        /// Null means "remove".
        /// </summary>
        public static Dictionary<string, string?> For(string? profile, SsoRoleCredential? credential)
        {
            var values = new Dictionary<string, string?>();
            foreach (string name in CredentialChoice) values[name] = null;
            if (profile != null) values[Profile] = profile;
            if (credential != null)
            {
                foreach (var kv in Credentials(credential)) values[kv.Key] = kv.Value;
                if (!string.IsNullOrEmpty(credential.Region)) values[Region] = credential.Region;
            }
            return values;
        }
    }
}
