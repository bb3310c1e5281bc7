using System;
using System.Collections.Generic;
using System.Linq;
using SsoTools.Core.Errors;
using SsoTools.Model;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// The changes the cmdlets make to the config file, validated before anything is touched.
    /// Works on an in-memory document: the caller saves once for a whole pipeline.
    /// </summary>
    public sealed class SsoConfigEditor
    {
        readonly ConfigDocument _doc;

        public SsoConfigEditor(ConfigDocument doc) { _doc = doc; }

        public ConfigDocument Document => _doc;
        string PathText => _doc.Path ?? AwsPaths.ConfigFile;

        /// <param name="callbackPort">Written as ssotools_callback_port when given; an existing one is kept otherwise.</param>
        public SsoSession SetSession(string name, string startUrl, string region, IReadOnlyList<string>? scopes, bool force, int? callbackPort = null)
        {
            if (callbackPort.HasValue && (callbackPort < 1024 || callbackPort > 65535))
                throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                    $"The callback port {callbackPort} is not from 1024 to 65535.", callbackPort.ToString());
            SsoValidation.SessionName(name);
            SsoValidation.StartUrl(startUrl);
            SsoValidation.Region(region, "sso_region");
            var scopeList = (scopes == null || scopes.Count == 0) ? new List<string> { SsoConfig.DefaultScope } : scopes.Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
            foreach (var s in scopeList)
                if (s.IndexOfAny(new[] { ',', '\r', '\n', ' ' }) >= 0)
                    throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                        $"The registration scope '{SsoValidation.Printable(s)}' is not valid: a scope has no commas, spaces or line breaks (for example " + SsoConfig.DefaultScope + ").", s);

            var sections = ConfigNames.FindSsoSessionSections(_doc, name);
            string section = sections.Count > 0 ? sections[sections.Count - 1] : ConfigNames.SsoSessionSection(name);
            if (_doc.HasSection(section) && !force)
                throw new SsoException(ErrorIds.SsoSessionExists, SsoErrorKind.ResourceExists,
                    $"The sso-session \"{name}\" already exists in {PathText}. Use -Force to overwrite it, or choose another name.", name);
            // -Force: the shadowed spellings go too, so the one definition left is the one written.
            for (int i = 0; i < sections.Count - 1; i++) _doc.RemoveSection(sections[i]);

            _doc.SetValue(section, "sso_start_url", startUrl);
            _doc.SetValue(section, "sso_region", region);
            _doc.SetValue(section, "sso_registration_scopes", string.Join(",", scopeList));
            if (callbackPort.HasValue) _doc.SetValue(section, SsoConfig.CallbackPortKey, callbackPort.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            int? port = callbackPort;
            if (port == null && _doc.GetValue(section, SsoConfig.CallbackPortKey) is string kept && SsoValidation.TryCallbackPort(kept.Trim(), out int p)) port = p;
            return new SsoSession(name, startUrl, region, scopeList, PathText) { CallbackPort = port };
        }

        /// <summary>Removes an sso-session (every section that defines it); refuses while profiles use it unless force.</summary>
        public bool RemoveSession(string name, bool force)
        {
            var sections = ConfigNames.FindSsoSessionSections(_doc, name);
            if (sections.Count == 0)
                throw ConfigErrors.SessionNotFound(name, PathText);
            var users = ProfilesUsing(name);
            if (users.Count > 0 && !force)
                throw new SsoException(ErrorIds.SsoSessionInUse, SsoErrorKind.InvalidOperation,
                    $"The sso-session \"{name}\" is used by the profiles {string.Join(", ", users)}. Remove them first (Get-SsoProfile | Where-Object SessionName -eq '{name}' | Remove-SsoProfile), or use -Force to remove the session anyway.", name);
            foreach (string section in sections) _doc.RemoveSection(section);
            return true;
        }

        /// <summary>
        /// Keys that give a profile its credentials some other way than IAM Identity Center. botocore
        /// takes the first source it finds, so SSO keys added beside these break the profile.
        /// </summary>
        public static readonly string[] OtherCredentialKeys =
        {
            "role_arn", "source_profile", "credential_source", "role_session_name", "external_id", "mfa_serial", "duration_seconds",
            "web_identity_token_file", "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "credential_process",
        };

        /// <summary>The profile section's own keys that get credentials another way (SsoTools' own credential_process is not one).</summary>
        public List<string> OtherCredentialKeysOf(string profileName)
        {
            var keys = new List<string>();
            string? section = ConfigNames.FindProfileSection(_doc, profileName);
            if (section == null) return keys;
            foreach (string key in OtherCredentialKeys)
            {
                string? value = _doc.GetOwnValue(section, key);
                if (value == null) continue;
                if (key == "credential_process" && IsOwnCredentialProcess(value)) continue;
                keys.Add(key);
            }
            return keys;
        }

        /// <summary>Credential keys every profile inherits from [DEFAULT]: no edit of one profile can take them away.</summary>
        public List<string> InheritedCredentialKeys()
        {
            var keys = new List<string>();
            foreach (string key in OtherCredentialKeys)
            {
                string? value = _doc.GetOwnValue(ParsedConfig.DefaultSectionName, key);
                if (value != null && !(key == "credential_process" && IsOwnCredentialProcess(value))) keys.Add(key);
            }
            return keys;
        }

        /// <summary>The credential_process line Set-SsoProfile -CredentialProcess writes: the native helper, or pwsh running Export-SsoCredential (on Windows inside -EncodedCommand).</summary>
        public static bool IsOwnCredentialProcess(string value) =>
            value.IndexOf("Export-SsoCredential", StringComparison.Ordinal) >= 0 || value.IndexOf("ssotools-credential-process", StringComparison.OrdinalIgnoreCase) >= 0 ||
            CredentialProcessQuoting.DecodedCommand(value)?.IndexOf("Export-SsoCredential", StringComparison.Ordinal) >= 0;

        /// <summary>The section headers that define the profile, when there is more than one; else empty.</summary>
        public List<string> DuplicateSectionsOf(string profileName)
        {
            var sections = ConfigNames.FindProfileSections(_doc, profileName);
            return sections.Count > 1 ? sections : new List<string>();
        }

        public List<string> ProfilesUsing(string sessionName)
        {
            var result = new List<string>();
            foreach (string section in _doc.SectionNames)
                if (ConfigNames.TryGetProfileName(section, out var profile) &&
                    string.Equals(_doc.GetValue(section, "sso_session"), sessionName, StringComparison.Ordinal))
                    result.Add(profile);
            return result;
        }

        /// <summary>
        /// Creates or updates an SSO profile that uses an sso-session. Keys not named stay as they are.
        /// A profile that gets credentials another way, or that several sections define, is refused
        /// unless force: then those keys (or the shadowed sections) go, and region, output and comments stay.
        /// </summary>
        public SsoProfile SetProfile(string profileName, string sessionName, string? accountId, string? roleName, string? region, string? output, string? credentialProcess = null, bool force = false) =>
            SetProfile(profileName, sessionName, accountId, roleName, region, output, credentialProcess, force, null);

        /// <param name="syncMarker">The session a Sync-SsoProfile profile is marked with (SyncMarkerKey), written with the other keys: a new profile stays one edit.</param>
        SsoProfile SetProfile(string profileName, string sessionName, string? accountId, string? roleName, string? region, string? output, string? credentialProcess, bool force, string? syncMarker)
        {
            SsoValidation.ProfileName(profileName);
            var session = new SsoConfig(_doc).FindSession(sessionName);
            if (session == null)
                throw ConfigErrors.SessionNotFound(sessionName, PathText);
            if (accountId != null) SsoValidation.AccountId(accountId);
            if ((accountId == null) != (roleName == null))
                throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                    "Give both -AccountId and -RoleName (a profile for role credentials), or neither (a profile for bearer tokens only).", profileName);
            if (roleName != null && (roleName.Length == 0 || roleName.IndexOfAny(new[] { '\r', '\n', ' ' }) >= 0))
                throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument, $"The role name '{SsoValidation.Printable(roleName)}' is not valid.", roleName);
            if (region != null) SsoValidation.Region(region);
            SsoValidation.Value("output", output);
            SsoValidation.Value("credential_process", credentialProcess);

            var duplicates = DuplicateSectionsOf(profileName);
            if (duplicates.Count > 0 && !force)
                throw new SsoException(ErrorIds.SectionDefinedTwice, SsoErrorKind.InvalidOperation,
                    $"The profile '{profileName}' is defined {duplicates.Count} times in {PathText} ({string.Join(", ", duplicates.Select(d => "[" + d + "]"))}); botocore uses only the last. " +
                    "Nothing was changed. Remove the ones you do not want, or use -Force to keep only the last one and update it.", profileName);
            var inherited = InheritedCredentialKeys();
            if (inherited.Count > 0)
                throw new SsoException(ErrorIds.ProfileHasOtherCredentials, SsoErrorKind.InvalidOperation,
                    $"Every profile in {PathText} inherits {string.Join(", ", inherited)} from [DEFAULT]; an SSO profile there would have two credential sources, and -Force cannot remove keys of another section. " +
                    "Nothing was changed. Move those keys out of [DEFAULT] first.", profileName);
            var others = OtherCredentialKeysOf(profileName);
            if (others.Count > 0 && !force)
                throw new SsoException(ErrorIds.ProfileHasOtherCredentials, SsoErrorKind.InvalidOperation,
                    $"The profile '{profileName}' in {PathText} gets its credentials another way ({string.Join(", ", others)}); adding SSO keys would break it. " +
                    "Nothing was changed. Choose another name, or use -Force to replace those keys with the SSO ones (region, output and comments stay).", profileName);

            // Edit the section botocore reads (a quoted or repeated header included), else a new one.
            string section = ConfigNames.FindProfileSection(_doc, profileName) ?? ConfigNames.ProfileSection(profileName);
            for (int i = 0; i < duplicates.Count - 1; i++) _doc.RemoveSection(duplicates[i]);
            foreach (string key in others) _doc.RemoveValue(section, key);
            if (credentialProcess != null && (accountId ?? _doc.GetValue(section, "sso_account_id")) == null)
                throw new SsoException(ErrorIds.ProfileHasNoRole, SsoErrorKind.InvalidArgument,
                    $"-CredentialProcess needs a role: give -AccountId and -RoleName for the profile '{profileName}'.", profileName);
            // A legacy profile becomes a session profile: its own start URL and region would conflict.
            if (_doc.GetValue(section, "sso_start_url") != null && _doc.GetValue(section, "sso_start_url") != session.StartUrl)
                _doc.RemoveValue(section, "sso_start_url");
            if (_doc.GetValue(section, "sso_region") != null && _doc.GetValue(section, "sso_region") != session.Region)
                _doc.RemoveValue(section, "sso_region");
            // One edit for a new profile; key by key for an existing one (SetValues decides).
            var keys = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("sso_session", sessionName) };
            if (accountId != null) keys.Add(new KeyValuePair<string, string>("sso_account_id", accountId));
            if (roleName != null) keys.Add(new KeyValuePair<string, string>("sso_role_name", roleName));
            if (region != null) keys.Add(new KeyValuePair<string, string>("region", region));
            if (output != null) keys.Add(new KeyValuePair<string, string>("output", output));
            if (credentialProcess != null) keys.Add(new KeyValuePair<string, string>("credential_process", credentialProcess));
            if (syncMarker != null) keys.Add(new KeyValuePair<string, string>(SyncMarkerKey, syncMarker));
            _doc.SetValues(section, keys);

            return new SsoProfile(profileName, sessionName, session.StartUrl, session.Region,
                _doc.GetValue(section, "sso_account_id"), _doc.GetValue(section, "sso_role_name"),
                _doc.GetValue(section, "region"), _doc.GetValue(section, "output"), PathText)
            { CredentialProcess = _doc.GetValue(section, "credential_process") };
        }

        /// <summary>
        /// Removes a profile: every section botocore maps to the name, so no other spelling is left
        /// to take its place. A profile that is not an SSO profile is refused unless force.
        /// </summary>
        public bool RemoveProfile(string profileName, bool force = false)
        {
            var sections = ConfigNames.FindProfileSections(_doc, profileName);
            if (sections.Count == 0)
                throw ConfigErrors.ProfileNotFound(profileName, PathText);
            // Every spelling must be an SSO profile: removing them all must not take hand-written text along.
            if (!force && !sections.TrueForAll(IsSsoSection))
                throw new SsoException(ErrorIds.ProfileNotSso, SsoErrorKind.InvalidOperation,
                    $"The profile '{profileName}' in {PathText} is not an SSO profile" + (sections.Count > 1 ? " in all of its sections (" + string.Join(", ", sections.Select(x => "[" + x + "]")) + ")" : "") +
                    "; Remove-SsoProfile leaves it. Use -Force to remove it anyway.", profileName);
            foreach (string section in sections) _doc.RemoveSection(section);
            return true;
        }

        /// <summary>True when every section that defines the profile has an SSO key of its own (sso_session, sso_start_url, ...; not inherited from [DEFAULT]).</summary>
        public bool IsSsoProfile(string profileName)
        {
            var sections = ConfigNames.FindProfileSections(_doc, profileName);
            return sections.Count > 0 && sections.TrueForAll(IsSsoSection);
        }

        bool IsSsoSection(string section)
        {
            foreach (string key in SsoConfig.SsoProfileKeys)
                if (_doc.GetOwnValue(section, key) != null) return true;
            return false;
        }

        /// <summary>Every profile name in the file, in botocore's order (first appearance).</summary>
        public List<string> ProfileNames()
        {
            var names = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string section in _doc.SectionNames)
                if (section != ParsedConfig.DefaultSectionName && ConfigNames.TryGetProfileName(section, out string name) && seen.Add(name)) names.Add(name);
            return names;
        }

        /// <summary>Expands -NameTemplate placeholders; characters a profile name may not hold become '-'.</summary>
        public static string ExpandTemplate(string template, string? sessionName, string? accountId, string? accountName, string? roleName, string? emailAddress = null)
        {
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["SessionName"] = sessionName,
                ["AccountId"] = accountId,
                ["AccountName"] = accountName,
                ["RoleName"] = roleName,
                ["EmailAddress"] = emailAddress,
            };
            var sb = new System.Text.StringBuilder();
            int i = 0;
            while (i < template.Length)
            {
                char c = template[i];
                if (c == '{')
                {
                    int close = template.IndexOf('}', i);
                    if (close < 0) throw BadTemplate(template, "a '{' is not closed");
                    string key = template.Substring(i + 1, close - i - 1);
                    if (!values.TryGetValue(key, out var value))
                        throw BadTemplate(template, $"'{{{key}}}' is not a placeholder (use {{AccountName}}, {{AccountId}}, {{RoleName}}, {{SessionName}}, {{EmailAddress}})");
                    if (string.IsNullOrEmpty(value))
                        throw BadTemplate(template, $"the input has no {key}");
                    sb.Append(Sanitize(value!));
                    i = close + 1;
                }
                else
                {
                    sb.Append(c);
                    i++;
                }
            }
            return sb.ToString();
        }

        /// <summary>A profile name made of what a profile name can hold: anything else (whitespace, brackets, quotes, backslashes, control characters) becomes '-'.</summary>
        public static string Sanitize(string value)
        {
            var sb = new System.Text.StringBuilder(value.Length);
            foreach (char c in value)
                sb.Append(char.IsWhiteSpace(c) || char.IsControl(c) || c == '[' || c == ']' || c == '\'' || c == '"' || c == '\\' ? '-' : c);
            return sb.ToString();
        }

        /// <summary>The key that marks a profile Sync-SsoProfile generated, with the session it came from; botocore ignores it.</summary>
        public const string SyncMarkerKey = "ssotools_sync";

        /// <summary>The session whose Sync-SsoProfile generated this profile; null for a profile written by hand (or by Set-SsoProfile).</summary>
        public string? SyncMarkerOf(string profileName)
        {
            string? section = ConfigNames.FindProfileSection(_doc, profileName);
            return section == null ? null : _doc.GetOwnValue(section, SyncMarkerKey);
        }

        /// <summary>A profile generated by Sync-SsoProfile: an SSO profile plus the marker that lets -Prune remove it later.</summary>
        public void SetGeneratedProfile(string profileName, string sessionName, string accountId, string roleName, string? region, string? output, bool force)
        {
            SetProfile(profileName, sessionName, accountId, roleName, region, output, null, force, sessionName);
        }

        static SsoException BadTemplate(string template, string problem) =>
            new SsoException(ErrorIds.InvalidNameTemplate, SsoErrorKind.InvalidArgument,
                $"The name template '{SsoValidation.Printable(template)}' cannot be used: {problem}.", template);
    }
}
