using System.Collections.Generic;
using System.Text;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// Python's shlex.split(s) (POSIX mode, no comments), which botocore applies to a section name to
    /// find the profile or sso-session name in it: "profile 'a b'" is the profile "a b".
    /// </summary>
    internal static class ShellWords
    {
        const int None = -1;

        /// <summary>The words, or null where shlex raises ValueError (unclosed quote, trailing backslash).</summary>
        public static List<string>? Split(string s)
        {
            var words = new List<string>();
            int pos = 0;
            int state = ' ';
            while (true)
            {
                var token = new StringBuilder();
                bool quoted = false;
                int escapedState = ' ';
                while (true)
                {
                    int next = pos < s.Length ? s[pos++] : None;
                    if (state == None)
                    {
                        break;
                    }
                    else if (state == ' ')
                    {
                        if (next == None) { state = None; break; }
                        if (IsWhitespace(next))
                        {
                            if (token.Length > 0 || quoted) break;
                            continue;
                        }
                        if (next == '\\') { escapedState = 'a'; state = '\\'; }
                        else if (IsQuote(next)) { state = next; }
                        else { token.Append((char)next); state = 'a'; }
                    }
                    else if (IsQuote(state))
                    {
                        quoted = true;
                        if (next == None) return null; // "No closing quotation"
                        if (next == state) state = 'a';
                        else if (next == '\\' && state == '"') { escapedState = state; state = '\\'; }
                        else token.Append((char)next);
                    }
                    else if (state == '\\')
                    {
                        if (next == None) return null; // "No escaped character"
                        // Inside double quotes only the quote and the backslash itself can be escaped.
                        if (IsQuote(escapedState) && next != '\\' && next != escapedState) token.Append('\\');
                        token.Append((char)next);
                        state = escapedState;
                    }
                    else // 'a': inside a word
                    {
                        if (next == None) { state = None; break; }
                        if (IsWhitespace(next))
                        {
                            state = ' ';
                            if (token.Length > 0 || quoted) break;
                            continue;
                        }
                        if (IsQuote(next)) state = next;
                        else if (next == '\\') { escapedState = 'a'; state = '\\'; }
                        else token.Append((char)next);
                    }
                }
                if (!quoted && token.Length == 0) return words;
                words.Add(token.ToString());
            }
        }

        /// <summary>shlex.quote: single quotes around anything but a plain word.</summary>
        public static string Quote(string s)
        {
            if (s.Length == 0) return "''";
            bool safe = true;
            foreach (char c in s)
            {
                if (!IsSafe(c)) { safe = false; break; }
            }
            return safe ? s : "'" + s.Replace("'", "'\"'\"'") + "'";
        }

        static bool IsSafe(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "_@%+=:,./-".IndexOf(c) >= 0;

        static bool IsWhitespace(int c) => c == ' ' || c == '\t' || c == '\r' || c == '\n';

        static bool IsQuote(int c) => c == '\'' || c == '"';
    }
}
