using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using SsoTools.Core.Config;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>SsoTools reads every corpus file exactly as botocore.configloader does, and rejects what it rejects.</summary>
    public class ConfigOracleTests
    {
        [Theory]
        [MemberData(nameof(Corpus.Valid), MemberType = typeof(Corpus))]
        public void RawParseMatchesBotocore(string name)
        {
            byte[] bytes = Corpus.Bytes(name);
            var document = ConfigDocument.FromBytes(bytes, Corpus.PathOf(name));
            JsonElement verdict = ReadableVerdict(name, bytes);

            RawAssert.Equal(verdict.GetProperty("raw"), document.ToRawDictionary(), name);
        }

        [Theory]
        [MemberData(nameof(Corpus.Invalid), MemberType = typeof(Corpus))]
        public void FilesBotocoreRejectsThrowConfigParseException(string name)
        {
            JsonElement verdict = BotocoreOracle.ForCorpusFile(name);
            Assert.False(verdict.GetProperty("ok").GetBoolean(), "botocore reads " + name);

            var e = Assert.Throws<ConfigParseException>(() => ConfigDocument.FromBytes(Corpus.Bytes(name), Corpus.PathOf(name)));
            Assert.Contains(Corpus.PathOf(name), e.Message);
            Assert.Equal(Corpus.PathOf(name), e.Path);
            if (verdict.GetProperty("line").ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(verdict.GetProperty("line").GetInt32(), e.LineNumber);
            }
            Assert.Contains("line " + e.LineNumber, e.Message);
            // Bytes botocore cannot decode are an encoding problem (on Windows it reads them in the ANSI code page).
            bool undecodable = verdict.GetProperty("errorType").GetString() == "UnicodeDecodeError";
            Assert.Equal(undecodable ? "ConfigFileEncoding" : "ConfigFileMalformed", e.ErrorId);
        }

        [Theory]
        [MemberData(nameof(Corpus.Valid), MemberType = typeof(Corpus))]
        public void ProfileAndSessionMapsMatchBotocore(string name)
        {
            byte[] bytes = Corpus.Bytes(name);
            var document = ConfigDocument.FromBytes(bytes, Corpus.PathOf(name));
            JsonElement verdict = ReadableVerdict(name, bytes);
            var raw = document.ToRawDictionary();

            var profiles = new Dictionary<string, IDictionary<string, object>>();
            var sessions = new Dictionary<string, IDictionary<string, object>>();
            foreach (string section in document.SectionNames.Where(s => s != "DEFAULT"))
            {
                if (ConfigNames.TryGetProfileName(section, out string profile)) profiles[profile] = raw[section];
                if (ConfigNames.TryGetSsoSessionName(section, out string session)) sessions[session] = raw[section];
            }
            RawAssert.Equal(verdict.GetProperty("profiles"), profiles, name + " profiles");
            RawAssert.Equal(verdict.GetProperty("sso_sessions"), sessions, name + " sso_sessions");

            foreach (var profile in verdict.GetProperty("profiles").EnumerateObject())
            {
                string? section = ConfigNames.FindProfileSection(document, profile.Name);
                Assert.NotNull(section);
                RawAssert.Equal(profile.Value, raw[section!], name + " profile " + profile.Name);
            }
            foreach (var session in verdict.GetProperty("sso_sessions").EnumerateObject())
            {
                string? section = ConfigNames.FindSsoSessionSection(document, session.Name);
                Assert.NotNull(section);
                RawAssert.Equal(session.Value, raw[section!], name + " sso-session " + session.Name);
            }
        }

        [Fact]
        public void SectionNamesMapToProfilesAndSessionsAsBotocore()
        {
            string[] sections =
            {
                "default", "Default", "DEFAULT", "profile", "profile ", "profile dev", "profile  dev", "profile\tdev",
                "profile 'a b'", "profile \"a b\"", "profile a b", "profile 'a b", "profile a\\ b", "profile \"a\\\"b\"",
                "profile \"a\\xb\"", "profile 'it'\"'\"'s'", "profile ''", "profile \"\"", "profilex y", "profile-x y",
                " profile dev", "Profile dev", "profile default", "profile dev.team", "profile user@example.com",
                "profile café", "profile a\\", "profile 'x'y", "profile x'y z'", "sso-session corp", "sso-session 'my corp'",
                "sso-session", "sso-sessionx a", "sso-session a b", "services local", "preview", "plugins", "profile a]b",
            };
            JsonElement verdict = BotocoreOracle.Run(new string[0], sections).GetProperty("sections");
            foreach (string section in sections)
            {
                JsonElement expected = verdict.GetProperty(section);
                var expectedProfiles = expected.GetProperty("profiles").EnumerateArray().Select(e => e.GetString()).ToList();
                var expectedSessions = expected.GetProperty("sso_sessions").EnumerateArray().Select(e => e.GetString()).ToList();

                bool isProfile = ConfigNames.TryGetProfileName(section, out string profile);
                bool isSession = ConfigNames.TryGetSsoSessionName(section, out string session);
                Assert.True(expectedProfiles.Count == (isProfile ? 1 : 0), "profile for [" + section + "]");
                Assert.True(expectedSessions.Count == (isSession ? 1 : 0), "sso-session for [" + section + "]");
                if (isProfile) Assert.Equal(expectedProfiles[0], profile);
                if (isSession) Assert.Equal(expectedSessions[0], session);
            }
        }

        /// <summary>
        /// botocore's result for the file, or for the file without its BOM: botocore rejects a leading BOM
        /// (it reads it as text before the first header) while SsoTools reads past it on purpose.
        /// </summary>
        static JsonElement ReadableVerdict(string name, byte[] bytes)
        {
            JsonElement verdict = BotocoreOracle.ForCorpusFile(name);
            if (Corpus.StartsWithBom(bytes))
            {
                Assert.False(verdict.GetProperty("ok").GetBoolean(), "botocore now reads a BOM: SsoTools' leniency note is out of date");
                verdict = verdict.GetProperty("withoutBom");
            }
            Assert.True(verdict.GetProperty("ok").GetBoolean(), "botocore rejects " + name);
            return verdict;
        }
    }
}
