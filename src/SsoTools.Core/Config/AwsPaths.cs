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

        /// <summary>The home folder as botocore's expanduser sees it: HOME elsewhere; on Windows USERPROFILE, else HOMEDRIVE + HOMEPATH.</summary>
        public static string Home => HomeFrom(Process);

        /// <summary>
        /// $AWS_CONFIG_FILE expanded as botocore expands it (variables, then ~), else ~/.aws/config;
        /// a relative path is taken from WorkingDirectory, and the result is always a full path.
        /// </summary>
        public static string ConfigFile => Full(ConfigFileFrom(Process));

        static readonly System.Threading.AsyncLocal<string?> Working = new System.Threading.AsyncLocal<string?>();

        /// <summary>
        /// The folder a relative path is relative to: where a native command started from the same
        /// prompt would run (a cmdlet sets PowerShell's current FileSystem location, which is not the
        /// process's working folder after Set-Location); null means the process's own (the helper,
        /// started by the AWS CLI, has the right one). Flows into the work a command starts.
        /// </summary>
        public static string? WorkingDirectory
        {
            get => Working.Value;
            set => Working.Value = value;
        }

        internal static string Full(string path)
        {
            if (!Path.IsPathRooted(path) && WorkingDirectory is string baseDir) path = Path.Combine(baseDir, path);
            try { return Path.GetFullPath(path); }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException) { return path; }
        }

        /// <summary>~/.aws/sso/cache: AWS_CONFIG_FILE does not move it.</summary>
        public static string SsoCacheDir => Path.Combine(Home, ".aws", "sso", "cache");

        /// <summary>~/.aws/cli/cache, where the AWS CLI caches role credentials.</summary>
        public static string CliCacheDir => Path.Combine(Home, ".aws", "cli", "cache");

        /// <summary>"~" and "~/..." (or "~\..." on Windows) become the home folder; "~user" is left alone.</summary>
        public static string ExpandHome(string path) => ExpandHome(path, Process, IsWindows);

        static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        // Tests pass their own environment rather than changing the process's, which other tests share.
        internal static string HomeFrom(Func<string, string?> environment) => HomeFrom(environment, IsWindows);

        internal static string HomeFrom(Func<string, string?> environment, bool isWindows)
        {
            string home = ExpandHome("~", environment, isWindows);
            return home == "~" ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home;
        }

        internal static string ConfigFileFrom(Func<string, string?> environment) => ConfigFileFrom(environment, IsWindows);

        /// <summary>botocore's configloader.raw_config_parse: os.path.expanduser(os.path.expandvars(path)).</summary>
        internal static string ConfigFileFrom(Func<string, string?> environment, bool isWindows)
        {
            string? configured = environment("AWS_CONFIG_FILE");
            if (string.IsNullOrEmpty(configured)) return Path.Combine(HomeFrom(environment, isWindows), ".aws", "config");
            return ExpandHome(PathExpansion.ExpandVars(configured!, isWindows, environment), environment, isWindows);
        }

        static string ExpandHome(string path, Func<string, string?> environment, bool isWindows)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            // An empty home variable counts as unset (then the OS's own idea of the home folder), as
            // SsoTools always had it; Python would take the empty string.
            Func<string, string?> homes = name =>
            {
                string? value = environment(name);
                return value != null && value.Length == 0 && (name == "HOME" || name == "USERPROFILE" || name == "HOMEPATH") ? null : value;
            };
            return PathExpansion.ExpandUser(path, isWindows, homes, () => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        }
    }
}
