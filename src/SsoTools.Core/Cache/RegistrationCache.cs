using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace SsoTools.Core.Cache
{
    /// <summary>Client registrations in ~/.aws/sso/cache, keyed as botocore keys them.</summary>
    public sealed class RegistrationCache
    {
        public RegistrationCache(string directory) { Directory = directory; }

        public string Directory { get; }

        public string PathFor(string startUrl, string region, IReadOnlyList<string>? scopes, string? sessionName) =>
            System.IO.Path.Combine(Directory, CacheKeys.Registration(startUrl, region, scopes, sessionName) + ".json");

        public ClientRegistration? Load(string path)
        {
            using (var doc = JsonCacheFile.TryRead(path))
            {
                if (doc == null) return null;
                var root = doc.RootElement;
                string? id = JsonCacheFile.GetString(root, "clientId");
                string? secret = JsonCacheFile.GetString(root, "clientSecret");
                var expires = JsonCacheFile.GetTime(root, "expiresAt");
                if (id == null || secret == null || expires == null) return null;
                return new ClientRegistration
                {
                    ClientId = id,
                    ClientSecret = secret,
                    ExpiresAt = expires.Value,
                    Scopes = ReadList(root, "scopes"),
                    GrantTypes = ReadList(root, "grantTypes"),
                };
            }
        }

        public void Save(string path, ClientRegistration registration) => JsonCacheFile.Write(path, registration.ToJson());

        public bool Delete(string path) => IO.AtomicFile.DeleteIfExists(path);

        static IReadOnlyList<string>? ReadList(JsonElement root, string name)
        {
            if (!root.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array) return null;
            return v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
        }
    }
}
