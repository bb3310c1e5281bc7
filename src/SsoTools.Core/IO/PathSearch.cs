using System;
using System.IO;

namespace SsoTools.Core.IO
{
    /// <summary>
    /// Finds a program in the folders of a PATH value, as the shell would, without ever throwing:
    /// Windows allows a PATH entry in quotes ("C:\Program Files\PowerShell\7") and .NET Framework's
    /// Path.Combine throws on a quote, so entries are taken apart and joined here by hand.
    /// </summary>
    public static class PathSearch
    {
        const string DefaultPathExt = ".COM;.EXE;.BAT;.CMD";

        /// <param name="name">A file name; on Windows one without an extension is tried with each of <paramref name="pathExt"/>.</param>
        /// <param name="pathExt">Windows only: the extensions to try (PATHEXT's form); null or empty means Windows' default list.</param>
        /// <param name="exists">Whether a file is there; File.Exists when null.</param>
        /// <returns>The first full path that exists, or null. Relative entries are skipped: a credential_process line must not depend on the current folder.</returns>
        public static string? Find(string name, string? pathVariable, bool windows, string? pathExt = null, Func<string, bool>? exists = null)
        {
            if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(pathVariable)) return null;
            exists ??= SafeExists;
            string[] names = windows && !HasExtension(name)
                ? Array.ConvertAll((string.IsNullOrEmpty(pathExt) ? DefaultPathExt : pathExt!).Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries), e => name + e.Trim())
                : new[] { name };
            char separator = windows ? '\\' : '/';
            foreach (string raw in pathVariable!.Split(windows ? ';' : ':'))
            {
                string dir = windows ? raw.Replace("\"", "").Trim() : raw;
                if (!IsRooted(dir, windows)) continue;
                string prefix = dir.EndsWith("\\", StringComparison.Ordinal) || dir.EndsWith("/", StringComparison.Ordinal) ? dir : dir + separator;
                foreach (string n in names)
                {
                    string candidate = prefix + n;
                    if (exists(candidate)) return candidate;
                }
            }
            return null;
        }

        static bool HasExtension(string name)
        {
            int dot = name.LastIndexOf('.');
            return dot > 0 && dot > name.LastIndexOfAny(new[] { '\\', '/' }) + 1 && dot < name.Length - 1;
        }

        // By hand: .NET Framework's Path.IsPathRooted throws on characters it thinks illegal.
        static bool IsRooted(string dir, bool windows)
        {
            if (!windows) return dir.StartsWith("/", StringComparison.Ordinal);
            if (dir.Length >= 3 && char.IsLetter(dir[0]) && dir[1] == ':' && (dir[2] == '\\' || dir[2] == '/')) return true;
            return dir.StartsWith(@"\\", StringComparison.Ordinal);
        }

        static bool SafeExists(string path)
        {
            try { return File.Exists(path); }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException) { return false; }
        }
    }
}
