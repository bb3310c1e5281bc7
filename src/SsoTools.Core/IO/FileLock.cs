using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Errors;

namespace SsoTools.Core.IO
{
    /// <summary>
    /// A cross-process lock held as an exclusively opened file (an flock on Unix, a share-none
    /// handle on Windows). The file stays behind on release: deleting it would let two waiters
    /// lock two different files.
    /// </summary>
    public sealed class FileLock : IDisposable
    {
        readonly FileStream _stream;

        FileLock(FileStream stream) { _stream = stream; }

        public static async Task<FileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken ct)
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir != null) AtomicFile.EnsureDirectory(dir);
            // A FIFO or device here would block or misbehave: refuse it rather than open it.
            FileErrors.EnsureRegularOrMissing(path);
            var start = DateTime.UtcNow;
            var deadline = start + timeout;
            int wait = 20;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    return new FileLock(FileModes.OpenPrivate(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException) when (DateTime.UtcNow >= deadline)
                {
                    throw new TimeoutException("Another process held " + path + " for longer than " + timeout.TotalSeconds + " seconds.");
                }
                catch (IOException)
                {
                    await Task.Delay(wait, ct).ConfigureAwait(false);
                    wait = Math.Min(wait * 2, 200);
                }
                catch (UnauthorizedAccessException ex)
                {
                    // Permissions do not change by waiting: a lock left by another user or a sudo run
                    // fails now, with its owner and the fix. Windows also says "access denied" for a
                    // file that is being deleted, which is over in moments: a second of grace there.
                    if (FileModes.IsUnix || DateTime.UtcNow >= start + WindowsDeleteGrace || DateTime.UtcNow >= deadline)
                        throw ForeignLock(path, ex);
                    await Task.Delay(wait, ct).ConfigureAwait(false);
                    wait = Math.Min(wait * 2, 200);
                }
            }
        }

        static readonly TimeSpan WindowsDeleteGrace = TimeSpan.FromSeconds(1);

        /// <summary>
        /// FileAccessDenied for a lock this user may not open (another user's, or root's after a sudo
        /// run), or may not create (a folder that belongs to someone else), naming the owner and the
        /// command that fixes it. A lock file holds no data, so removing it loses nothing.
        /// </summary>
        internal static SsoException ForeignLock(string path, Exception inner)
        {
            string full = Path.GetFullPath(path);
            bool exists = File.Exists(full);
            string what = exists ? full : Path.GetDirectoryName(full) ?? full;
            string? owner = FileOwner.Describe(what);
            string? me = FileOwner.CurrentUser();
            string ownedBy = owner != null ? $" belongs to {owner}" : " belongs to another account";
            string you = me != null ? $"you ({me})" : "you";
            string fix;
            if (FileModes.IsUnix)
                fix = exists
                    ? $"It holds no data: remove it with  sudo rm '{full.Replace("'", "'\\''")}'  and run the command again."
                    : $"Give the folder back to yourself with  sudo chown -R {FileOwner.CurrentUserName() ?? "$USER"} '{what.Replace("'", "'\\''")}'  and run the command again.";
            else
                fix = exists
                    ? $"It holds no data: delete it (Remove-Item -LiteralPath '{full.Replace("'", "''")}' in a PowerShell run as administrator) and run the command again."
                    : $"Give your account full control of the folder (its Properties > Security, or icacls) and run the command again.";
            string message = exists
                ? $"The lock file {full}{ownedBy}, and {you} may not open it: a command run with sudo (or by another user) left it. Nothing was changed. {fix}"
                : $"The folder {what}{ownedBy}, and {you} may not create the lock file {Path.GetFileName(full)} in it: a command run with sudo (or by another user) made it. Nothing was changed. {fix}";
            return new SsoException(ErrorIds.FileAccessDenied, SsoErrorKind.PermissionDenied, message, what, inner);
        }

        /// <summary>
        /// What the last holder left in the lock file: SsoTools writers stamp it with the SHA-256 of the
        /// bytes they wrote by an atomic rename, so the next one knows those bytes are whole without
        /// waiting for the file to settle. Empty when there is none (an older SsoTools, another tool).
        /// </summary>
        public string ReadStamp()
        {
            try
            {
                _stream.Position = 0;
                return ReadStamp(_stream);
            }
            catch (IOException) { return ""; }
        }

        /// <summary>The stamp of a lock file without taking the lock (an flock is advisory); empty when it cannot be read (held share-none on Windows).</summary>
        public static string PeekStamp(string lockPath)
        {
            try
            {
                using (var fs = new FileStream(lockPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                    return ReadStamp(fs);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { return ""; }
        }

        static string ReadStamp(Stream stream)
        {
            var buffer = new byte[128];
            int n = stream.Read(buffer, 0, buffer.Length);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, n).Trim();
        }

        public void WriteStamp(string stamp)
        {
            try
            {
                byte[] bytes = System.Text.Encoding.ASCII.GetBytes(stamp);
                _stream.Position = 0;
                _stream.SetLength(0);
                _stream.Write(bytes, 0, bytes.Length);
                _stream.Flush();
            }
            catch (IOException) { /* a stamp saves a wait next time; without it the next writer waits */ }
        }

        public void Dispose() => _stream.Dispose();
    }
}
