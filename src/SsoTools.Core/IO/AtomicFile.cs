using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using SsoTools.Core.Errors;

namespace SsoTools.Core.IO
{
    /// <summary>
    /// The one place SsoTools writes the user's files: a temporary file in the same folder, private
    /// (0600) from its first byte, then a rename over the target, so a reader never sees half a file
    /// and no other user ever sees a secret. New folders are 0700 from the start. Temporary files
    /// that a killed writer left behind are removed by the next write of the same file.
    /// </summary>
    public static class AtomicFile
    {
        /// <summary>A temporary file whose writer has been gone this long is stale whatever its name says.</summary>
        static readonly TimeSpan StaleAge = TimeSpan.FromHours(1);

        public static void WriteAllText(string path, string text, bool bom = false)
        {
            var enc = new UTF8Encoding(false);
            byte[] body = enc.GetBytes(text);
            if (bom)
            {
                var withBom = new byte[body.Length + 3];
                withBom[0] = 0xEF; withBom[1] = 0xBB; withBom[2] = 0xBF;
                Buffer.BlockCopy(body, 0, withBom, 3, body.Length);
                body = withBom;
            }
            WriteAllBytes(path, body);
        }

        /// <summary>
        /// Writes a file atomically.
        /// The config (privateFile false): a symlink is written through (dotfile managers link it),
        /// the file keeps its mode, and a file its owner may not write is refused (FileAccessDenied).
        /// A cache file (privateFile true): always 0600, and a symlink is replaced by a file, as
        /// botocore does, never written through to whatever it points at.
        /// Either way a path that is a folder, device, FIFO or socket is refused (FileNotRegular).
        /// </summary>
        public static void WriteAllBytes(string path, byte[] bytes, bool privateFile = false)
        {
            string full = Path.GetFullPath(path);
            if (!privateFile) full = ResolveLinks(full);
            string dir = Path.GetDirectoryName(full)!;
            EnsureDirectory(dir);
            bool existed = CheckWritable(full, config: !privateFile);
            RemoveStaleTemporaries(dir, Path.GetFileName(full));
            string tmp = Path.Combine(dir, TemporaryName(Path.GetFileName(full)));
            try
            {
                using (var fs = FileModes.CreatePrivate(tmp))
                {
                    fs.Write(bytes, 0, bytes.Length);
                    fs.Flush(true);
                }
                if (existed && !privateFile) FileModes.CopyMode(full, tmp);
                Replace(tmp, full);
            }
            catch
            {
                try { if (File.Exists(tmp)) File.Delete(tmp); } catch { /* best effort */ }
                throw;
            }
        }

        /// <summary>
        /// True when the target exists (a regular file we may replace); throws when it must not be
        /// written. A cache file is replaced as botocore replaces it (a read-only or root-owned token
        /// file left by 'sudo aws sso login' included): only the config, which is the user's own
        /// text, is refused when its owner may not write it.
        /// </summary>
        static bool CheckWritable(string full, bool config)
        {
            if (!config && IsSymlink(full)) return false; // the link itself is replaced
            switch (FileKinds.Of(full))
            {
                case FileKind.Missing: return false;
                case FileKind.Regular: break;
                default: throw FileErrors.NotRegular(full);
            }
            if (!config) return true;
            if (!FileModes.OwnerMayWrite(full)) throw FileErrors.ReadOnly(full);
            try
            {
                // Opening for writing changes nothing (no truncation) and fails as writing would.
                using (new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { }
            }
            catch (UnauthorizedAccessException ex) { throw FileErrors.Denied(full, ex); }
            return true;
        }

        /// <summary>A file's temporary sibling: hidden, and named for its writer's process so stale ones can be told apart.</summary>
        internal static string TemporaryName(string fileName) =>
            "." + fileName + "." + CurrentPid.ToString(CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";

        static readonly int CurrentPid = Process.GetCurrentProcess().Id;

        /// <summary>
        /// Deletes the temporary files of this file whose writer process is gone (or that are over an
        /// hour old): a writer killed between its create and its rename leaves one behind.
        /// </summary>
        internal static void RemoveStaleTemporaries(string dir, string fileName)
        {
            string prefix = "." + fileName + ".";
            string[] candidates;
            try { candidates = Directory.GetFiles(dir, prefix + "*.tmp"); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { return; }
            foreach (string file in candidates)
            {
                string name = Path.GetFileName(file);
                if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".tmp", StringComparison.Ordinal)) continue;
                string middle = name.Substring(prefix.Length, name.Length - prefix.Length - 4);
                try
                {
                    TimeSpan age = DateTime.UtcNow - File.GetLastWriteTimeUtc(file);
                    bool stale = age > StaleAge;
                    if (!stale)
                    {
                        string[] parts = middle.Split('.');
                        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                            stale = pid != CurrentPid && !IsRunning(pid);
                        else
                            stale = age > TimeSpan.FromMinutes(1); // 0.1's names carried no pid
                    }
                    if (stale) File.Delete(file);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { /* another writer's cleanup won */ }
            }
        }

        static bool IsRunning(int pid)
        {
            try
            {
                using (var p = Process.GetProcessById(pid)) return !p.HasExited;
            }
            catch (ArgumentException) { return false; }
            catch (InvalidOperationException) { return false; }
            catch (Exception) { return true; } // cannot tell: keep the file
        }

        static bool IsSymlink(string path)
        {
            try { return (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0; }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { return false; }
        }

        /// <summary>A symlinked file (a dotfiles setup) is written through the link, as the AWS CLI does, not replaced by a file.</summary>
        static string ResolveLinks(string path)
        {
#if NET8_0_OR_GREATER
            try
            {
                var target = File.ResolveLinkTarget(path, returnFinalTarget: true);
                if (target != null) return Path.GetFullPath(target.FullName);
            }
            catch (IOException) { }
#endif
            return path;
        }

        /// <summary>Creates the folder (and missing parents) 0700 from the start; an existing folder is left as it is.</summary>
        public static void EnsureDirectory(string dir)
        {
            if (Directory.Exists(dir)) return;
            string? parent = Path.GetDirectoryName(dir);
            if (!string.IsNullOrEmpty(parent)) EnsureDirectory(parent!);
            if (File.Exists(dir)) throw FileErrors.NotRegular(dir, "a file, where SsoTools needs a folder");
            FileModes.CreatePrivateDirectory(dir);
        }

        static void Replace(string tmp, string target)
        {
#if NET8_0_OR_GREATER
            File.Move(tmp, target, overwrite: true);
#else
            if (File.Exists(target)) File.Replace(tmp, target, null, ignoreMetadataErrors: true);
            else File.Move(tmp, target);
#endif
        }

        /// <summary>Deletes a file if it is there; true when something was deleted.</summary>
        public static bool DeleteIfExists(string path)
        {
            if (!File.Exists(path)) return false;
            File.Delete(path);
            return true;
        }
    }

    /// <summary>The errors for files SsoTools must not read or write, with what to do about each.</summary>
    public static class FileErrors
    {
        public static SsoException NotRegular(string path, string? what = null) =>
            new SsoException(ErrorIds.FileNotRegular, SsoErrorKind.InvalidData,
                $"{path} is {what ?? "not a regular file (a folder, device, FIFO or socket)"}; SsoTools neither reads nor replaces it. " +
                "Move it aside (the AWS tools need a regular file there), or point AWS_CONFIG_FILE at one if it is your config.", path);

        public static SsoException ReadOnly(string path) =>
            new SsoException(ErrorIds.FileAccessDenied, SsoErrorKind.PermissionDenied,
                $"{path} is read-only; SsoTools does not replace a file its owner may not write, and it was left as it was. " +
                "Make it writable (chmod u+w) if SsoTools should change it.", path);

        public static SsoException Denied(string path, Exception inner) =>
            new SsoException(ErrorIds.FileAccessDenied, SsoErrorKind.PermissionDenied,
                $"You may not write {path}; it was left as it was. Check its owner and mode.", path, inner);

        /// <summary>Throws FileNotRegular when something other than a regular file is at the path; false when nothing is there.</summary>
        public static bool EnsureRegularOrMissing(string path)
        {
            switch (FileKinds.Of(path))
            {
                case FileKind.Missing: return false;
                case FileKind.Regular: return true;
                default: throw NotRegular(path);
            }
        }
    }
}
