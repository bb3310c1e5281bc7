using System;
using System.Collections.Generic;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using SsoTools.Core.Model;

namespace SsoTools.Core.Auth
{
    /// <summary>Turns a session or profile name from the config file into what to sign in to.</summary>
    public sealed class TargetResolver
    {
        readonly ConfigDocument _doc;
        readonly SsoConfig _config;

        public TargetResolver(ConfigDocument doc)
        {
            _doc = doc;
            _config = new SsoConfig(doc);
        }

        public SsoConfig Config => _config;
        public string ConfigPath => _doc.Path ?? AwsPaths.ConfigFile;

        public SsoTarget ForSession(string sessionName)
        {
            var session = _config.FindSession(sessionName) ?? throw SessionNotFound(sessionName, ConfigPath);
            return FromSession(session, null);
        }

        public SsoTarget ForProfile(string profileName) => ForProfile(Profile(profileName));

        /// <summary>The SSO profile of that name; an SsoProfileNotFound error when there is none.</summary>
        public SsoProfile Profile(string profileName)
        {
            SsoProfile? profile;
            try { profile = _config.FindProfile(profileName); }
            catch (SsoConfigException ex) { throw FromConfig(ex); }
            return profile ?? throw new SsoException(ErrorIds.SsoProfileNotFound, SsoErrorKind.ObjectNotFound,
                $"The profile '{profileName}' is not an SSO profile in {ConfigPath}. List them with Get-SsoProfile, or create one with Set-SsoProfile.", profileName);
        }

        public SsoTarget ForProfile(SsoProfile profile)
        {
            if (profile.SessionName == null)
                return new SsoTarget(null, profile.StartUrl, profile.SsoRegion, null, profile.ProfileName);
            var session = _config.FindSession(profile.SessionName) ?? throw SessionNotFound(profile.SessionName, ConfigPath);
            return FromSession(session, profile.ProfileName);
        }

        SsoTarget FromSession(SsoSession session, string? profileName)
        {
            // Whether scopes were configured at all is part of botocore's registration cache key.
            IReadOnlyList<string>? configured = session.RegistrationScopesConfigured ? session.RegistrationScopes : null;
            return new SsoTarget(session.SessionName, session.StartUrl, session.Region, configured, profileName);
        }

        public static SsoException SessionNotFound(string sessionName, string path) =>
            new SsoException(ErrorIds.SsoSessionNotFound, SsoErrorKind.ObjectNotFound,
                $"The sso-session \"{sessionName}\" does not exist in {path}. Create it with 'New-SsoSession -Name {sessionName} -StartUrl <url> -Region <region>', or list sessions with Get-SsoSession.", sessionName);

        public static SsoException FromConfig(SsoConfigException ex) =>
            new SsoException(ex.ErrorId, ex.ErrorId == ErrorIds.SsoSessionNotFound ? SsoErrorKind.ObjectNotFound : SsoErrorKind.InvalidData,
                ex.Message, ex.Target, ex);
    }
}
