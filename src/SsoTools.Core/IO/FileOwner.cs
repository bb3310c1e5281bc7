using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace SsoTools.Core.IO
{
    /// <summary>
    /// Who owns a file, and who this process is, for messages ("belongs to root (uid 0)"). Unix only:
    /// stat(2) through FileKinds (the runtime's System.Native shim) and
    /// the user database in /etc/passwd; null wherever that cannot be told.
    /// </summary>
    internal static class FileOwner
    {
        public static string? Describe(string path)
        {
            uint? uid = Uid(path);
            return uid.HasValue ? Name(uid.Value) : null;
        }

        public static string? CurrentUser()
        {
            uint? uid = EffectiveUid();
            return uid.HasValue ? Name(uid.Value) : null;
        }

        public static string? CurrentUserName()
        {
            uint? uid = EffectiveUid();
            return uid.HasValue ? UserName(uid.Value) : null;
        }

        static string Name(uint uid)
        {
            string? name = UserName(uid);
            string id = "uid " + uid.ToString(CultureInfo.InvariantCulture);
            return name != null ? name + " (" + id + ")" : id;
        }

        static string? UserName(uint uid)
        {
            try
            {
                foreach (string line in File.ReadLines("/etc/passwd"))
                {
                    string[] f = line.Split(':');
                    if (f.Length > 2 && uint.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint u) && u == uid) return f[0];
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { }
            return null;
        }

        static uint? Uid(string path) => Stat(path)?.Uid;

        /// <summary>Owner and st_mode of what the path names (links followed); null when missing or not on Unix.</summary>
        internal static (uint Uid, int Mode)? Stat(string path)
        {
            if (!FileModes.IsUnix) return null;
            var stat = FileKinds.Stat(path, out _);
            return stat.HasValue ? (stat.Value.Uid, stat.Value.Mode) : ((uint, int)?)null;
        }

        internal static uint? EffectiveUid()
        {
            if (!FileModes.IsUnix) return null;
            try { return SystemNativeGetEUid(); }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException) { return null; }
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_GetEUid")]
        static extern uint SystemNativeGetEUid();
    }
}
