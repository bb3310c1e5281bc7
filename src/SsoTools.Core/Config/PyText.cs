using System.Collections.Generic;
using System.Text;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// Python's str semantics that configparser and botocore rely on: what counts as whitespace for
    /// strip() and the regex \s, what splitlines() splits on, and what lower() does. .NET's own
    /// versions differ in small ways (U+001C..U+001F are whitespace to Python, not to .NET), and those
    /// small ways decide whether a file reads the same in SsoTools and in the AWS CLI.
    /// </summary>
    internal static class PyText
    {
        /// <summary>str.isspace() for one UTF-16 unit (every Python space is in the BMP).</summary>
        public static bool IsSpace(char c)
        {
            if (c <= '\u0020') return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= '\u001f');
            if (c < '\u0085') return false;
            switch (c)
            {
                case '\u0085':
                case '\u00a0':
                case '\u1680':
                case '\u2028':
                case '\u2029':
                case '\u202f':
                case '\u205f':
                case '\u3000':
                    return true;
                default:
                    return c >= '\u2000' && c <= '\u200a';
            }
        }

        public static string Strip(string s)
        {
            int start = 0, end = s.Length;
            while (start < end && IsSpace(s[start])) start++;
            while (end > start && IsSpace(s[end - 1])) end--;
            return (start == 0 && end == s.Length) ? s : s.Substring(start, end - start);
        }

        public static string RStrip(string s)
        {
            int end = s.Length;
            while (end > 0 && IsSpace(s[end - 1])) end--;
            return end == s.Length ? s : s.Substring(0, end);
        }

        /// <summary>Index of the first character that is not whitespace (the regex \S), or -1.</summary>
        public static int FirstNonSpace(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                if (!IsSpace(s[i])) return i;
            }
            return -1;
        }

        /// <summary>The leading whitespace of a line: what configparser measures its indent by.</summary>
        public static string Indent(string s)
        {
            int i = FirstNonSpace(s);
            return i < 0 ? s : s.Substring(0, i);
        }

        /// <summary>
        /// str.lower(): configparser's optionxform. Python applies the full mapping for U+0130
        /// (to "i" + combining dot); every other character maps as .NET's invariant lowercasing does.
        /// </summary>
        public static string Lower(string s)
        {
            if (s.IndexOf('\u0130') >= 0) s = s.Replace("\u0130", "i\u0307");
            return s.ToLowerInvariant();
        }

        /// <summary>str.splitlines() without ends: the line breaks botocore's nested-block parser sees.</summary>
        public static List<string> SplitLines(string s)
        {
            var lines = new List<string>();
            var current = new StringBuilder();
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (IsLineBreak(c))
                {
                    lines.Add(current.ToString());
                    current.Clear();
                    if (c == '\r' && i + 1 < s.Length && s[i + 1] == '\n') i++;
                }
                else
                {
                    current.Append(c);
                }
            }
            if (current.Length > 0) lines.Add(current.ToString());
            return lines;
        }

        static bool IsLineBreak(char c)
        {
            switch (c)
            {
                case '\n':
                case '\r':
                case '\u000b':
                case '\u000c':
                case '\u001c':
                case '\u001d':
                case '\u001e':
                case '\u0085':
                case '\u2028':
                case '\u2029':
                    return true;
                default:
                    return false;
            }
        }
    }
}
