using System;
using System.Collections.Generic;
using SsoTools.Model;
using SsoTools.Core.Errors;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// The sign-in view of a config document: its [sso-session] sections and the profiles that sign in
    /// through IAM Identity Center, resolved as botocore resolves them. Reads the document on every
    /// call, so it sees edits made to the document since.
    /// </summary>
    public sealed class SsoConfig
    {
        public const string DefaultScope = SsoSession.DefaultRegistrationScope;

        /// <summary>A profile with any of these keys is meant to sign in through IAM Identity Center.</summary>
        internal static readonly string[] SsoProfileKeys = { "sso_session", "sso_start_url", "sso_region", "sso_account_id", "sso_role_name" };

        readonly ConfigDocument _document;

        public SsoConfig(ConfigDocument document)
        {
            _document = document ?? throw new ArgumentNullException(nameof(document));
        }

        /// <summary>The parsed file. Shared between commands (ConfigStore.Read): read it, never edit it.</summary>
        public ConfigDocument Document => _document;

        string ConfigPath => _document.Path ?? "";
        string Where => _document.Path == null ? "the config text" : _document.Path;

        /// <summary>Usable sessions in file order; the unusable ones are in GetProblems().</summary>
        public IReadOnlyList<SsoSession> GetSessions()
        {
            var sessions = new List<SsoSession>();
            foreach (var entry in NameMap(session: true))
            {
                try { sessions.Add(ReadSession(entry.Key, entry.Value)); }
                catch (SsoConfigException) { /* reported by GetProblems */ }
            }
            return sessions;
        }

        /// <summary>Null when there is no such sso-session; throws SsoConfigException when it lacks required keys.</summary>
        public SsoSession? FindSession(string name)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            string? section = ConfigNames.FindSsoSessionSection(_document, name);
            return section == null ? null : ReadSession(name, section);
        }

        /// <summary>Usable SSO profiles in botocore's order; the unusable ones are in GetProblems().</summary>
        public IReadOnlyList<SsoProfile> GetProfiles()
        {
            var profiles = new List<SsoProfile>();
            foreach (var entry in NameMap(session: false))
            {
                if (!IsSsoProfile(entry.Value)) continue;
                try { profiles.Add(ReadProfile(entry.Key, entry.Value)); }
                catch (SsoConfigException) { /* reported by GetProblems */ }
            }
            return profiles;
        }

        /// <summary>
        /// Null when there is no such profile or it does not sign in through IAM Identity Center (as
        /// GetProfiles leaves it out). Throws SsoConfigException when it is an SSO profile that cannot sign in:
        /// SsoSessionNotFound, SsoConfigInconsistent, SsoProfileIncomplete, SsoSessionIncomplete.
        /// </summary>
        public SsoProfile? FindProfile(string name)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            string? section = ConfigNames.FindProfileSection(_document, name);
            return section == null || !IsSsoProfile(section) ? null : ReadProfile(name, section);
        }

        /// <summary>Every profile that means to sign in through IAM Identity Center, usable or not, in botocore's order.</summary>
        public IReadOnlyList<string> SsoProfileNames()
        {
            var names = new List<string>();
            foreach (var entry in NameMap(session: false))
                if (IsSsoProfile(entry.Value)) names.Add(entry.Key);
            return names;
        }

        /// <summary>Why each sso-session and SSO profile that GetSessions and GetProfiles leave out is unusable.</summary>
        public IReadOnlyList<SsoConfigException> GetProblems()
        {
            var problems = new List<SsoConfigException>(GetSessionProblems());
            problems.AddRange(GetProfileProblems(ownOnly: false));
            return problems;
        }

        /// <summary>Why each sso-session that GetSessions leaves out is unusable.</summary>
        public IReadOnlyList<SsoConfigException> GetSessionProblems()
        {
            var problems = new List<SsoConfigException>();
            foreach (var entry in NameMap(session: true))
            {
                try { ReadSession(entry.Key, entry.Value); }
                catch (SsoConfigException e) { problems.Add(e); }
            }
            return problems;
        }

        /// <summary>Why each SSO profile that GetProfiles leaves out is unusable.</summary>
        /// <param name="ownOnly">Leave out the profiles that are unusable only because their sso-session is (GetSessionProblems says why).</param>
        public IReadOnlyList<SsoConfigException> GetProfileProblems(bool ownOnly = false)
        {
            var problems = new List<SsoConfigException>();
            foreach (var entry in NameMap(session: false))
            {
                if (!IsSsoProfile(entry.Value)) continue;
                try { ReadProfile(entry.Key, entry.Value); }
                catch (SsoConfigException e) { if (!ownOnly || e.Target == entry.Key) problems.Add(e); }
            }
            return problems;
        }

        /// <summary>
        /// botocore's build_profile_map: names in order of first appearance, each with the last section
        /// that defines it (a later section wins).
        /// </summary>
        List<KeyValuePair<string, string>> NameMap(bool session)
        {
            var order = new List<string>();
            var sections = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string section in _document.SectionNames)
            {
                if (section == ParsedConfig.DefaultSectionName) continue;
                bool named = session ? ConfigNames.TryGetSsoSessionName(section, out string name) : ConfigNames.TryGetProfileName(section, out name);
                if (!named) continue;
                if (!sections.ContainsKey(name)) order.Add(name);
                sections[name] = section;
            }
            var map = new List<KeyValuePair<string, string>>(order.Count);
            foreach (string name in order) map.Add(new KeyValuePair<string, string>(name, sections[name]));
            return map;
        }

        bool IsSsoProfile(string section)
        {
            foreach (string key in SsoProfileKeys)
            {
                if (_document.GetValue(section, key) != null) return true;
            }
            return false;
        }

        SsoSession ReadSession(string name, string section)
        {
            string? startUrl = NonEmpty(section, "sso_start_url");
            string? region = NonEmpty(section, "sso_region");
            if (startUrl == null || region == null)
            {
                throw new SsoConfigException(ErrorIds.SsoSessionIncomplete,
                    "The sso-session \"" + name + "\" in " + Where + " is missing " + Missing(startUrl, region)
                    + ". Add " + (startUrl == null && region == null ? "them" : "it") + " to [" + section + "].",
                    ConfigPath, name);
            }
            CheckSignInValues(startUrl, region, "sso-session \"" + name + "\"", "[" + section + "]", name);
            string? rawScopes = _document.GetValue(section, "sso_registration_scopes");
            return new SsoSession(name, startUrl, region, ParseScopes(rawScopes), ConfigPath)
            {
                RegistrationScopesConfigured = rawScopes != null && ParseScopes(rawScopes, withDefault: false).Count > 0,
                CallbackPort = ReadCallbackPort(name, section),
            };
        }

        SsoProfile ReadProfile(string name, string section)
        {
            string? sessionName = _document.GetValue(section, "sso_session");
            string startUrl, ssoRegion;
            if (sessionName != null)
            {
                string? sessionSection = ConfigNames.FindSsoSessionSection(_document, sessionName);
                if (sessionSection == null)
                {
                    throw new SsoConfigException(ErrorIds.SsoSessionNotFound,
                        "The sso-session \"" + sessionName + "\" does not exist in " + Where + " (the profile \"" + name + "\" names it).",
                        ConfigPath, name);
                }
                // As botocore: every key both define must agree, not only the start URL and region.
                foreach (var pair in _document.GetValues(sessionSection))
                {
                    string? own = _document.GetValue(section, pair.Key);
                    if (own != null && own != pair.Value)
                    {
                        throw new SsoConfigException(ErrorIds.SsoConfigInconsistent,
                            "The value of " + pair.Key + " is inconsistent between profile \"" + name + "\" (" + own + ") and sso-session \""
                            + sessionName + "\" (" + pair.Value + ") in " + Where + ". Remove it from the profile, or make the two agree.",
                            ConfigPath, name);
                    }
                }
                SsoSession session = ReadSession(sessionName, sessionSection);
                startUrl = session.StartUrl;
                ssoRegion = session.Region;
            }
            else
            {
                string? url = NonEmpty(section, "sso_start_url");
                string? region = NonEmpty(section, "sso_region");
                if (url == null || region == null)
                {
                    throw new SsoConfigException(ErrorIds.SsoProfileIncomplete,
                        "The profile \"" + name + "\" in " + Where + " is missing " + Missing(url, region)
                        + ". Add " + (url == null && region == null ? "them" : "it") + ", or point the profile at an sso-session with sso_session = NAME.",
                        ConfigPath, name);
                }
                CheckSignInValues(url, region, "profile \"" + name + "\"", "[" + section + "]", name);
                startUrl = url;
                ssoRegion = region;
            }
            return new SsoProfile(name, sessionName, startUrl, ssoRegion,
                NonEmpty(section, "sso_account_id"), NonEmpty(section, "sso_role_name"),
                NonEmpty(section, "region"), NonEmpty(section, "output"), ConfigPath)
            {
                CredentialProcess = NonEmpty(section, "credential_process"),
            };
        }

        /// <summary>
        /// The start URL and region decide where the browser and every request go, so they are
        /// checked when read, not only when SsoTools writes them: an https start URL and a real
        /// region name, or the session cannot be used (before any request, before any browser).
        /// </summary>
        /// <summary>The session's ssotools_callback_port (SsoTools' own key: botocore and the AWS CLI ignore it), or null.</summary>
        int? ReadCallbackPort(string name, string section)
        {
            string? raw = NonEmpty(section, CallbackPortKey);
            if (raw == null) return null;
            if (SsoValidation.TryCallbackPort(PyText.Strip(raw), out int port)) return port;
            throw new SsoConfigException(ErrorIds.InvalidValue,
                "The " + CallbackPortKey + " of the sso-session \"" + name + "\" in " + Where + " ('" + SsoValidation.Printable(raw) +
                "') is not a port number from 1024 to 65535. Fix it in [" + section + "], or remove it to let the system pick a port.",
                ConfigPath, name);
        }

        /// <summary>The sso-session key of a fixed loopback port for the browser's redirect.</summary>
        public const string CallbackPortKey = "ssotools_callback_port";

        void CheckSignInValues(string startUrl, string region, string what, string header, string name)
        {
            if (!SsoValidation.IsStartUrl(startUrl))
                throw new SsoConfigException(ErrorIds.InvalidStartUrl,
                    "The sso_start_url of the " + what + " in " + Where + " ('" + SsoValidation.Printable(startUrl) +
                    "') is not an https:// URL, so SsoTools will not sign in with it. Fix it in " + header +
                    " (the 'AWS access portal URL' of IAM Identity Center, such as https://my-sso-portal.awsapps.com/start).",
                    ConfigPath, name);
            if (!SsoValidation.IsRegion(region))
                throw new SsoConfigException(ErrorIds.InvalidRegion,
                    "The sso_region of the " + what + " in " + Where + " ('" + SsoValidation.Printable(region) +
                    "') is not an AWS Region name, so SsoTools will not send requests for it. Fix it in " + header + " (such as us-east-1).",
                    ConfigPath, name);
        }

        /// <summary>The AWS CLI's parse_sso_registration_scopes: comma-separated, trimmed, empty parts dropped.</summary>
        public static IReadOnlyList<string> ParseScopes(string? raw) => ParseScopes(raw, withDefault: true);

        static List<string> ParseScopes(string? raw, bool withDefault)
        {
            var scopes = new List<string>();
            if (raw != null)
            {
                foreach (string part in raw.Split(','))
                {
                    string scope = PyText.Strip(part);
                    if (scope.Length > 0) scopes.Add(scope);
                }
            }
            if (scopes.Count == 0 && withDefault) scopes.Add(DefaultScope);
            return scopes;
        }

        string? NonEmpty(string section, string key)
        {
            string? value = _document.GetValue(section, key);
            return string.IsNullOrEmpty(value) ? null : value;
        }

        static string Missing(string? startUrl, string? region) =>
            startUrl == null && region == null ? "sso_start_url and sso_region" : startUrl == null ? "sso_start_url" : "sso_region";
    }
}
