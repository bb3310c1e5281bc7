using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SsoTools.Core.IO;

namespace SsoTools.Core.Tests.IO
{
    /// <summary>
    /// The real file system behind AtomicFile's seam, except that the next N replaces, deletes or
    /// opens fail as Windows fails while another process holds the file (a sharing violation, or
    /// access denied), and that every call is recorded. Sleeps are recorded, not slept.
    /// </summary>
    internal sealed class WindowsLikeFileOps : IFileOps
    {
        readonly object _gate = new object();
        readonly List<string> _calls = new List<string>();
        readonly List<int> _sleeps = new List<int>();
        int _failReplaces, _failDeletes, _failOpens;
        string? _only;

        /// <summary>True: failures mean what they mean on Windows; false: what they mean on Unix.</summary>
        public bool IsWindows { get; set; } = true;

        /// <summary>What the next failures throw; a sharing violation unless set.</summary>
        public Func<Exception> Failure { get; set; } = SharingViolation;

        public static Exception SharingViolation() =>
            new IOException("The process cannot access the file because it is being used by another process.", unchecked((int)0x80070020));

        /// <summary>What .NET throws on Windows for ERROR_ACCESS_DENIED (a file pending delete, or opened without FILE_SHARE_DELETE).</summary>
        public static Exception AccessDenied() => new UnauthorizedAccessException("Access to the path is denied.");

        /// <summary>The next count replaces fail (only those of onlyPath, when given); likewise deletes and opens.</summary>
        public WindowsLikeFileOps FailReplaces(int count, string? onlyPath = null) { lock (_gate) { _failReplaces = count; _only = onlyPath; } return this; }
        public WindowsLikeFileOps FailDeletes(int count, string? onlyPath = null) { lock (_gate) { _failDeletes = count; _only = onlyPath; } return this; }
        public WindowsLikeFileOps FailOpens(int count, string? onlyPath = null) { lock (_gate) { _failOpens = count; _only = onlyPath; } return this; }

        public IReadOnlyList<string> Calls { get { lock (_gate) return _calls.ToList(); } }
        public IReadOnlyList<int> Sleeps { get { lock (_gate) return _sleeps.ToList(); } }

        public int Count(string call) { lock (_gate) return _calls.Count(c => c == call); }

        bool Next(ref int failures, string call, string path)
        {
            lock (_gate)
            {
                _calls.Add(call);
                if (failures <= 0 || (_only != null && _only != path)) return false;
                failures--;
                return true;
            }
        }

        public void Replace(string temporary, string target)
        {
            if (Next(ref _failReplaces, "replace " + target, target)) throw Failure();
            FileOps.Real.Replace(temporary, target);
        }

        public void Delete(string path)
        {
            if (Next(ref _failDeletes, "delete " + path, path)) throw Failure();
            FileOps.Real.Delete(path);
        }

        public Stream Open(string path, FileMode mode, FileAccess access, FileShare share)
        {
            if (Next(ref _failOpens, "open " + access + " " + path + " share " + share, path)) throw Failure();
            return FileOps.Real.Open(path, mode, access, share);
        }

        public void Sleep(int milliseconds) { lock (_gate) _sleeps.Add(milliseconds); }
    }
}
