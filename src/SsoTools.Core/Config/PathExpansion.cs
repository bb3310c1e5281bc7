using System;
using System.Text;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// Python 3.11's os.path.expandvars and os.path.expanduser, both flavours (posixpath and ntpath),
    /// as pure functions of the environment: botocore's raw_config_parse runs
    /// <c>expanduser(expandvars(path))</c> on AWS_CONFIG_FILE (and AWS_SHARED_CREDENTIALS_FILE), so
    /// SsoTools must open the file botocore opens. Tests compare them with Python's own modules.
    /// </summary>
    public static class PathExpansion
    {
        /// <summary>
        /// posixpath.expandvars ($name, ${name}) or, on Windows, ntpath.expandvars (also %name%,
        /// $$ and %% for one character, nothing expanded between single quotes). Unknown variables
        /// are left as written. env returns null for a variable that is not set.
        /// </summary>
        public static string ExpandVars(string path, bool isWindows, Func<string, string?> env)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (env == null) throw new ArgumentNullException(nameof(env));
            return isWindows ? NtExpandVars(path, env) : PosixExpandVars(path, env);
        }

        /// <summary>
        /// posixpath.expanduser ("~" and "~/..." from HOME) or ntpath.expanduser (USERPROFILE, else
        /// HOMEDRIVE + HOMEPATH; "~user" guessed as a sibling of the current user's profile folder).
        /// passwordHome stands in for Python's pwd lookup when HOME is not set (POSIX); null, or a
        /// null result, leaves the path as it is, as Python does when the lookup fails. A POSIX
        /// "~user" is left as it is: SsoTools does not read the password database.
        /// </summary>
        public static string ExpandUser(string path, bool isWindows, Func<string, string?> env, Func<string?>? passwordHome = null)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (env == null) throw new ArgumentNullException(nameof(env));
            return isWindows ? NtExpandUser(path, env) : PosixExpandUser(path, env, passwordHome);
        }

        // Python's os.environ never holds a name that is empty or contains '=' or NUL (Windows' hidden
        // "=C:" variables are skipped), and .NET throws for an empty name: such a name is unknown.
        static string? Lookup(Func<string, string?> env, string name) =>
            name.Length == 0 || name.IndexOf('=') >= 0 || name.IndexOf('\0') >= 0 ? null : env(name);

        static bool IsAsciiWord(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';

        // posixpath: re.compile(r'\$(\w+|\{[^}]*\})', re.ASCII), searched left to right; a value is not scanned again.
        static string PosixExpandVars(string path, Func<string, string?> env)
        {
            if (path.IndexOf('$') < 0) return path;
            int i = 0;
            while (true)
            {
                int start = path.IndexOf('$', i);
                if (start < 0) break;
                int end; // one past the match
                string name;
                if (start + 1 < path.Length && IsAsciiWord(path[start + 1]))
                {
                    end = start + 1;
                    while (end < path.Length && IsAsciiWord(path[end])) end++;
                    name = path.Substring(start + 1, end - start - 1);
                }
                else if (start + 1 < path.Length && path[start + 1] == '{' && path.IndexOf('}', start + 2) is int close && close >= 0)
                {
                    end = close + 1;
                    name = path.Substring(start + 2, close - start - 2);
                }
                else
                {
                    i = start + 1; // no match at this '$': the search goes on from the next character
                    continue;
                }
                string? value = Lookup(env, name);
                if (value == null)
                {
                    i = end;
                    continue;
                }
                string tail = path.Substring(end);
                path = path.Substring(0, start) + value;
                i = path.Length;
                path += tail;
            }
            return path;
        }

        const string NtVarChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";

        // ntpath.expandvars, statement for statement (it re-slices path as it goes; so does this).
        static string NtExpandVars(string path, Func<string, string?> env)
        {
            if (path.IndexOf('$') < 0 && path.IndexOf('%') < 0) return path;
            var res = new StringBuilder(path.Length);
            int index = 0;
            int pathlen = path.Length;
            while (index < pathlen)
            {
                char c = path[index];
                if (c == '\'')
                {
                    path = path.Substring(index + 1);
                    pathlen = path.Length;
                    int close = path.IndexOf(c);
                    if (close >= 0)
                    {
                        index = close;
                        res.Append(c).Append(path, 0, index + 1);
                    }
                    else
                    {
                        res.Append(c).Append(path);
                        index = pathlen - 1;
                    }
                }
                else if (c == '%')
                {
                    if (index + 1 < pathlen && path[index + 1] == '%')
                    {
                        res.Append(c);
                        index += 1;
                    }
                    else
                    {
                        path = path.Substring(index + 1);
                        pathlen = path.Length;
                        int close = path.IndexOf('%');
                        if (close < 0)
                        {
                            res.Append('%').Append(path);
                            index = pathlen - 1;
                        }
                        else
                        {
                            index = close;
                            string name = path.Substring(0, index);
                            res.Append(Lookup(env, name) ?? "%" + name + "%");
                        }
                    }
                }
                else if (c == '$')
                {
                    if (index + 1 < pathlen && path[index + 1] == '$')
                    {
                        res.Append(c);
                        index += 1;
                    }
                    else if (index + 1 < pathlen && path[index + 1] == '{')
                    {
                        path = path.Substring(index + 2);
                        pathlen = path.Length;
                        int close = path.IndexOf('}');
                        if (close < 0)
                        {
                            res.Append("${").Append(path);
                            index = pathlen - 1;
                        }
                        else
                        {
                            index = close;
                            string name = path.Substring(0, index);
                            res.Append(Lookup(env, name) ?? "${" + name + "}");
                        }
                    }
                    else
                    {
                        var name = new StringBuilder();
                        index += 1;
                        while (index < pathlen && NtVarChars.IndexOf(path[index]) >= 0)
                        {
                            name.Append(path[index]);
                            index += 1;
                        }
                        string text = name.ToString();
                        res.Append(Lookup(env, text) ?? "$" + text);
                        if (index < pathlen) index -= 1;
                    }
                }
                else
                {
                    res.Append(c);
                }
                index += 1;
            }
            return res.ToString();
        }

        static string PosixExpandUser(string path, Func<string, string?> env, Func<string?>? passwordHome)
        {
            if (!path.StartsWith("~", StringComparison.Ordinal)) return path;
            int i = path.IndexOf('/', 1);
            if (i < 0) i = path.Length;
            if (i != 1) return path; // ~user: Python asks pwd.getpwnam; see the summary
            string? userhome = env("HOME") ?? passwordHome?.Invoke();
            if (userhome == null) return path;
            string result = userhome.TrimEnd('/') + path.Substring(i);
            return result.Length == 0 ? "/" : result;
        }

        static bool IsNtSep(char c) => c == '\\' || c == '/';

        static string NtExpandUser(string path, Func<string, string?> env)
        {
            if (!path.StartsWith("~", StringComparison.Ordinal)) return path;
            int i = 1, n = path.Length;
            while (i < n && !IsNtSep(path[i])) i++;

            string? userhome = env("USERPROFILE");
            if (userhome == null)
            {
                string? homepath = env("HOMEPATH");
                if (homepath == null) return path;
                userhome = NtJoin(env("HOMEDRIVE") ?? "", homepath);
            }

            if (i != 1)
            {
                string target = path.Substring(1, i - 1);
                string? current = env("USERNAME");
                if (target != current)
                {
                    // Profile folders usually sit side by side, named after their users; when this
                    // one is not named so, the guess would be wrong and Python gives up.
                    var (head, tail) = NtSplit(userhome);
                    if (current != tail) return path;
                    userhome = NtJoin(head, target);
                }
            }
            return userhome + path.Substring(i);
        }

        static (string Drive, string Path) NtSplitDrive(string p)
        {
            if (p.Length >= 2)
            {
                string normp = p.Replace('/', '\\');
                if (normp[0] == '\\' && normp[1] == '\\')
                {
                    int start = normp.Length >= 8 && string.Equals(normp.Substring(0, 8), "\\\\?\\UNC\\", StringComparison.OrdinalIgnoreCase) ? 8 : 2;
                    int index = normp.IndexOf('\\', start);
                    if (index == -1) return (p, "");
                    int index2 = normp.IndexOf('\\', index + 1);
                    if (index2 == -1) return (p, "");
                    return (p.Substring(0, index2), p.Substring(index2));
                }
                if (normp[1] == ':') return (p.Substring(0, 2), p.Substring(2));
            }
            return ("", p);
        }

        // ntpath.join with two arguments.
        static string NtJoin(string path, string other)
        {
            var (resultDrive, resultPath) = NtSplitDrive(path);
            var (pDrive, pPath) = NtSplitDrive(other);
            if (pPath.Length > 0 && IsNtSep(pPath[0]))
            {
                if (pDrive.Length > 0 || resultDrive.Length == 0) resultDrive = pDrive;
                resultPath = pPath;
            }
            else
            {
                bool restart = false;
                if (pDrive.Length > 0 && pDrive != resultDrive)
                {
                    if (!string.Equals(pDrive.ToLowerInvariant(), resultDrive.ToLowerInvariant(), StringComparison.Ordinal))
                    {
                        resultDrive = pDrive;
                        resultPath = pPath;
                        restart = true;
                    }
                    else
                    {
                        resultDrive = pDrive;
                    }
                }
                if (!restart)
                {
                    if (resultPath.Length > 0 && !IsNtSep(resultPath[resultPath.Length - 1])) resultPath += "\\";
                    resultPath += pPath;
                }
            }
            if (resultPath.Length > 0 && !IsNtSep(resultPath[0]) && resultDrive.Length > 0 && resultDrive[resultDrive.Length - 1] != ':')
                return resultDrive + "\\" + resultPath;
            return resultDrive + resultPath;
        }

        // ntpath.split: (dirname, basename).
        static (string Head, string Tail) NtSplit(string p)
        {
            var (d, rest) = NtSplitDrive(p);
            int i = rest.Length;
            while (i > 0 && !IsNtSep(rest[i - 1])) i--;
            string head = rest.Substring(0, i), tail = rest.Substring(i);
            string trimmed = head.TrimEnd('\\', '/');
            return (d + (trimmed.Length > 0 ? trimmed : head), tail);
        }
    }
}
