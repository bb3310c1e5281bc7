using System;

namespace SsoTools.Core.Errors
{
    /// <summary>
    /// A cache file that exists but cannot be used (CacheFileMalformed), or that another program kept
    /// rewriting while it was read (CacheFileBusy, never to be deleted). The message names the file
    /// and what to do; Target is the file's path.
    /// </summary>
    public sealed class CacheFileException : SsoException
    {
        /// <param name="remedy">What to do, when the caller knows better than "delete it and sign in again" (the sign-in's own command).</param>
        public CacheFileException(string path, string problem, Exception? inner = null, string? remedy = null)
            : base(ErrorIds.CacheFileMalformed, SsoErrorKind.InvalidData,
                   $"The cache file '{path}' {problem}. " + (remedy ?? "Delete it and sign in again (" + Remedy.SignInCommand(null, null) + ")."), path, inner)
        {
            Path = path;
            Problem = problem;
        }

        CacheFileException(string path, string message, Exception? inner)
            : base(ErrorIds.CacheFileBusy, SsoErrorKind.ResourceBusy, message, path, inner)
        {
            Path = path;
            Problem = "kept changing while it was read";
        }

        /// <summary>Another program kept rewriting the file while it was read: not broken, and not to be deleted.</summary>
        public static CacheFileException Busy(string path, Exception? inner) =>
            new CacheFileException(path, $"The cache file '{path}' was being rewritten by another program (the AWS CLI, say) while SsoTools read it, and it kept changing. Run the command again; the file is probably fine once that program is done.", inner);

        /// <summary>The same failure with the remedy a caller knows (a token file: that sign-in's command).</summary>
        public CacheFileException WithRemedy(string remedy) =>
            IsBusy ? this : new CacheFileException(Path, Problem, this, remedy);

        /// <summary>CacheFileBusy rather than CacheFileMalformed.</summary>
        public bool IsBusy => ErrorId == ErrorIds.CacheFileBusy;

        public string Path { get; }

        /// <summary>What is wrong with the file, without the remedy.</summary>
        public string Problem { get; }
    }
}
