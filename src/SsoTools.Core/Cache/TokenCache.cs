using System;
using System.IO;
using System.Text.Json;

namespace SsoTools.Core.Cache
{
    /// <summary>~/.aws/sso/cache/&lt;sha1&gt;.json tokens, shared with the AWS CLI and botocore.</summary>
    public sealed class TokenCache
    {
        public TokenCache(string directory) { Directory = directory; }

        public string Directory { get; }

        public string PathFor(string? sessionName, string startUrl) =>
            System.IO.Path.Combine(Directory, CacheKeys.Token(sessionName, startUrl) + ".json");

        /// <summary>
        /// Null when there is no file, or when the file lacks accessToken or expiresAt (botocore calls
        /// that an invalid token, not a crash). Throws CacheFileException for a file that is not JSON.
        /// </summary>
        public CachedToken? Load(string path)
        {
            using (var doc = JsonCacheFile.TryRead(path))
            {
                if (doc == null) return null;
                var root = doc.RootElement;
                string? access = JsonCacheFile.GetString(root, "accessToken");
                DateTime? expires = JsonCacheFile.GetTime(root, "expiresAt");
                if (string.IsNullOrEmpty(access) || expires == null) return null;
                return new CachedToken
                {
                    StartUrl = JsonCacheFile.GetString(root, "startUrl"),
                    Region = JsonCacheFile.GetString(root, "region"),
                    AccessToken = access!,
                    ExpiresAt = expires.Value,
                    ClientId = JsonCacheFile.GetString(root, "clientId"),
                    ClientSecret = JsonCacheFile.GetString(root, "clientSecret"),
                    RegistrationExpiresAt = JsonCacheFile.GetTime(root, "registrationExpiresAt"),
                    RefreshToken = JsonCacheFile.GetString(root, "refreshToken"),
                };
            }
        }

        public void Save(string path, CachedToken token) => JsonCacheFile.Write(path, token.ToJson());

        public bool Delete(string path) => IO.AtomicFile.DeleteIfExists(path);
    }
}
