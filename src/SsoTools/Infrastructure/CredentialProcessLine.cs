using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Text;
using SsoTools.Core.Config;
using SsoTools.Core.IO;

namespace SsoTools.Commands
{
    /// <summary>
    /// The credential_process command for a profile. Where the module carries the native helper for
    /// this platform (bin/&lt;rid&gt;/ssotools-credential-process, built by NativeAOT), the line runs it
    /// from the module's own folder: milliseconds a call, and no PowerShell involved. Otherwise it runs
    /// Export-SsoCredential -Format Process in pwsh: the pwsh on PATH when there is one (a stable
    /// path, unlike a PowerShell that runs from a NuGet cache as a dotnet tool), else Windows
    /// PowerShell's powershell.exe when this is 5.1, else this one. Core's CredentialProcessQuoting
    /// writes the words for the platform's splitters (POSIX shlex; on Windows botocore's and cmd.exe's).
    /// </summary>
    static class CredentialProcessLine
    {
        public const string HelperName = "ssotools-credential-process";

        /// <summary>The module's folder: where SsoTools.psd1 is, above Core/ and Desktop/.</summary>
        public static string ModuleRoot(PSCmdlet cmdlet)
        {
            string moduleBase = cmdlet.MyInvocation.MyCommand.Module?.ModuleBase ?? Path.GetDirectoryName(typeof(CredentialProcessLine).Assembly.Location)!;
            if (File.Exists(Path.Combine(moduleBase, "SsoTools.psd1"))) return moduleBase;
            string parent = Path.GetDirectoryName(moduleBase)!;
            return File.Exists(Path.Combine(parent, "SsoTools.psd1")) ? parent : moduleBase;
        }

        /// <summary>The native helper inside the module for this platform, or null when the module has none.</summary>
        public static string? Helper(PSCmdlet cmdlet)
        {
#if NETCOREAPP
            string rid = RuntimeInformation.RuntimeIdentifier;
#else
            string rid = Environment.Is64BitProcess ? "win-x64" : "win-x86";
#endif
            string exe = HelperName + (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? ".exe" : "");
            string path = Path.Combine(ModuleRoot(cmdlet), "bin", rid, exe);
            if (!File.Exists(path)) return null;
            return EnsureExecutable(path) ? path : null;
        }

        /// <summary>
        /// A package (a .nupkg is a zip) does not keep the execute bit: Install-PSResource leaves the
        /// helper as a plain file. It gets u+x (and g+x, o+x where it can be read) here, once; where
        /// that is not allowed (a read-only module folder), the pwsh line is written instead.
        /// </summary>
        static bool EnsureExecutable(string path)
        {
#if NETCOREAPP
            if (OperatingSystem.IsWindows()) return true;
            try
            {
                UnixFileMode mode = File.GetUnixFileMode(path);
                if ((mode & UnixFileMode.UserExecute) != 0) return true;
                mode |= UnixFileMode.UserExecute;
                if ((mode & UnixFileMode.GroupRead) != 0) mode |= UnixFileMode.GroupExecute;
                if ((mode & UnixFileMode.OtherRead) != 0) mode |= UnixFileMode.OtherExecute;
                File.SetUnixFileMode(path, mode);
                return true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { return false; }
#else
            return true;
#endif
        }

        /// <param name="onThisPwsh">The pwsh that runs this session (not found on PATH): the line breaks when that PowerShell moves.</param>
        /// <param name="caveat">Which tools cannot run the line (Windows, when it needs quotes), else null.</param>
        public static string For(PSCmdlet cmdlet, string profileName, out string? onThisPwsh, out string? caveat)
        {
            onThisPwsh = null;
            bool windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            var rules = windows ? CommandLineRules.Windows : CommandLineRules.Posix;
            if (windows) CredentialProcessQuoting.CheckWindowsProfileName(profileName);
            Func<string, string?>? shortPath = windows ? ShortPath : null;
            CredentialProcessCommand line;
            string? helper = Helper(cmdlet);
            if (helper != null)
            {
                line = CredentialProcessQuoting.Build(rules, helper, new[] { "--profile", profileName }, shortPath);
                caveat = line.Caveat;
                return line.Line;
            }

            string manifest = Path.Combine(ModuleRoot(cmdlet), "SsoTools.psd1");
            string exe;
            var arguments = new List<string>();
            string? onPath = PathSearch.Find("pwsh", Environment.GetEnvironmentVariable("PATH"), windows, ".exe");
            if (onPath != null) exe = onPath;
            else if (WindowsPowerShell() is string desktop) exe = desktop;
            else
            {
                var (self, leading) = PwshLauncher.For(cmdlet);
                onThisPwsh = exe = self;
                arguments.AddRange(leading);
            }
            arguments.AddRange(CredentialProcessQuoting.ExportArguments(rules, manifest, profileName));
            line = CredentialProcessQuoting.Build(rules, exe, arguments, shortPath);
            caveat = line.Caveat;
            return line.Line;
        }

        /// <summary>
        /// In Windows PowerShell 5.1 without a pwsh on PATH: its powershell.exe in System32, a path that
        /// never moves (this process may be the ISE or another host). Null elsewhere.
        /// </summary>
        static string? WindowsPowerShell()
        {
#if NETCOREAPP
            return null;
#else
            string path = Environment.SystemDirectory + @"\WindowsPowerShell\v1.0\powershell.exe";
            return File.Exists(path) ? path : null;
#endif
        }

        /// <summary>
        /// The 8.3 form of a Windows path's folder (no spaces, so no quotes in the line), or null where the
        /// volume keeps none. The file name stays long: IsOwnCredentialProcess knows the line by it.
        /// </summary>
        static string? ShortPath(string path)
        {
            try
            {
                int cut = path.LastIndexOf('\\');
                if (cut <= 0) return null;
                var buffer = new StringBuilder(1024);
                uint n = GetShortPathNameW(path.Substring(0, cut), buffer, (uint)buffer.Capacity);
                return n > 0 && n < buffer.Capacity ? buffer.ToString().TrimEnd('\\') + path.Substring(cut) : null;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException) { return null; }
        }

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        static extern uint GetShortPathNameW(string longPath, StringBuilder shortPath, uint bufferLength);
    }
}
