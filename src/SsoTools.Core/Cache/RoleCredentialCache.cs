using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using SsoTools.Model;
using SsoTools.Core.Errors;

namespace SsoTools.Core.Cache
{
    /// <summary>~/.aws/cli/cache role credentials shared with the AWS CLI (compat.md section 6).</summary>
    public sealed class RoleCredentialCache
    {
        public RoleCredentialCache(string directory) { Directory = directory; }

        public string Directory { get; }

        public string PathFor(string accountId, string roleName, string? sessionName, string startUrl) =>
            Path.Combine(Directory, CacheKeys.RoleCredential(accountId, roleName, sessionName, startUrl) + ".json");

        /// <summary>Null when missing or not an SSO credential file we can use.</summary>
        public SsoRoleCredential? Load(string path) => Load(path, out _);

        /// <param name="assumedRoleArn">AssumedRoleUser.Arn of an AWS CLI assume-role file (the role it was issued for), when there.</param>
        public SsoRoleCredential? Load(string path, out string? assumedRoleArn)
        {
            assumedRoleArn = null;
            using (var doc = JsonCacheFile.TryRead(path))
            {
                if (doc == null) return null;
                var root = doc.RootElement;
                if (root.TryGetProperty("AssumedRoleUser", out var user) && user.ValueKind == JsonValueKind.Object)
                    assumedRoleArn = JsonCacheFile.GetString(user, "Arn");
                if (!root.TryGetProperty("Credentials", out var c) || c.ValueKind != JsonValueKind.Object) return null;
                string? id = JsonCacheFile.GetString(c, "AccessKeyId");
                string? secret = JsonCacheFile.GetString(c, "SecretAccessKey");
                string? session = JsonCacheFile.GetString(c, "SessionToken");
                DateTime? exp = JsonCacheFile.GetTime(c, "Expiration");
                if (id == null || secret == null || session == null || exp == null) return null;
                return new SsoRoleCredential
                {
                    AccessKeyId = id,
                    SecretAccessKey = secret,
                    SessionToken = session,
                    Expiration = exp.Value,
                    AccountId = JsonCacheFile.GetString(c, "AccountId") ?? "",
                };
            }
        }

        /// <summary>True when the file is an SSO role-credential file (ProviderType sso), the kind logout deletes.</summary>
        public static bool IsSsoFile(string path)
        {
            try
            {
                using (var doc = JsonCacheFile.TryRead(path))
                    return doc != null && JsonCacheFile.GetString(doc.RootElement, "ProviderType") == "sso";
            }
            catch (SsoException) { return false; } // unreadable (CacheFileException), or not a regular file: never ours to delete
        }

        public void Save(string path, SsoRoleCredential credential)
        {
            var creds = new List<KeyValuePair<string, object?>>
            {
                new KeyValuePair<string, object?>("AccessKeyId", credential.AccessKeyId),
                new KeyValuePair<string, object?>("SecretAccessKey", credential.SecretAccessKey),
                new KeyValuePair<string, object?>("SessionToken", credential.SessionToken),
                new KeyValuePair<string, object?>("Expiration", CacheTime.Format(credential.Expiration)),
                new KeyValuePair<string, object?>("AccountId", credential.AccountId),
            };
            var file = new List<KeyValuePair<string, object?>>
            {
                new KeyValuePair<string, object?>("ProviderType", "sso"),
                new KeyValuePair<string, object?>("Credentials", creds),
            };
            JsonCacheFile.Write(path, PythonJson.Dumps(file));
        }
    }
}
