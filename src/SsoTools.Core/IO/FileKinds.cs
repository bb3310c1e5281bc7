using System;
using System.IO;
using System.Runtime.InteropServices;

namespace SsoTools.Core.IO
{
    internal enum FileKind
    {
        Missing,
        Regular,
        Directory,
        /// <summary>A device, FIFO or socket: never read as a config or cache file, never replaced.</summary>
        Special,
    }

    /// <summary>
    /// What a path is. .NET tells files from folders but not a regular file from a device, FIFO or
    /// socket (FileInfo says "file" for /dev/null, and opening a FIFO blocks), so on Unix this asks
    /// stat(2) through the runtime's own System.Native shim, whose FileStatus layout is the
    /// runtime's (not the C library's): Flags, then Mode with the S_IFMT bits.
    /// </summary>
    internal static class FileKinds
    {
        const int TypeMask = 0xF000, TypeRegular = 0x8000, TypeDirectory = 0x4000;

        /// <summary>The kind of what the path names, links followed.</summary>
        public static FileKind Of(string path)
        {
            if (FileModes.IsUnix)
            {
                int? mode = StatMode(path);
                if (mode.HasValue)
                {
                    if (mode.Value < 0) return FileKind.Missing;
                    int type = mode.Value & TypeMask;
                    return type == TypeRegular ? FileKind.Regular : type == TypeDirectory ? FileKind.Directory : FileKind.Special;
                }
            }
            if (Directory.Exists(path)) return FileKind.Directory;
            if (!File.Exists(path)) return FileKind.Missing;
            return (File.GetAttributes(path) & FileAttributes.Device) != 0 ? FileKind.Special : FileKind.Regular;
        }

        static bool _shimMissing;

        /// <summary>st_mode; -1 when nothing is there; null when the shim cannot be used.</summary>
        static int? StatMode(string path)
        {
            var stat = Stat(path, out bool missing);
            if (stat.HasValue) return stat.Value.Mode;
            return missing ? -1 : (int?)null;
        }

        /// <summary>
        /// st_mode and st_uid of what the path names (links followed), from the runtime's FileStatus
        /// (Flags, Mode, Uid, ...); null when nothing is there (missing true) or the shim cannot tell.
        /// </summary>
        internal static (int Mode, uint Uid)? Stat(string path, out bool missing)
        {
            missing = false;
            if (_shimMissing) return null;
            IntPtr buffer = Marshal.AllocHGlobal(512); // FileStatus is about 150 bytes; room for growth
            try
            {
                if (SystemNativeStat(Utf8Z(path), buffer) != 0)
                {
                    missing = !(File.Exists(path) || Directory.Exists(path));
                    return null;
                }
                return (Marshal.ReadInt32(buffer, 4), unchecked((uint)Marshal.ReadInt32(buffer, 8)));
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is MarshalDirectiveException)
            {
                _shimMissing = true;
                return null;
            }
            finally { Marshal.FreeHGlobal(buffer); }
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
        static extern int SystemNativeStat(byte[] utf8Path, IntPtr output);

        static byte[] Utf8Z(string s)
        {
            byte[] bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];
            System.Text.Encoding.UTF8.GetBytes(s, 0, s.Length, bytes, 0);
            return bytes;
        }
    }
}
