using System;

namespace SsoTools.Core.Cache
{
    /// <summary>A cache file that exists but cannot be used. The message names the file and what to do.</summary>
    public sealed class CacheFileException : Exception
    {
        public CacheFileException(string path, string problem, Exception? inner = null)
            : this(path, $"The cache file '{path}' {problem}. Delete it and sign in again with Invoke-SsoLogin.", busy: false, inner) { }

        CacheFileException(string path, string message, bool busy, Exception? inner) : base(message, inner)
        {
            Path = path;
            IsBusy = busy;
        }

        /// <summary>Another program kept rewriting the file while it was read: not broken, and not to be deleted.</summary>
        public static CacheFileException Busy(string path, Exception? inner) =>
            new CacheFileException(path, $"The cache file '{path}' was being rewritten by another program (the AWS CLI, say) while SsoTools read it, and it kept changing. Run the command again; the file is probably fine once that program is done.", busy: true, inner);

        /// <summary>CacheFileBusy rather than CacheFileMalformed.</summary>
        public bool IsBusy { get; }

        public string Path { get; }
    }
}
