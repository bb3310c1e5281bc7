using System;
using System.Collections.Generic;
using System.Linq;
using SsoTools.Core.Errors;
using SsoTools.Core.Model;

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

        public SsoSession SetSession(string name, string startUrl, string region, IReadOnlyList<string>? scopes, bool force)
        {
            SsoValidation.SessionName(name);
            SsoValidation.StartUrl(startUrl);
            SsoValidation.Region(region, "sso_region");
            var scopeList = (scopes == null || scopes.Count == 0) ? new List<string> { "sso:account:access" } : scopes.Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
            foreach (var s in scopeList)
                if (s.IndexOfAny(new[] { ',', '\r', '\n', ' ' }) >= 0)
                    throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                        $"The registration scope '{SsoValidation.Printable(s)}' is not valid: a scope has no commas, spaces or line breaks (for example sso:account:access).", s);

            string section = ConfigNames.FindSsoSessionSection(_doc, name) ?? ConfigNames.SsoSessionSection(name);
            if (_doc.HasSection(section) && !force)
                throw new SsoException(ErrorIds.SsoSessionExists, SsoErrorKind.ResourceExists,
                    $"The sso-session \"{name}\" already exists in {PathText}. Use -Force to overwrite it, or choose another name.", name);

            _doc.SetValue(section, "sso_start_url", startUrl);
            _doc.SetValue(section, "sso_region", region);
            _doc.SetValue(section, "sso_registration_scopes", string.Join(",", scopeList));
            return new SsoSession(name, startUrl, region, scopeList, PathText);
        }

        /// <summary>Removes an sso-session; refuses while profiles use it unless force.</summary>
        public bool RemoveSession(string name, bool force)
        {
            string? section = ConfigNames.FindSsoSessionSection(_doc, name);
            if (section == null)
                throw new SsoException(ErrorIds.SsoSessionNotFound, SsoErrorKind.ObjectNotFound,
                    $"The sso-session \"{name}\" does not exist in {PathText}. List sessions with Get-SsoSession.", name);
            var users = ProfilesUsing(name);
            if (users.Count > 0 && !force)
                throw new SsoException(ErrorIds.SsoSessionInUse, SsoErrorKind.InvalidOperation,
                    $"The sso-session \"{name}\" is used by the profiles {string.Join(", ", users)}. Remove them first (Get-SsoProfile | Where-Object SessionName -eq '{name}' | Remove-SsoProfile), or use -Force to remove the session anyway.", name);
            return _doc.RemoveSection(section);
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

        /// <summary>Creates or updates an SSO profile that uses an sso-session. Keys not named stay as they are.</summary>
        public SsoProfile SetProfile(string profileName, string sessionName, string? accountId, string? roleName, string? region, string? output, string? credentialProcess = null)
        {
            SsoValidation.ProfileName(profileName);
            var session = new SsoConfig(_doc).FindSession(sessionName);
            if (session == null)
                throw new SsoException(ErrorIds.SsoSessionNotFound, SsoErrorKind.ObjectNotFound,
                    $"The sso-session \"{sessionName}\" does not exist in {PathText}. Create it with 'New-SsoSession -Name {sessionName} -StartUrl <url> -Region <region>'.", sessionName);
            if (accountId != null) SsoValidation.AccountId(accountId);
            if ((accountId == null) != (roleName == null))
                throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                    "Give both -AccountId and -RoleName (a profile for role credentials), or neither (a profile for bearer tokens only).", profileName);
            if (roleName != null && (roleName.Length == 0 || roleName.IndexOfAny(new[] { '\r', '\n', ' ' }) >= 0))
                throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument, $"The role name '{SsoValidation.Printable(roleName)}' is not valid.", roleName);
            if (region != null) SsoValidation.Region(region);
            SsoValidation.Value("output", output);
            SsoValidation.Value("credential_process", credentialProcess);

            // Edit the section botocore reads (a quoted or repeated header included), else a new one.
            string section = ConfigNames.FindProfileSection(_doc, profileName) ?? ConfigNames.ProfileSection(profileName);
            if (credentialProcess != null && (accountId ?? _doc.GetValue(section, "sso_account_id")) == null)
                throw new SsoException(ErrorIds.ProfileHasNoRole, SsoErrorKind.InvalidArgument,
                    $"-CredentialProcess needs a role: give -AccountId and -RoleName for the profile '{profileName}'.", profileName);
            // A legacy profile becomes a session profile: its own start URL and region would conflict.
            if (_doc.GetValue(section, "sso_start_url") != null && _doc.GetValue(section, "sso_start_url") != session.StartUrl)
                _doc.RemoveValue(section, "sso_start_url");
            if (_doc.GetValue(section, "sso_region") != null && _doc.GetValue(section, "sso_region") != session.Region)
                _doc.RemoveValue(section, "sso_region");
            _doc.SetValue(section, "sso_session", sessionName);
            if (accountId != null) _doc.SetValue(section, "sso_account_id", accountId);
            if (roleName != null) _doc.SetValue(section, "sso_role_name", roleName);
            if (region != null) _doc.SetValue(section, "region", region);
            if (output != null) _doc.SetValue(section, "output", output);
            if (credentialProcess != null) _doc.SetValue(section, "credential_process", credentialProcess);

            return new SsoProfile(profileName, sessionName, session.StartUrl, session.Region,
                _doc.GetValue(section, "sso_account_id"), _doc.GetValue(section, "sso_role_name"),
                _doc.GetValue(section, "region"), _doc.GetValue(section, "output"), PathText)
            { CredentialProcess = _doc.GetValue(section, "credential_process") };
        }

        public bool RemoveProfile(string profileName)
        {
            string? section = ConfigNames.FindProfileSection(_doc, profileName);
            if (section == null)
                throw new SsoException(ErrorIds.SsoProfileNotFound, SsoErrorKind.ObjectNotFound,
                    $"The profile '{profileName}' does not exist in {PathText}. List SSO profiles with Get-SsoProfile.", profileName);
            return _doc.RemoveSection(section);
        }

        /// <summary>Expands -NameTemplate placeholders; characters a profile name may not hold become '-'.</summary>
        public static string ExpandTemplate(string template, string? sessionName, string? accountId, string? accountName, string? roleName)
        {
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["SessionName"] = sessionName,
                ["AccountId"] = accountId,
                ["AccountName"] = accountName,
                ["RoleName"] = roleName,
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
                        throw BadTemplate(template, $"'{{{key}}}' is not a placeholder (use {{AccountName}}, {{AccountId}}, {{RoleName}}, {{SessionName}})");
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

        static string Sanitize(string value)
        {
            var sb = new System.Text.StringBuilder(value.Length);
            foreach (char c in value)
                sb.Append(char.IsWhiteSpace(c) || char.IsControl(c) || c == '[' || c == ']' || c == '\'' || c == '"' ? '-' : c);
            return sb.ToString();
        }

        static SsoException BadTemplate(string template, string problem) =>
            new SsoException(ErrorIds.InvalidNameTemplate, SsoErrorKind.InvalidArgument,
                $"The name template '{SsoValidation.Printable(template)}' cannot be used: {problem}.", template);
    }
}
