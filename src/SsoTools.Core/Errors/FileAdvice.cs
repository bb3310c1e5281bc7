using System.Runtime.InteropServices;

namespace SsoTools.Core.Errors
{
    /// <summary>
    /// What to tell a user who must change a file's permissions, in the words of their OS: Windows has
    /// no chmod (its read-only bit is an attribute, access is an ACL).
    /// </summary>
    public static class FileAdvice
    {
        static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>For a file its owner may not write (FileModes.OwnerMayWrite false: the Read-only attribute on Windows).</summary>
        public static string MakeWritable(string path) => MakeWritable(path, IsWindows);

        public static string MakeWritable(string path, bool isWindows) => isWindows
            ? "Clear its Read-only attribute (the file's Properties > General, or: attrib -r \"" + path + "\") if SsoTools should change it."
            : "Make it writable (chmod u+w " + ShellQuote(path) + ") if SsoTools should change it.";

        /// <summary>For access denied by the OS (an ACL on Windows, owner and mode elsewhere); path may be unknown.</summary>
        public static string CheckAccess(string? path) => CheckAccess(path, IsWindows);

        public static string CheckAccess(string? path, bool isWindows)
        {
            if (isWindows)
                return path == null
                    ? "Check who may read and write it: the file's Properties > Security, or icacls."
                    : "Check who may read and write it: the file's Properties > Security, or: icacls \"" + path + "\".";
            return path == null ? "Check its owner and mode (ls -l; chown or chmod to fix) and those of its folder."
                : "Check its owner and mode (ls -l " + ShellQuote(path) + "; chown or chmod to fix) and those of its folder.";
        }

        // POSIX shell single quotes: nothing inside is special but the quote itself.
        static string ShellQuote(string path) => "'" + path.Replace("'", "'\\''") + "'";
    }
}
