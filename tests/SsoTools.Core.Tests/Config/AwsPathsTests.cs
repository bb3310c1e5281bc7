using System;
using System.IO;
using System.Runtime.InteropServices;
using SsoTools.Core.Config;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>
    /// Uses AwsPaths' environment-taking forms: changing the process's HOME would race with every other
    /// test that reads it.
    /// </summary>
    public class AwsPathsTests
    {
        static readonly string HomeVariable = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "USERPROFILE" : "HOME";
        static readonly string TestHome = Path.Combine(Path.GetTempPath(), "ssotools-home");

        static Func<string, string?> Environment(string? configFile) =>
            name => name == HomeVariable ? TestHome : name == "AWS_CONFIG_FILE" ? configFile : null;

        [Fact]
        public void TheConfigFileDefaultsToHomeDotAws()
        {
            Assert.Equal(TestHome, AwsPaths.HomeFrom(Environment(null)));
            Assert.Equal(Path.Combine(TestHome, ".aws", "config"), AwsPaths.ConfigFileFrom(Environment(null)));
            Assert.Equal(Path.Combine(TestHome, ".aws", "config"), AwsPaths.ConfigFileFrom(Environment("")));
        }

        [Theory]
        [InlineData("~/elsewhere/config", true)]
        [InlineData("~", true)]
        [InlineData("/etc/aws/config", false)]
        [InlineData("~other/config", false)]
        public void AwsConfigFileIsUsedWithTildeExpanded(string configured, bool expanded)
        {
            string expected = expanded ? Path.Combine(TestHome, configured.Length > 1 ? configured.Substring(2) : "") : configured;
            Assert.Equal(expected.TrimEnd(Path.DirectorySeparatorChar), AwsPaths.ConfigFileFrom(Environment(configured)).TrimEnd(Path.DirectorySeparatorChar));
        }

        [Fact]
        public void TheCachesFollowTheRealHome()
        {
            string home = AwsPaths.Home;
            Assert.Equal(home, AwsPaths.HomeFrom(System.Environment.GetEnvironmentVariable));
            Assert.Equal(Path.Combine(home, ".aws", "sso", "cache"), AwsPaths.SsoCacheDir);
            Assert.Equal(Path.Combine(home, ".aws", "cli", "cache"), AwsPaths.CliCacheDir);
            Assert.Equal(AwsPaths.ConfigFileFrom(System.Environment.GetEnvironmentVariable), AwsPaths.ConfigFile);
        }
    }
}
