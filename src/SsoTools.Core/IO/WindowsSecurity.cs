using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SsoTools.Core.IO
{
    /// <summary>
    /// What 0700 and 0600 are on Windows: a protected DACL (nothing inherited from the parent) that
    /// gives full control to the current user, SYSTEM and Administrators, set when the folder or file
    /// is created (CreateDirectoryW / CreateFileW with a security descriptor), so there is no moment
    /// with a wider ACL. SYSTEM and Administrators are kept because a user profile folder grants
    /// exactly those three, OpenSSH for Windows accepts exactly those on a private key, and leaving
    /// them out stops backup and antivirus without keeping out an administrator (who can take
    /// ownership). Plain P/Invoke, no NuGet package, the same code for netstandard2.0 and net8.0;
    /// every entry point is called only when FileModes.IsUnix is false.
    /// </summary>
    internal static class WindowsSecurity
    {
        /// <summary>
        /// The SDDL of a private folder (inherit: files and folders created inside get the same
        /// ACEs) or file. Owner and group are left to the creating token's defaults.
        /// </summary>
        internal static string PrivateSddl(string userSid, bool folder)
        {
            if (!IsSidString(userSid)) throw new ArgumentException("Not a string SID: " + userSid, nameof(userSid));
            string inherit = folder ? "OICI" : "";
            return "D:P(A;" + inherit + ";FA;;;" + userSid + ")(A;" + inherit + ";FA;;;SY)(A;" + inherit + ";FA;;;BA)";
        }

        /// <summary>S-1-... digits and dashes only: nothing that could end an ACE or start another.</summary>
        internal static bool IsSidString(string? sid)
        {
            if (sid == null || sid.Length < 5 || !sid.StartsWith("S-1-", StringComparison.Ordinal)) return false;
            foreach (char c in sid) if (c != 'S' && c != '-' && (c < '0' || c > '9')) return false;
            return sid.IndexOf('S', 1) < 0 && !sid.EndsWith("-", StringComparison.Ordinal) && sid.IndexOf("--", StringComparison.Ordinal) < 0;
        }

        /// <summary>CreateFileW's dwCreationDisposition for a FileMode (Append is never used for a private file).</summary>
        internal static uint Disposition(FileMode mode)
        {
            switch (mode)
            {
                case FileMode.CreateNew: return 1;    // CREATE_NEW
                case FileMode.Create: return 2;       // CREATE_ALWAYS
                case FileMode.Open: return 3;         // OPEN_EXISTING
                case FileMode.OpenOrCreate: return 4; // OPEN_ALWAYS
                case FileMode.Truncate: return 5;     // TRUNCATE_EXISTING
                default: throw new ArgumentOutOfRangeException(nameof(mode), mode, "not used for private files");
            }
        }

        /// <summary>CreateFileW's dwDesiredAccess for a FileAccess.</summary>
        internal static uint DesiredAccess(FileAccess access) =>
            ((access & FileAccess.Read) != 0 ? 0x80000000u : 0u) | ((access & FileAccess.Write) != 0 ? 0x40000000u : 0u);

        /// <summary>A path CreateFileW/CreateDirectoryW take past MAX_PATH (.NET adds the prefix itself; a P/Invoke must).</summary>
        internal static string Extended(string fullPath)
        {
            if (fullPath.Length < 248 || fullPath.StartsWith(@"\\?\", StringComparison.Ordinal)) return fullPath;
            return fullPath.StartsWith(@"\\", StringComparison.Ordinal) ? @"\\?\UNC\" + fullPath.Substring(2) : @"\\?\" + fullPath;
        }

        /// <summary>A new folder with the private DACL; an existing one (another process won the race) is left as it is.</summary>
        public static void CreatePrivateDirectory(string dir)
        {
            string full = Path.GetFullPath(dir);
            IntPtr sd = PrivateDescriptor(folder: true);
            try
            {
                var sa = new SECURITY_ATTRIBUTES { nLength = Marshal.SizeOf<SECURITY_ATTRIBUTES>(), lpSecurityDescriptor = sd };
                if (CreateDirectoryW(Extended(full), ref sa)) return;
                int error = Marshal.GetLastWin32Error();
                if (error == ErrorAlreadyExists && Directory.Exists(full)) return;
                throw Failure(error, full);
            }
            finally { if (sd != IntPtr.Zero) LocalFree(sd); }
        }

        /// <summary>Opens or creates a file; a file it creates gets the private DACL (an existing file keeps its own).</summary>
        public static FileStream OpenPrivate(string path, FileMode mode, FileAccess access, FileShare share)
        {
            string full = Path.GetFullPath(path);
            IntPtr sd = PrivateDescriptor(folder: false);
            try
            {
                var sa = new SECURITY_ATTRIBUTES { nLength = Marshal.SizeOf<SECURITY_ATTRIBUTES>(), lpSecurityDescriptor = sd };
                IntPtr handle = CreateFileW(Extended(full), DesiredAccess(access), (uint)(share & (FileShare.ReadWrite | FileShare.Delete)),
                    ref sa, Disposition(mode), FileAttributeNormal, IntPtr.Zero);
                if (handle == InvalidHandle) throw Failure(Marshal.GetLastWin32Error(), full);
                return new FileStream(new SafeFileHandle(handle, ownsHandle: true), access, 4096);
            }
            finally { if (sd != IntPtr.Zero) LocalFree(sd); }
        }

        /// <summary>The exception .NET itself throws for a Win32 error, so callers' catch clauses and the retry see the same types and HResults.</summary>
        internal static Exception Failure(int error, string path)
        {
            string message = new Win32Exception(error).Message + " : '" + path + "'";
            switch (error)
            {
                case 2: return new FileNotFoundException(message, path);
                case 3: return new DirectoryNotFoundException(message);
                case 5: return new UnauthorizedAccessException(message);
                default: return new IOException(message, unchecked((int)0x80070000) | error);
            }
        }

        static string? _userSid;
        static bool _userSidUnavailable;

        /// <summary>
        /// A LocalAlloc'ed descriptor for the private DACL (the caller frees it), or zero when the
        /// user's SID cannot be read: then the object inherits its parent's ACL, as before this existed,
        /// rather than a sign-in failing over it.
        /// </summary>
        static IntPtr PrivateDescriptor(bool folder)
        {
            string? sid = CurrentUserSid();
            if (sid == null) return IntPtr.Zero;
            if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(PrivateSddl(sid, folder), SddlRevision1, out IntPtr sd, out _))
                return IntPtr.Zero;
            return sd;
        }

        /// <summary>The process token's user (TokenUser), as a string SID; cached: it does not change.</summary>
        internal static string? CurrentUserSid()
        {
            if (_userSid != null || _userSidUnavailable) return _userSid;
            IntPtr token = IntPtr.Zero, buffer = IntPtr.Zero, text = IntPtr.Zero;
            try
            {
                if (!OpenProcessToken(GetCurrentProcess(), TokenQuery, out token)) { _userSidUnavailable = true; return null; }
                GetTokenInformation(token, TokenUserClass, IntPtr.Zero, 0, out int needed);
                if (needed <= 0) { _userSidUnavailable = true; return null; }
                buffer = Marshal.AllocHGlobal(needed);
                if (!GetTokenInformation(token, TokenUserClass, buffer, needed, out _)) { _userSidUnavailable = true; return null; }
                IntPtr sid = Marshal.ReadIntPtr(buffer); // TOKEN_USER.User.Sid, the first field
                if (!ConvertSidToStringSidW(sid, out text)) { _userSidUnavailable = true; return null; }
                string value = Marshal.PtrToStringUni(text)!;
                if (!IsSidString(value)) { _userSidUnavailable = true; return null; }
                return _userSid = value;
            }
            finally
            {
                if (text != IntPtr.Zero) LocalFree(text);
                if (buffer != IntPtr.Zero) Marshal.FreeHGlobal(buffer);
                if (token != IntPtr.Zero) CloseHandle(token);
            }
        }

        const int ErrorAlreadyExists = 183;
        const uint TokenQuery = 0x0008, SddlRevision1 = 1, FileAttributeNormal = 0x80;
        const int TokenUserClass = 1;
        static readonly IntPtr InvalidHandle = new IntPtr(-1);

        [StructLayout(LayoutKind.Sequential)]
        struct SECURITY_ATTRIBUTES
        {
            public int nLength;
            public IntPtr lpSecurityDescriptor;
            public int bInheritHandle;
        }

        [DllImport("kernel32.dll")]
        static extern IntPtr GetCurrentProcess();

        [DllImport("kernel32.dll", SetLastError = true)]
        static extern bool CloseHandle(IntPtr handle);

        [DllImport("kernel32.dll")]
        static extern IntPtr LocalFree(IntPtr memory);

        [DllImport("advapi32.dll", SetLastError = true)]
        static extern bool OpenProcessToken(IntPtr process, uint desiredAccess, out IntPtr token);

        [DllImport("advapi32.dll", SetLastError = true)]
        static extern bool GetTokenInformation(IntPtr token, int informationClass, IntPtr information, int length, out int returnLength);

        [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        static extern bool ConvertSidToStringSidW(IntPtr sid, out IntPtr stringSid);

        [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        static extern bool ConvertStringSecurityDescriptorToSecurityDescriptorW(string sddl, uint revision, out IntPtr descriptor, out uint size);

        [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        static extern bool CreateDirectoryW(string path, ref SECURITY_ATTRIBUTES attributes);

        [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        static extern IntPtr CreateFileW(string path, uint desiredAccess, uint shareMode, ref SECURITY_ATTRIBUTES attributes,
            uint creationDisposition, uint flagsAndAttributes, IntPtr template);
    }
}
