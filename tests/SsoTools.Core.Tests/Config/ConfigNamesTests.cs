using SsoTools.Core.Config;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    public class ConfigNamesTests
    {
        [Theory]
        [InlineData("default", "default")]
        [InlineData("dev", "profile dev")]
        [InlineData("user@example.com", "profile user@example.com")]
        [InlineData("a b", "profile 'a b'")]
        [InlineData("it's", "profile 'it'\"'\"'s'")]
        public void ProfileSections(string name, string section)
        {
            Assert.Equal(section, ConfigNames.ProfileSection(name));
            Assert.True(ConfigNames.TryGetProfileName(section, out string back));
            Assert.Equal(name, back);
        }

        [Theory]
        [InlineData("my-sso", "sso-session my-sso")]
        [InlineData("my sso", "sso-session 'my sso'")]
        public void SessionSections(string name, string section)
        {
            Assert.Equal(section, ConfigNames.SsoSessionSection(name));
            Assert.True(ConfigNames.TryGetSsoSessionName(section, out string back));
            Assert.Equal(name, back);
        }

        [Theory]
        [InlineData("profile a b")]
        [InlineData("profile 'open")]
        [InlineData("profile")]
        [InlineData("preview")]
        [InlineData("sso-session x")]
        public void SectionsThatAreNotProfiles(string section)
        {
            Assert.False(ConfigNames.TryGetProfileName(section, out _));
        }

        [Theory]
        [InlineData("dev")]
        [InlineData("dev.team-1_x")]
        [InlineData("user@example.com")]
        [InlineData("café")]
        [InlineData("arn:aws:iam::1:role/x")]
        public void GoodNames(string name) => Assert.Null(ConfigNames.ValidateName(name));

        [Theory]
        [InlineData("", "empty")]
        [InlineData("   ", "only whitespace")]
        [InlineData(" dev", "starts or ends with whitespace")]
        [InlineData("a b", "contains whitespace")]
        [InlineData("a\tb", "contains whitespace")]
        [InlineData("a[b", "'['")]
        [InlineData("a]b", "']'")]
        [InlineData("a\nb", "line break")]
        [InlineData("a\rb", "line break")]
        [InlineData("it's", "shell quoting")]
        [InlineData("a\"b", "shell quoting")]
        [InlineData("a\\b", "shell quoting")]
        [InlineData("a\u0001b", "control character")]
        public void BadNames(string name, string reason)
        {
            string? problem = ConfigNames.ValidateName(name);
            Assert.NotNull(problem);
            Assert.Contains(reason, problem);
        }

        [Fact]
        public void Values()
        {
            Assert.Null(ConfigNames.ValidateValue("https://x.awsapps.com/start#/"));
            Assert.Null(ConfigNames.ValidateValue(""));
            Assert.Contains("line break", ConfigNames.ValidateValue("a\nb"));
            Assert.Contains("line break", ConfigNames.ValidateValue("a\rb"));
        }

        [Fact]
        public void TheLastSectionForAProfileIsTheOneBotocoreUses()
        {
            var document = ConfigDocument.Parse("[profile a]\nregion = 1\n[profile 'a']\nregion = 2\n[default]\n[profile default]\n");
            Assert.Equal("profile 'a'", ConfigNames.FindProfileSection(document, "a"));
            Assert.Equal("profile default", ConfigNames.FindProfileSection(document, "default"));
            Assert.Null(ConfigNames.FindProfileSection(document, "b"));
        }
    }
}
