using System.Collections.Generic;
using System.Text;

namespace SsoTools.Core.Cache
{
    /// <summary>The file names botocore and the AWS CLI use for their caches (compat.md sections 3 and 6).</summary>
    public static class CacheKeys
    {
        /// <summary>Token cache key: SHA-1 of the session name, or of the start URL exactly as configured (legacy).</summary>
        public static string Token(string? sessionName, string startUrl) => Sha1Hex(sessionName ?? startUrl);

        /// <summary>Client-registration key: SHA-1 of json.dumps({...}, sort_keys=True).</summary>
        public static string Registration(string startUrl, string region, IReadOnlyList<string>? scopes, string? sessionName)
        {
            var args = new List<KeyValuePair<string, object?>>
            {
                new KeyValuePair<string, object?>("region", region),
                new KeyValuePair<string, object?>("scopes", scopes),
                new KeyValuePair<string, object?>("session_name", sessionName),
                new KeyValuePair<string, object?>("startUrl", startUrl),
                new KeyValuePair<string, object?>("tool", "botocore"),
            };
            return Sha1Hex(PythonJson.Dumps(args));
        }

        /// <summary>Role-credential key: SHA-1 of compact sorted JSON of accountId, roleName and sessionName (or startUrl).</summary>
        public static string RoleCredential(string accountId, string roleName, string? sessionName, string startUrl)
        {
            var args = new List<KeyValuePair<string, object?>>
            {
                new KeyValuePair<string, object?>("accountId", accountId),
                new KeyValuePair<string, object?>("roleName", roleName),
            };
            if (sessionName != null) args.Add(new KeyValuePair<string, object?>("sessionName", sessionName));
            else args.Add(new KeyValuePair<string, object?>("startUrl", startUrl));
            return Sha1Hex(PythonJson.Dumps(args, compact: true));
        }

        /// <summary>
        /// The AWS CLI's assume-role cache key (compat.md section 9): SHA-1 of json.dumps(args,
        /// sort_keys=True) with the default separators, args being the AssumeRole parameters the config
        /// sets: RoleArn, RoleSessionName (only when configured), ExternalId, SerialNumber, DurationSeconds.
        /// </summary>
        public static string AssumeRole(string roleArn, string? roleSessionName, string? externalId, string? serialNumber, int? durationSeconds)
        {
            // Sorted by key: DurationSeconds, ExternalId, RoleArn, RoleSessionName, SerialNumber.
            var args = new List<KeyValuePair<string, object?>>();
            if (durationSeconds != null) args.Add(new KeyValuePair<string, object?>("DurationSeconds", durationSeconds.Value));
            if (externalId != null) args.Add(new KeyValuePair<string, object?>("ExternalId", externalId));
            args.Add(new KeyValuePair<string, object?>("RoleArn", roleArn));
            if (roleSessionName != null) args.Add(new KeyValuePair<string, object?>("RoleSessionName", roleSessionName));
            if (serialNumber != null) args.Add(new KeyValuePair<string, object?>("SerialNumber", serialNumber));
            return Sha1Hex(PythonJson.Dumps(args));
        }

        public static string Sha1Hex(string input)
        {
            byte[] hash = Sha1.Hash(Encoding.UTF8.GetBytes(input));
            var sb = new StringBuilder(40);
            foreach (byte b in hash) sb.Append(b.ToString("x2"));
            return sb.ToString();
        }
    }
}
