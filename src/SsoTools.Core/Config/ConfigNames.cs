using System;
using System.Collections.Generic;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// How profile and sso-session names map to section headers, read exactly as botocore's
    /// build_profile_map does, and which names SsoTools is willing to write.
    /// </summary>
    public static class ConfigNames
    {
        public const string DefaultProfile = "default";
        const string ProfilePrefix = "profile";
        const string SsoSessionPrefix = "sso-session";

        /// <summary>"default" for the default profile (never "profile default"), else "profile NAME".</summary>
        public static string ProfileSection(string profileName)
        {
            if (profileName == null) throw new ArgumentNullException(nameof(profileName));
            return profileName == DefaultProfile ? DefaultProfile : PrefixedSection(ProfilePrefix, profileName);
        }

        public static string SsoSessionSection(string sessionName)
        {
            if (sessionName == null) throw new ArgumentNullException(nameof(sessionName));
            return PrefixedSection(SsoSessionPrefix, sessionName);
        }

        /// <summary>
        /// The profile a section defines, as botocore sees it: "default", or a section that starts with
        /// "profile" and splits (shell-style) into exactly two words. Note that botocore also reads
        /// "[profilex y]" as the profile "y"; so does this.
        /// </summary>
        public static bool TryGetProfileName(string section, out string name)
        {
            if (section == null) throw new ArgumentNullException(nameof(section));
            if (section.StartsWith(ProfilePrefix, StringComparison.Ordinal)) return TrySecondWord(section, out name);
            name = section == DefaultProfile ? DefaultProfile : "";
            return section == DefaultProfile;
        }

        public static bool TryGetSsoSessionName(string section, out string name)
        {
            if (section == null) throw new ArgumentNullException(nameof(section));
            name = "";
            return section.StartsWith(SsoSessionPrefix, StringComparison.Ordinal) && TrySecondWord(section, out name);
        }

        /// <summary>
        /// The section botocore takes the profile from (when several sections name the same profile,
        /// the last one wins), or null. Edit an existing profile through this, create one with ProfileSection.
        /// </summary>
        public static string? FindProfileSection(ConfigDocument document, string profileName)
        {
            if (document == null) throw new ArgumentNullException(nameof(document));
            var sections = document.ProfileSectionsOf(profileName);
            return sections.Count > 0 ? sections[sections.Count - 1] : null;
        }

        /// <summary>Every section botocore maps to this profile, in file order ([profile a], [profile 'a'], [profile "a"]...).</summary>
        public static List<string> FindProfileSections(ConfigDocument document, string profileName)
        {
            if (document == null) throw new ArgumentNullException(nameof(document));
            return new List<string>(document.ProfileSectionsOf(profileName));
        }

        /// <summary>Every section botocore maps to this sso-session, in file order.</summary>
        public static List<string> FindSsoSessionSections(ConfigDocument document, string sessionName)
        {
            if (document == null) throw new ArgumentNullException(nameof(document));
            return new List<string>(document.SsoSessionSectionsOf(sessionName));
        }

        public static string? FindSsoSessionSection(ConfigDocument document, string sessionName)
        {
            if (document == null) throw new ArgumentNullException(nameof(document));
            var sections = document.SsoSessionSectionsOf(sessionName);
            return sections.Count > 0 ? sections[sections.Count - 1] : null;
        }

        /// <summary>
        /// Null when SsoTools may write the name as a profile or sso-session name, else why not.
        /// Stricter than botocore: a name other tools might read differently (spaces, quotes, brackets)
        /// is refused rather than quoted.
        /// </summary>
        public static string? ValidateName(string name)
        {
            if (name == null) return "the name is missing";
            if (name.Length == 0) return "the name is empty";
            if (name.IndexOf('\r') >= 0 || name.IndexOf('\n') >= 0) return "the name contains a line break";
            if (PyText.Strip(name).Length == 0) return "the name is only whitespace";
            if (PyText.Strip(name) != name) return "the name starts or ends with whitespace";
            foreach (char c in name)
            {
                if (PyText.IsSpace(c)) return "the name contains whitespace, which the AWS CLI only reads inside quotes";
                if (c == '[' || c == ']') return "the name contains '" + c + "', which ends or confuses a [section] header";
                if (c == '\'' || c == '"' || c == '\\') return "the name contains " + c + ", which the AWS CLI reads as shell quoting";
                if (char.IsControl(c)) return "the name contains a control character";
            }
            return null;
        }

        /// <summary>Null when the value can be written on one line, else why not.</summary>
        public static string? ValidateValue(string value)
        {
            if (value == null) return "the value is missing";
            if (value.IndexOf('\r') >= 0 || value.IndexOf('\n') >= 0) return "the value contains a line break";
            return null;
        }

        /// <summary>Null when the key can be written as "key = value" and read back as the same key.</summary>
        public static string? ValidateKey(string key)
        {
            if (key == null) return "the key is missing";
            if (key.Length == 0) return "the key is empty";
            if (key.IndexOf('\r') >= 0 || key.IndexOf('\n') >= 0) return "the key contains a line break";
            if (PyText.Strip(key) != key) return "the key starts or ends with whitespace";
            if (key.IndexOf('=') >= 0 || key.IndexOf(':') >= 0) return "the key contains '=' or ':', which end a key";
            if (key[0] == '#' || key[0] == ';') return "the key starts with '" + key[0] + "', which starts a comment";
            if (key[0] == '[') return "the key starts with '[', which starts a section header";
            return null;
        }

        /// <summary>Null when the text can be written as a [section] header and read back unchanged.</summary>
        public static string? ValidateSection(string section)
        {
            if (section == null) return "the section name is missing";
            if (section.Length == 0) return "the section name is empty";
            if (section.IndexOf('\r') >= 0 || section.IndexOf('\n') >= 0) return "the section name contains a line break";
            return null;
        }

        static string PrefixedSection(string prefix, string name)
        {
            string plain = prefix + " " + name;
            List<string>? words = ShellWords.Split(plain);
            bool readsBack = words != null && words.Count == 2 && words[1] == name;
            return readsBack ? plain : prefix + " " + ShellWords.Quote(name);
        }

        static bool TrySecondWord(string section, out string name)
        {
            List<string>? words = ShellWords.Split(section);
            name = words != null && words.Count == 2 ? words[1] : "";
            return words != null && words.Count == 2;
        }
    }
}
