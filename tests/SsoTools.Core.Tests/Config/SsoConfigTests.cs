using System.Linq;
using SsoTools.Core.Config;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    public class SsoConfigTests
    {
        const string Path = "/home/me/.aws/config";

        static SsoConfig Of(string text) => new SsoConfig(ConfigDocument.Parse(text, Path));

        const string Session = "[sso-session my-sso]\nsso_start_url = https://my-sso-portal.awsapps.com/start\nsso_region = us-east-1\n";

        [Fact]
        public void AProfileTakesStartUrlAndRegionFromItsSession()
        {
            var config = Of("[profile dev]\nsso_session = my-sso\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = us-west-2\noutput = json\n" + Session);
            var profile = config.FindProfile("dev")!;
            Assert.Equal("my-sso", profile.SessionName);
            Assert.Equal("https://my-sso-portal.awsapps.com/start", profile.StartUrl);
            Assert.Equal("us-east-1", profile.SsoRegion);
            Assert.Equal("111122223333", profile.AccountId);
            Assert.Equal("ReadOnly", profile.RoleName);
            Assert.Equal("us-west-2", profile.Region);
            Assert.Equal("json", profile.Output);
            Assert.Equal(Path, profile.ConfigPath);
            Assert.False(profile.IsLegacy);
        }

        [Fact]
        public void AProfileMayRepeatTheSessionsValuesIfTheyAgree()
        {
            var config = Of("[profile dev]\nsso_session = my-sso\nsso_start_url = https://my-sso-portal.awsapps.com/start\n" + Session);
            Assert.Equal("us-east-1", config.FindProfile("dev")!.SsoRegion);
        }

        [Fact]
        public void DisagreeingValuesAreInconsistent()
        {
            var config = Of("[profile dev]\nsso_session = my-sso\nsso_region = eu-west-1\n" + Session);
            var e = Assert.Throws<SsoConfigException>(() => config.FindProfile("dev"));
            Assert.Equal("SsoConfigInconsistent", e.ErrorId);
            Assert.Contains("inconsistent between profile \"dev\" (eu-west-1) and sso-session \"my-sso\" (us-east-1)", e.Message);
            Assert.Contains(Path, e.Message);
            Assert.Equal("dev", e.Target);
            Assert.Equal(Path, e.Path);
            Assert.Empty(config.GetProfiles());
            Assert.Single(config.GetProblems());
        }

        [Fact]
        public void AMissingSessionIsNamedWithTheFile()
        {
            var config = Of("[profile dev]\nsso_session = nope\n");
            var e = Assert.Throws<SsoConfigException>(() => config.FindProfile("dev"));
            Assert.Equal("SsoSessionNotFound", e.ErrorId);
            Assert.Contains("the sso-session \"nope\" does not exist in " + Path, e.Message, System.StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void ALegacyProfileHasItsOwnStartUrlAndRegion()
        {
            var config = Of("[default]\nsso_start_url = https://d-123.awsapps.com/start/\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\ncredential_process = x\n");
            var profile = config.FindProfile("default")!;
            Assert.True(profile.IsLegacy);
            Assert.Null(profile.SessionName);
            Assert.Equal("https://d-123.awsapps.com/start/", profile.StartUrl);
            Assert.Equal("x", profile.CredentialProcess);
        }

        [Theory]
        [InlineData("sso_start_url = https://x\n", "sso_region")]
        [InlineData("sso_region = us-east-1\n", "sso_start_url")]
        [InlineData("sso_account_id = 1\nsso_role_name = R\n", "sso_start_url and sso_region")]
        [InlineData("sso_start_url =\nsso_region = us-east-1\n", "sso_start_url")]
        public void AnIncompleteLegacyProfileSaysWhatIsMissing(string keys, string missing)
        {
            var config = Of("[profile old]\n" + keys);
            var e = Assert.Throws<SsoConfigException>(() => config.FindProfile("old"));
            Assert.Equal("SsoProfileIncomplete", e.ErrorId);
            Assert.Contains("is missing " + missing + ".", e.Message);
            Assert.Contains(Path, e.Message);
        }

        [Fact]
        public void AnIncompleteSessionSaysWhatIsMissing()
        {
            var config = Of("[sso-session s]\nsso_start_url = https://x\n[profile p]\nsso_session = s\n");
            var e = Assert.Throws<SsoConfigException>(() => config.FindSession("s"));
            Assert.Equal("SsoSessionIncomplete", e.ErrorId);
            Assert.Contains("sso-session \"s\" in " + Path + " is missing sso_region", e.Message);
            Assert.Equal("SsoSessionIncomplete", Assert.Throws<SsoConfigException>(() => config.FindProfile("p")).ErrorId);
            Assert.Empty(config.GetSessions());
            Assert.Equal(2, config.GetProblems().Count);
        }

        [Fact]
        public void ScopesAreCommaSeparatedTrimmedAndDefaultToAccountAccess()
        {
            var config = Of(Session + "[sso-session two]\nsso_start_url = https://two\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access , codewhisperer:completions,,\n"
                + "[sso-session empty]\nsso_start_url = https://e\nsso_region = eu-west-1\nsso_registration_scopes =\n");
            var one = config.FindSession("my-sso")!;
            Assert.Equal(new[] { "sso:account:access" }, one.RegistrationScopes);
            Assert.False(one.RegistrationScopesConfigured);
            var two = config.FindSession("two")!;
            Assert.Equal(new[] { "sso:account:access", "codewhisperer:completions" }, two.RegistrationScopes);
            Assert.True(two.RegistrationScopesConfigured);
            Assert.Equal(new[] { "sso:account:access" }, config.FindSession("empty")!.RegistrationScopes);
            Assert.Equal(new[] { "my-sso", "two", "empty" }, config.GetSessions().Select(s => s.SessionName));
        }

        [Fact]
        public void OnlySsoProfilesAreListed()
        {
            var config = Of("[default]\nregion = us-east-1\n[profile keys]\naws_access_key_id = A\n[profile dev]\nsso_session = my-sso\n" + Session);
            Assert.Equal(new[] { "dev" }, config.GetProfiles().Select(p => p.ProfileName));
            Assert.Null(config.FindProfile("nope"));
            Assert.Null(config.FindSession("nope"));
            Assert.Null(config.FindProfile("keys"));
            Assert.Null(config.FindProfile("default"));
        }

        [Fact]
        public void ProfilesFollowBotocoresNamingAndPrecedence()
        {
            var config = Of(Session + "[profile 'with space']\nsso_session = my-sso\n[profile dup]\nsso_session = my-sso\nsso_role_name = First\n[profile 'dup']\nsso_session = my-sso\nsso_role_name = Second\n"
                + "[DEFAULT]\nsso_account_id = 999\n");
            Assert.Equal(new[] { "with space", "dup" }, config.GetProfiles().Select(p => p.ProfileName));
            Assert.Equal("Second", config.FindProfile("dup")!.RoleName);
            Assert.Equal("999", config.FindProfile("with space")!.AccountId); // [DEFAULT] applies, as in botocore
        }

        [Fact]
        public void SessionProfilesOfTheCorpusResolve()
        {
            var config = new SsoConfig(ConfigDocument.FromBytes(Corpus.Bytes("big.ini"), Corpus.PathOf("big.ini")));
            var profiles = config.GetProfiles();
            Assert.Equal(54, profiles.Count);
            Assert.Contains(profiles, p => p.IsLegacy);
            Assert.Equal(new[] { "corp", "partner" }, config.GetSessions().Select(s => s.SessionName));
            Assert.Empty(config.GetProblems());
        }
    }
}
