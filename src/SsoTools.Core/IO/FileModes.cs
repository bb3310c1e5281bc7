using System.IO;
using System.Runtime.InteropServices;


// Every call is guarded by IsUnix; the analyzer cannot see through the property.
#pragma warning disable CA1416
namespace SsoTools.Core.IO
{
    /// <summary>Private files and folders, private from their creation (never chmod'ed or
    /// re-ACL'ed afterwards, which leaves a window): 0600 files and 0700 folders on Unix; on Windows
    /// an owner-only protected DACL (WindowsSecurity) on what SsoTools creates.</summary>
    internal static class FileModes
    {
        internal static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>
        /// A new file, exclusively created and private from its first byte: 0600 is passed to
        /// open(2) itself. Throws IOException when the file already exists.
        /// </summary>
        public static FileStream CreatePrivate(string path) => OpenPrivate(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);

        /// <summary>Opens or creates (0600, or the owner-only DACL, from the first byte) a file, as a lock file is.</summary>
        public static FileStream OpenPrivate(string path, FileMode mode, FileAccess access, FileShare share)
        {
            // Wherever the folder is (AWS_CONFIG_FILE may point outside the profile), a file SsoTools creates is private.
            if (!IsUnix && mode != FileMode.Open && mode != FileMode.Truncate && mode != FileMode.Append) return WindowsSecurity.OpenPrivate(path, mode, access, share);
#if NET8_0_OR_GREATER
            var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
            if (IsUnix && mode != FileMode.Open && mode != FileMode.Truncate && mode != FileMode.Append)
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            return new FileStream(path, options);
#else
            return new FileStream(path, mode, access, share);
#endif
        }

        /// <summary>A new folder, 0700 from the start (mkdir(2) gets the mode); on Windows CreateDirectoryW gets the owner-only DACL, which what is created inside inherits.</summary>
        public static void CreatePrivateDirectory(string dir)
        {
            if (!IsUnix)
            {
                WindowsSecurity.CreatePrivateDirectory(dir);
                return;
            }
#if NET8_0_OR_GREATER
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
#else
            Directory.CreateDirectory(dir);
#endif
        }

        public static void CopyMode(string from, string to)
        {
#if NET8_0_OR_GREATER
            if (IsUnix) File.SetUnixFileMode(to, File.GetUnixFileMode(from));
#endif
        }

        /// <summary>False when the file's mode lets its owner not write it (chmod a-w): a file the user
        /// protected is not replaced, even by root, who could.</summary>
        public static bool OwnerMayWrite(string path)
        {
#if NET8_0_OR_GREATER
            if (IsUnix) return (File.GetUnixFileMode(path) & UnixFileMode.UserWrite) != 0;
#endif
            return (File.GetAttributes(path) & FileAttributes.ReadOnly) == 0;
        }
    }
}
