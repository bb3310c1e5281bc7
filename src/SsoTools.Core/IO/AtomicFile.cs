using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using SsoTools.Core.Errors;

namespace SsoTools.Core.IO
{
    /// <summary>
    /// The one place SsoTools reads, writes and deletes the user's files: a temporary file in the same
    /// folder, private (0600, or the owner-only DACL on Windows) from its first byte, then a rename over
    /// the target, so a reader never sees half a file and no other user ever sees a secret. New folders
    /// are private from the start. Temporary files that a killed writer left behind are removed by the
    /// next write of the same file. On Windows a file another process has open cannot be replaced or
    /// deleted until it is closed: every replace and delete here is retried for a bounded time (Retry).
    /// </summary>
    public static class AtomicFile
    {
        /// <summary>
        /// The waits between attempts of a replace, delete or read that failed because another
        /// process had the file open: 11 attempts over about 1.9 s in all. botocore, the AWS CLI or an
        /// antivirus holds a config or cache file for milliseconds; a user just back from the browser
        /// should not lose a sign-in to that, and a file that is really denied should not hang either.
        /// </summary>
        internal static readonly int[] RetryDelaysMs = { 10, 20, 40, 80, 160, 320, 320, 320, 320, 320 };

        static readonly AsyncLocal<IFileOps?> OpsOverride = new AsyncLocal<IFileOps?>();

        /// <summary>What the replaces, deletes and reads go through: the real file system, or a test's (for this async flow only, so parallel tests do not see it).</summary>
        internal static IFileOps Ops => OpsOverride.Value ?? FileOps.Real;

        /// <summary>For tests: routes this flow's file operations through ops until disposed.</summary>
        internal static IDisposable UseOps(IFileOps ops)
        {
            IFileOps? previous = OpsOverride.Value;
            OpsOverride.Value = ops;
            return new Restore(() => OpsOverride.Value = previous);
        }

        sealed class Restore : IDisposable
        {
            readonly Action _undo;
            public Restore(Action undo) { _undo = undo; }
            public void Dispose() => _undo();
        }

        /// <summary>
        /// True for the failures Windows gives while another process has the file open: a sharing or
        /// lock violation (32, 33), ReplaceFile's "could not remove/move" (1175-1177), and, on Windows
        /// only, access denied (5), which is what a file pending delete or opened without
        /// FILE_SHARE_DELETE gives. On Unix rename(2) and unlink(2) do not care who has the file open
        /// and EACCES is a real permission: nothing there is worth waiting for.
        /// </summary>
        internal static bool IsTransient(Exception ex, bool windows)
        {
            if (ex is UnauthorizedAccessException) return windows;
            if (ex is FileNotFoundException || ex is DirectoryNotFoundException || !(ex is IOException)) return false;
            switch (unchecked((uint)ex.HResult))
            {
                case 0x80070020: // ERROR_SHARING_VIOLATION
                case 0x80070021: // ERROR_LOCK_VIOLATION
                case 0x80070497: // ERROR_UNABLE_TO_REMOVE_REPLACED
                case 0x80070498: // ERROR_UNABLE_TO_MOVE_REPLACEMENT
                case 0x80070499: // ERROR_UNABLE_TO_MOVE_REPLACEMENT_2
                    return true;
                default:
                    return false; // Unix IOExceptions carry a bare errno, never these
            }
        }

        /// <summary>Runs an operation on a user file, again after each transient failure (RetryDelaysMs); the last failure is thrown as it is.</summary>
        internal static T Retry<T>(Func<T> operation, Func<Exception, bool>? retryIf = null)
        {
            IFileOps ops = Ops;
            for (int attempt = 0; ; attempt++)
            {
                try { return operation(); }
                catch (Exception ex) when (attempt < RetryDelaysMs.Length && IsTransient(ex, ops.IsWindows) && (retryIf == null || retryIf(ex)))
                {
                    ops.Sleep(RetryDelaysMs[attempt]);
                }
            }
        }

        /// <summary>A replace or delete of path with Retry; what still fails is FileAccessDenied (denied) or an IOException saying the file stayed in use.</summary>
        static void RetryChange(string path, Action change)
        {
            try { Retry(() => { change(); return true; }); }
            catch (UnauthorizedAccessException ex) { throw FileErrors.Denied(path, ex); }
            catch (IOException ex) when (IsTransient(ex, Ops.IsWindows)) { throw FileErrors.InUse(path, ex); }
        }

        /// <summary>
        /// The file's bytes; null when it does not exist. Opened with FileShare.ReadWrite | Delete, so
        /// while SsoTools reads, another process may still replace or delete the file (File.ReadAllBytes
        /// shares only Read, which on Windows makes botocore's os.replace fail).
        /// </summary>
        internal static byte[]? ReadAllBytes(string path)
        {
            try
            {
                return Retry(() =>
                {
                    using (Stream stream = Ops.Open(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                    {
                        // One array of the file's size (a 50 MB config is 50 MB, not a doubling MemoryStream and a copy).
                        long length = stream.CanSeek ? stream.Length : -1;
                        if (length >= 0 && length < int.MaxValue)
                        {
                            var bytes = new byte[length];
                            int read = 0;
                            while (read < bytes.Length)
                            {
                                int n = stream.Read(bytes, read, bytes.Length - read);
                                if (n == 0) break;
                                read += n;
                            }
                            if (read == bytes.Length && stream.ReadByte() < 0) return bytes;
                            if (read < bytes.Length) { Array.Resize(ref bytes, read); return bytes; } // shrank while read
                            stream.Position = 0; // grew while read: read it as it is now
                        }
                        using (var copy = new MemoryStream())
                        {
                            stream.CopyTo(copy);
                            return copy.ToArray();
                        }
                    }
                });
            }
            catch (FileNotFoundException) { return null; }
            catch (DirectoryNotFoundException) { return null; }
        }

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
            bool placed = false;
            try
            {
                using (var fs = FileModes.CreatePrivate(tmp))
                {
                    fs.Write(bytes, 0, bytes.Length);
                    fs.Flush(true);
                }
                if (existed && !privateFile) FileModes.CopyMode(full, tmp);
                IFileOps ops = Ops;
                RetryChange(full, () => ops.Replace(tmp, full));
                placed = true;
            }
            finally
            {
                // The temporary holds the secret too: it goes whatever failed (an antivirus scanning it is transient as well).
                if (!placed)
                    try { Retry(() => { if (File.Exists(tmp)) Ops.Delete(tmp); return true; }); }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { /* the next write's cleanup takes it */ }
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
                // Opening for writing changes nothing (no truncation) and fails as writing would. Access
                // denied is retried (on Windows a pending delete gives it); a sharing violation is not:
                // the replace below waits for that file itself.
                Retry(() => { using (Ops.Open(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { } return true; },
                      retryIf: ex => ex is UnauthorizedAccessException);
            }
            catch (UnauthorizedAccessException ex) { throw FileErrors.Denied(full, ex); }
            catch (FileNotFoundException) { return false; } // deleted meanwhile (a pending delete ended): written as a new file
            catch (IOException ex) when (IsTransient(ex, Ops.IsWindows)) { /* in use: the replace retries */ }
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
                    if (stale) Ops.Delete(file);
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

        /// <summary>Deletes a file if it is there (retried while another process has it open); true when something was deleted.</summary>
        public static bool DeleteIfExists(string path)
        {
            if (!File.Exists(path)) return false;
            IFileOps ops = Ops;
            RetryChange(path, () => ops.Delete(path));
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
                FileAdvice.MakeWritable(path, AtomicFile.Ops.IsWindows), path);

        public static SsoException Denied(string path, Exception inner) =>
            new SsoException(ErrorIds.FileAccessDenied, SsoErrorKind.PermissionDenied,
                $"You may not write {path}; it was left as it was. {FileAdvice.CheckAccess(path, AtomicFile.Ops.IsWindows)}", path, inner);

        /// <summary>A replace or delete that another process's open handle blocked for the whole retry time.</summary>
        public static IOException InUse(string path, Exception inner) =>
            new IOException($"{path} stayed in use by another program for {AtomicFileRetrySeconds} seconds (an AWS CLI or SDK process, another SsoTools window, " +
                $"an antivirus scan); it was left as it was. Close that program or try again. ({inner.Message})", inner);

        static string AtomicFileRetrySeconds
        {
            get
            {
                int total = 0;
                foreach (int ms in AtomicFile.RetryDelaysMs) total += ms;
                return (total / 1000.0).ToString("0.#", CultureInfo.InvariantCulture);
            }
        }

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
