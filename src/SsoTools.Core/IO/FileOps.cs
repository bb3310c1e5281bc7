using System.IO;
using System.Threading;

namespace SsoTools.Core.IO
{
    /// <summary>
    /// The operations AtomicFile performs on the user's files. A seam: xunit on Linux puts one in
    /// front that fails the way Windows fails (sharing violations, access denied for a file another
    /// process holds) to prove the retries, and records the calls to prove every writer comes here.
    /// </summary>
    internal interface IFileOps
    {
        /// <summary>Whether failures are Windows' (access denied may mean "in use"), so AtomicFile.IsTransient can tell.</summary>
        bool IsWindows { get; }

        /// <summary>Puts the temporary file in the target's place in one step.</summary>
        void Replace(string temporary, string target);

        void Delete(string path);

        Stream Open(string path, FileMode mode, FileAccess access, FileShare share);

        void Sleep(int milliseconds);
    }

    /// <summary>The real file system.</summary>
    internal sealed class FileOps : IFileOps
    {
        public static readonly IFileOps Real = new FileOps();

        public bool IsWindows => !FileModes.IsUnix;

        /// <summary>
        /// Unix: rename(2), which replaces the name whoever has the old file open. Windows: ReplaceFile
        /// (File.Replace) for an existing regular file: it succeeds while others hold the target open
        /// with FILE_SHARE_DELETE and keeps the target's ACL and attributes; a missing target or a
        /// link is moved over (MoveFileEx).
        /// </summary>
        public void Replace(string temporary, string target)
        {
            if (!IsWindows)
            {
#if NET8_0_OR_GREATER
                File.Move(temporary, target, overwrite: true);
#else
                if (File.Exists(target)) File.Replace(temporary, target, null, ignoreMetadataErrors: true);
                else File.Move(temporary, target);
#endif
                return;
            }
            if (IsRegularFile(target))
            {
                try
                {
                    ReplaceExisting(temporary, target);
                    return;
                }
                // Some network file systems have no ReplaceFile: move over, as before ReplaceFile was used.
                catch (IOException ex) when (IsUnsupported(ex) && File.Exists(temporary)) { }
            }
            MoveOver(temporary, target);
        }

        static void MoveOver(string temporary, string target)
        {
#if NET8_0_OR_GREATER
            File.Move(temporary, target, overwrite: true);
#else
            // .NET Framework's File.Move never overwrites: what is there goes first (a link, as botocore replaces it).
            if (File.Exists(target)) File.Delete(target);
            try { File.Move(temporary, target); }
            catch (IOException) when (IsRegularFile(target)) { ReplaceExisting(temporary, target); } // another writer created it meanwhile
#endif
        }

        /// <summary>ERROR_INVALID_FUNCTION, ERROR_NOT_SUPPORTED, ERROR_INVALID_PARAMETER: what a file system without ReplaceFile answers.</summary>
        static bool IsUnsupported(IOException ex)
        {
            uint code = unchecked((uint)ex.HResult);
            return code == 0x80070001 || code == 0x80070032 || code == 0x80070057;
        }

        /// <summary>
        /// ReplaceFile with a backup name: without one, ERROR_UNABLE_TO_MOVE_REPLACEMENT (1176) leaves
        /// the target deleted; with one, both files keep their names, and in the 1177 case the old file,
        /// left at the backup name, is put back before the retry. The backup (the old file) is then
        /// deleted; a leftover is named like a temporary, so the stale-temporary cleanup removes it.
        /// </summary>
        static void ReplaceExisting(string temporary, string target)
        {
            string backup = Path.Combine(Path.GetDirectoryName(target)!, AtomicFile.TemporaryName(Path.GetFileName(target)));
            try { File.Replace(temporary, target, backup, ignoreMetadataErrors: true); }
            catch (IOException ex) when (unchecked((uint)ex.HResult) == 0x80070499)
            {
                if (!File.Exists(target) && File.Exists(backup)) File.Move(backup, target);
                throw;
            }
            try { File.Delete(backup); }
            catch (IOException) { }
            catch (System.UnauthorizedAccessException) { }
        }

        static bool IsRegularFile(string path)
        {
            try { return File.Exists(path) && (File.GetAttributes(path) & FileAttributes.ReparsePoint) == 0; }
            catch (IOException) { return false; }
            catch (System.UnauthorizedAccessException) { return false; }
        }

        public void Delete(string path) => File.Delete(path);

        public Stream Open(string path, FileMode mode, FileAccess access, FileShare share) => new FileStream(path, mode, access, share);

        public void Sleep(int milliseconds) => Thread.Sleep(milliseconds);
    }
}
