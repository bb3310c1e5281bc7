using System;

namespace SsoTools.Core.Cache
{
    /// <summary>A cache file that exists but cannot be used. The message names the file and what to do.</summary>
    public sealed class CacheFileException : Exception
    {
        public CacheFileException(string path, string problem, Exception? inner = null)
            : base($"The cache file '{path}' {problem}. Delete it and sign in again with Invoke-SsoLogin.", inner)
        {
            Path = path;
        }

        public string Path { get; }
    }
}
