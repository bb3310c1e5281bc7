using System;
using System.Collections.Generic;

namespace SsoTools.Core.Cache
{
    /// <summary>The contents of ~/.aws/sso/cache/&lt;key&gt;.json (compat.md section 3).</summary>
    public sealed class CachedToken
    {
        public string? StartUrl { get; set; }
        public string? Region { get; set; }
        public string AccessToken { get; set; } = "";
        public DateTime ExpiresAt { get; set; }
        public string? ClientId { get; set; }
        public string? ClientSecret { get; set; }
        public DateTime? RegistrationExpiresAt { get; set; }
        public string? RefreshToken { get; set; }

        /// <summary>Everything a refresh needs is there (compat.md section 5); expiry of the registration is checked by the caller.</summary>
        public bool HasRefreshMaterial =>
            !string.IsNullOrEmpty(RefreshToken) && !string.IsNullOrEmpty(ClientId) &&
            !string.IsNullOrEmpty(ClientSecret) && RegistrationExpiresAt.HasValue;

        public bool CanRefreshAt(DateTime nowUtc) => HasRefreshMaterial && RegistrationExpiresAt!.Value > nowUtc;

        /// <summary>The botocore bytes: fields in botocore's order, one line, no trailing newline.</summary>
        public string ToJson()
        {
            var fields = new List<KeyValuePair<string, object?>>
            {
                new KeyValuePair<string, object?>("startUrl", StartUrl),
                new KeyValuePair<string, object?>("region", Region),
                new KeyValuePair<string, object?>("accessToken", AccessToken),
                new KeyValuePair<string, object?>("expiresAt", CacheTime.Format(ExpiresAt)),
            };
            if (ClientId != null) fields.Add(new KeyValuePair<string, object?>("clientId", ClientId));
            if (ClientSecret != null) fields.Add(new KeyValuePair<string, object?>("clientSecret", ClientSecret));
            if (RegistrationExpiresAt.HasValue) fields.Add(new KeyValuePair<string, object?>("registrationExpiresAt", CacheTime.Format(RegistrationExpiresAt.Value)));
            if (RefreshToken != null) fields.Add(new KeyValuePair<string, object?>("refreshToken", RefreshToken));
            return PythonJson.Dumps(fields);
        }

        public CachedToken Clone() => (CachedToken)MemberwiseClone();
    }
}
