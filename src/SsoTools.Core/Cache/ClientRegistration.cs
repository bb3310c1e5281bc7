using System;
using System.Collections.Generic;
using System.Linq;

namespace SsoTools.Core.Cache
{
    /// <summary>A cached RegisterClient answer (compat.md section 3, "Client registration cache").</summary>
    public sealed class ClientRegistration
    {
        public string ClientId { get; set; } = "";
        public string ClientSecret { get; set; } = "";
        public DateTime ExpiresAt { get; set; }
        public IReadOnlyList<string>? Scopes { get; set; }
        public IReadOnlyList<string>? GrantTypes { get; set; }

        /// <summary>Read from the cache rather than registered just now (not part of the file).</summary>
        public bool FromCache { get; set; }

        public bool IsForAuthorizationCode => GrantTypes != null && GrantTypes.Contains("authorization_code");

        /// <summary>Reusable for a flow: 15 minutes left at least, and grant types that fit the flow.</summary>
        public bool FitsFlow(bool authorizationCode, DateTime nowUtc) =>
            ExpiresAt - nowUtc > TimeSpan.FromMinutes(15) && IsForAuthorizationCode == authorizationCode;

        public string ToJson()
        {
            var fields = new List<KeyValuePair<string, object?>>
            {
                new KeyValuePair<string, object?>("clientId", ClientId),
                new KeyValuePair<string, object?>("clientSecret", ClientSecret),
                new KeyValuePair<string, object?>("expiresAt", CacheTime.Format(ExpiresAt)),
            };
            if (Scopes != null) fields.Add(new KeyValuePair<string, object?>("scopes", Scopes));
            if (GrantTypes != null) fields.Add(new KeyValuePair<string, object?>("grantTypes", GrantTypes));
            return PythonJson.Dumps(fields);
        }
    }
}
