using System;
using System.IO;
using System.Runtime.InteropServices;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// Where the AWS tools keep their files. Read from the environment on every call, so a change to
    /// $env:AWS_CONFIG_FILE (or HOME, in a test) in the session is seen at once.
    /// </summary>
    public static class AwsPaths
    {
        static readonly Func<string, string?> Process = Environment.GetEnvironmentVariable;

        /// <summary>The home folder as botocore's expanduser sees it: USERPROFILE on Windows, HOME elsewhere.</summary>
        public static string Home => HomeFrom(Process);

        /// <summary>$AWS_CONFIG_FILE with a leading ~ expanded, else ~/.aws/config.</summary>
        public static string ConfigFile => ConfigFileFrom(Process);

        /// <summary>~/.aws/sso/cache: AWS_CONFIG_FILE does not move it.</summary>
        public static string SsoCacheDir => Path.Combine(Home, ".aws", "sso", "cache");

        /// <summary>~/.aws/cli/cache, where the AWS CLI caches role credentials.</summary>
        public static string CliCacheDir => Path.Combine(Home, ".aws", "cli", "cache");

        /// <summary>"~" and "~/..." (or "~\..." on Windows) become the home folder; "~user" is left alone.</summary>
        public static string ExpandHome(string path) => ExpandHome(path, HomeFrom(Process));

        // Tests pass their own environment rather than changing the process's, which other tests share.
        internal static string HomeFrom(Func<string, string?> environment)
        {
            string? home = environment(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "USERPROFILE" : "HOME");
            return string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home!;
        }

        internal static string ConfigFileFrom(Func<string, string?> environment)
        {
            string home = HomeFrom(environment);
            string? configured = environment("AWS_CONFIG_FILE");
            return string.IsNullOrEmpty(configured) ? Path.Combine(home, ".aws", "config") : ExpandHome(configured!, home);
        }

        static string ExpandHome(string path, string home)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (path == "~") return home;
            bool separator = path.Length > 1 && path[0] == '~'
                && (path[1] == '/' || (path[1] == '\\' && RuntimeInformation.IsOSPlatform(OSPlatform.Windows)));
            return separator ? Path.Combine(home, path.Substring(2)) : path;
        }
    }
}
