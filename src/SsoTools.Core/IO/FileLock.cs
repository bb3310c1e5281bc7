using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

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
            var deadline = DateTime.UtcNow + timeout;
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
                catch (UnauthorizedAccessException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(wait, ct).ConfigureAwait(false);
                    wait = Math.Min(wait * 2, 200);
                }
            }
        }

        public void Dispose() => _stream.Dispose();
    }
}
