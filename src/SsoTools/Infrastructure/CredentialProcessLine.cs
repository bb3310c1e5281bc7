using System;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;

namespace SsoTools.Commands
{
    /// <summary>
    /// The credential_process command for a profile. Where the module carries the native helper for
    /// this platform (bin/&lt;rid&gt;/ssotools-credential-process, built by NativeAOT), the line runs it
    /// from the module's own folder: milliseconds a call, and no PowerShell involved. Otherwise it runs
    /// Export-SsoCredential -Format Process in pwsh: the pwsh on PATH when there is one (a stable
    /// path, unlike a PowerShell that runs from a NuGet cache as a dotnet tool), else this one.
    /// botocore splits the line as a POSIX shell would, so each part is double-quoted.
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
        public static string For(PSCmdlet cmdlet, string profileName, out string? onThisPwsh)
        {
            onThisPwsh = null;
            string? helper = Helper(cmdlet);
            if (helper != null) return Quote(helper) + " --profile " + Quote(profileName);

            string manifest = Path.Combine(ModuleRoot(cmdlet), "SsoTools.psd1");
            string launcher;
            string? onPath = FindOnPath(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "pwsh.exe" : "pwsh");
            if (onPath != null) launcher = Quote(onPath);
            else
            {
                var (exe, leading) = PwshLauncher.For(cmdlet);
                onThisPwsh = exe;
                launcher = Quote(exe);
                foreach (string a in leading) launcher += " " + Quote(a);
            }
            // Only the JSON may reach stdout (pwsh -Command writes warnings there too); errors go to stderr, plain.
            string command = "$WarningPreference = 'SilentlyContinue'; $InformationPreference = 'SilentlyContinue'; if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }; " +
                "Import-Module '" + manifest.Replace("'", "''") + "'; Export-SsoCredential -ProfileName '" + profileName.Replace("'", "''") + "' -Format Process";
            return launcher + " -NoProfile -NonInteractive -Command " + Quote(command);
        }

        static string? FindOnPath(string name)
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                if (dir.Length == 0) continue;
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        // Inside double quotes shlex (POSIX) unescapes only \\ and \".
        static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
