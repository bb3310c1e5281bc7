using System;

namespace SsoTools.Core.Tokens
{
    public sealed class LoginOptions
    {
        /// <summary>Device authorization instead of the authorization code flow with PKCE.</summary>
        public bool UseDeviceCode { get; set; }
        /// <summary>Print the URL (and code); open nothing.</summary>
        public bool NoBrowser { get; set; }
        /// <summary>Sign in again even when the cached token is still good; the old token is revoked only once the new one is saved.</summary>
        public bool Force { get; set; }
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);
    }
}
