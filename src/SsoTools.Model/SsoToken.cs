using System;
using System.Management.Automation;

namespace SsoTools.Model
{
    /// <summary>A cached SSO access token, as a person and a script see it. The token itself is
    /// on AccessToken, which is [Hidden]: no rendering shows it; `$t.AccessToken` does.</summary>
    public sealed class SsoToken
    {
        public string? SessionName { get; set; }
        public string? ProfileName { get; set; }
        public string StartUrl { get; set; } = "";
        public string Region { get; set; } = "";
        public DateTime ExpiresAt { get; set; }
        public bool IsExpired => ExpiresAt.ToUniversalTime() <= DateTime.UtcNow;
        public bool Refreshable { get; set; }
        public DateTime? RegistrationExpiresAt { get; set; }
        public string CachePath { get; set; } = "";
        [Hidden] public string AccessToken { get; set; } = "";

        public override string ToString() => SessionName ?? StartUrl;
    }
}
