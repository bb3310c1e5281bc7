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

        static Func<string, string?> Env(string? configFile) =>
            name => name == HomeVariable ? TestHome : name == "AWS_CONFIG_FILE" ? configFile : null;

        [Fact]
        public void TheConfigFileDefaultsToHomeDotAws()
        {
            Assert.Equal(TestHome, AwsPaths.HomeFrom(Env(null)));
            Assert.Equal(Path.Combine(TestHome, ".aws", "config"), AwsPaths.ConfigFileFrom(Env(null)));
            Assert.Equal(Path.Combine(TestHome, ".aws", "config"), AwsPaths.ConfigFileFrom(Env("")));
        }

        [Theory]
        [InlineData("~/elsewhere/config", true)]
        [InlineData("~", true)]
        [InlineData("/etc/aws/config", false)]
        [InlineData("~other/config", false)]
        public void AwsConfigFileIsUsedWithTildeExpanded(string configured, bool expanded)
        {
            string expected = expanded ? Path.Combine(TestHome, configured.Length > 1 ? configured.Substring(2) : "") : configured;
            Assert.Equal(expected.TrimEnd(Path.DirectorySeparatorChar), AwsPaths.ConfigFileFrom(Env(configured)).TrimEnd(Path.DirectorySeparatorChar));
        }

        [Fact]
        public void OnWindowsTheHomeIsUserProfileElseHomeDriveAndHomePathAsPythonHasIt()
        {
            Func<string, string?> both = n => n == "USERPROFILE" ? @"D:\Profiles\me" : n == "HOMEDRIVE" ? "C:" : n == "HOMEPATH" ? @"\Users\me" : null;
            Func<string, string?> homePathOnly = n => n == "HOMEDRIVE" ? "C:" : n == "HOMEPATH" ? @"\Users\me" : null;
            Assert.Equal(@"D:\Profiles\me", AwsPaths.HomeFrom(both, isWindows: true));
            Assert.Equal(@"C:\Users\me", AwsPaths.HomeFrom(homePathOnly, isWindows: true));
            Assert.Equal(@"C:\Users\me\.aws\config", AwsPaths.ConfigFileFrom(n => n == "AWS_CONFIG_FILE" ? @"~\.aws\config" : homePathOnly(n), isWindows: true));
            // HOME means nothing to ntpath.expanduser (Python 3.8 and later).
            Assert.Equal(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), AwsPaths.HomeFrom(n => n == "HOME" ? "/home/me" : null, isWindows: true));
        }

        [Fact]
        public void AnEmptyHomeCountsAsUnset()
        {
            Assert.Equal(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), AwsPaths.HomeFrom(n => n == "HOME" ? "" : null, isWindows: false));
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
