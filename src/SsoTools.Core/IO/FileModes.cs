using System.IO;
using System.Runtime.InteropServices;


// Every call is guarded by IsUnix; the analyzer cannot see through the property.
#pragma warning disable CA1416
namespace SsoTools.Core.IO
{
    /// <summary>Unix permissions for secrets: 0600 files and 0700 folders. No-ops on Windows,
    /// where a file in the user's profile is already private.</summary>
    internal static class FileModes
    {
        static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        public static void RestrictToOwner(string file)
        {
#if NET8_0_OR_GREATER
            if (IsUnix) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
#endif
        }

        public static void RestrictDirectoryToOwner(string dir)
        {
#if NET8_0_OR_GREATER
            if (IsUnix) File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
#endif
        }

        public static void CopyMode(string from, string to)
        {
#if NET8_0_OR_GREATER
            if (IsUnix) File.SetUnixFileMode(to, File.GetUnixFileMode(from));
#endif
        }
    }
}
