using System.Collections.Generic;
using SsoTools.Core.Errors;
using SsoTools.Core.Config;

namespace SsoTools.Core.Resolution
{
    /// <summary>What to sign in to: an sso-session, or a legacy profile's start URL.</summary>
    public sealed class SignIn
    {
        public SignIn(string? sessionName, string startUrl, string region, IReadOnlyList<string>? configuredScopes, string? profileName = null)
        {
            SessionName = sessionName;
            StartUrl = startUrl;
            Region = region;
            ConfiguredScopes = configuredScopes;
            ProfileName = profileName;
        }

        /// <summary>Null for a legacy profile: then the token is keyed by the start URL and never refreshed.</summary>
        public string? SessionName { get; }
        public string StartUrl { get; }
        public string Region { get; }
        /// <summary>sso_registration_scopes as configured; null when the session does not set it (that is part of the registration cache key).</summary>
        public IReadOnlyList<string>? ConfiguredScopes { get; }
        public string? ProfileName { get; }
        public bool IsLegacy => SessionName == null;
        /// <summary>The session's ssotools_callback_port, or null (any free port).</summary>
        public int? CallbackPort { get; set; }

        public IReadOnlyList<string> EffectiveScopes => ConfiguredScopes != null && ConfiguredScopes.Count > 0
            ? ConfiguredScopes : new[] { SsoConfig.DefaultScope };

        /// <summary>How a user names this target in a command: the session, else the profile.</summary>
        public string DisplayName => SessionName ?? ProfileName ?? StartUrl;

        /// <summary>The command that signs in to this, worded for the host (Errors.Remedy).</summary>
        public string LoginHint => Remedy.SignInCommand(SessionName, IsLegacy ? ProfileName : null);

        /// <summary>The command that signs in again even while a cached token looks good.</summary>
        public string ForcedLoginHint => Remedy.SignInCommand(SessionName, IsLegacy ? ProfileName : null, force: true);
    }
}
