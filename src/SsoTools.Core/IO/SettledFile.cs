using System;
using System.IO;
using System.Threading;

namespace SsoTools.Core.IO
{
    /// <summary>
    /// Reading a file that another program may be rewriting in place. `aws configure set` (and older
    /// AWS CLI caches) truncate the file and write it again, so a read in that window sees a prefix
    /// of the new text: whole-looking, and short. SsoTools never acts on such a read: a file changed
    /// within the last <see cref="Quiet"/> is read again once it has been left alone that long, and
    /// only two reads that agree count. A real writer takes microseconds; the quiet second covers one
    /// slowed a million times over. Bytes this process wrote itself (an atomic rename, never torn)
    /// are taken at once.
    /// </summary>
    internal static class SettledFile
    {
        /// <summary>How long a file must have been left alone before its contents are believed.</summary>
        internal static TimeSpan Quiet = TimeSpan.FromSeconds(1);

        /// <summary>How long a reader waits for a writer that keeps changing the file before giving up.</summary>
        internal static readonly TimeSpan Budget = TimeSpan.FromSeconds(6);

        /// <summary>
        /// The file's bytes once they have settled; null when it does not exist. <paramref name="trusted"/>
        /// says whether bytes are known to be whole (what an SsoTools writer wrote by an atomic rename):
        /// those are taken at once. Throws <see cref="FileBusyException"/> when the file never settles
        /// within the budget.
        /// </summary>
        public static byte[]? Read(string path, Func<string, byte[]?> read, Func<byte[], bool>? trusted, CancellationToken ct)
        {
            var deadline = DateTime.UtcNow + Budget;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                DateTime? before = WriteTime(path);
                if (before == null) return read(path); // missing (or unknowable): nothing to wait for
                TimeSpan age = DateTime.UtcNow - before.Value;
                if (age >= Quiet)
                {
                    // Left alone for a second before the read, and not touched during it (a truncate or
                    // a write would move the time): whole.
                    byte[]? bytes = read(path);
                    if (bytes == null || WriteTime(path) == before) return bytes;
                    continue;
                }
                byte[]? recent = read(path);
                if (recent != null && trusted != null && WriteTime(path) == before && trusted(recent)) return recent;
                if (DateTime.UtcNow >= deadline) throw new FileBusyException(path);
                Sleep(Quiet - (age < TimeSpan.Zero ? TimeSpan.Zero : age), deadline, ct);
            }
        }

        static DateTime? WriteTime(string path)
        {
            try { return File.Exists(path) ? File.GetLastWriteTimeUtc(path) : (DateTime?)null; }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { return null; }
        }

        /// <summary>Waits until the file has been left alone for <paramref name="quiet"/> (bounded by the budget); false when it never was.</summary>
        public static bool WaitQuiet(string path, TimeSpan quiet, DateTime deadline, CancellationToken ct)
        {
            while (true)
            {
                TimeSpan age = Age(path);
                if (age >= quiet) return true;
                if (DateTime.UtcNow >= deadline) return false;
                Sleep(quiet - age, deadline, ct);
            }
        }

        /// <summary>How long ago the file was last written (its mtime); long ago when it cannot be told.</summary>
        public static TimeSpan Age(string path)
        {
            try
            {
                if (!File.Exists(path)) return TimeSpan.MaxValue;
                TimeSpan age = DateTime.UtcNow - File.GetLastWriteTimeUtc(path);
                return age < TimeSpan.Zero ? TimeSpan.Zero : age; // a clock step back: not yet quiet
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { return TimeSpan.MaxValue; }
        }

        static void Sleep(TimeSpan wait, DateTime deadline, CancellationToken ct)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (wait > left) wait = left;
            if (wait < TimeSpan.FromMilliseconds(10)) wait = TimeSpan.FromMilliseconds(10);
            if (ct.WaitHandle.WaitOne(wait)) ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>A file that another program kept rewriting for as long as SsoTools waited.</summary>
    public sealed class FileBusyException : IOException
    {
        public FileBusyException(string path)
            : base($"{path} kept changing while SsoTools read it: another program is writing it.") { Path = path; }

        public string Path { get; }
    }
}
