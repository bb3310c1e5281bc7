using System;
using System.Collections.Generic;

namespace SsoTools.Model
{
    /// <summary>An [sso-session NAME] section: where and how to sign in.</summary>
    public sealed class SsoSession
    {
        /// <summary>For scripts and runbook tests: [SsoTools.Model.SsoSession]@{ SessionName = 'work'; ... }.</summary>
        public SsoSession() { }

        public SsoSession(string sessionName, string startUrl, string region, IReadOnlyList<string> registrationScopes, string configPath)
        {
            SessionName = sessionName;
            StartUrl = startUrl;
            Region = region;
            RegistrationScopes = registrationScopes;
            ConfigPath = configPath;
        }

        /// <summary>The scope a registration gets when sso_registration_scopes is not set (botocore's default), and
        /// the one portal calls need. The one definition of it: Core uses this constant.</summary>
        public const string DefaultRegistrationScope = "sso:account:access";

        public string SessionName { get; set; } = "";
        public string StartUrl { get; set; } = "";
        public string Region { get; set; } = "";
        public IReadOnlyList<string> RegistrationScopes { get; set; } = new[] { DefaultRegistrationScope };
        public string ConfigPath { get; set; } = "";

        /// <summary>
        /// True when the section sets sso_registration_scopes; false when RegistrationScopes holds only the
        /// default. Caches keyed as botocore keys them need to tell the two apart (null scopes vs a list).
        /// </summary>
        public bool RegistrationScopesConfigured { get; set; }

        /// <summary>ssotools_callback_port: the fixed loopback port of browser sign-ins (for ssh -L), or null for any free port.</summary>
        public int? CallbackPort { get; set; }

        /// <summary>Login state, filled in by whoever looked at the token cache; null when not looked at.</summary>
        public SsoLoginState? LoginState { get; set; }
        public DateTime? ExpiresAt { get; set; }
        public bool? Refreshable { get; set; }
        /// <summary>
        /// True when IAM Identity Center itself was asked (Get-SsoSession -Verify); false when the
        /// LoginState is only what the cache file claims (the service may have revoked the token).
        /// </summary>
        public bool Verified { get; set; }

        public override string ToString() => SessionName;
    }

    public enum SsoLoginState
    {
        NotLoggedIn,
        LoggedIn,
        Expired,
        ExpiredRefreshable,
        /// <summary>The cache holds a token the service no longer accepts (signed out elsewhere, revoked).</summary>
        Revoked,
    }
}
