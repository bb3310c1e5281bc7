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
        /// str.lower(): configparser's optionxform, which decides which keys are the same key.
        /// Python applies the full mapping where .NET's invariant lowercasing applies the simple one:
        /// U+0130 becomes "i" + combining dot, and a capital sigma at the end of a word becomes the
        /// final sigma (so "ΣΣ" is "σς" to Python and "σσ" to .NET: two keys, not one). Every other
        /// character maps as .NET maps it.
        /// </summary>
        public static string Lower(string s)
        {
            if (s.IndexOf('\u0130') < 0 && s.IndexOf('\u03A3') < 0) return s.ToLowerInvariant();
            var sb = new StringBuilder(s.Length + 4);
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '\u0130') sb.Append("i\u0307");
                else if (c == '\u03A3') sb.Append(IsFinalSigma(s, i) ? '\u03C2' : '\u03C3');
                else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { sb.Append(s.Substring(i, 2).ToLowerInvariant()); i++; }
                else sb.Append(char.ToLowerInvariant(c));
            }
            return sb.ToString();
        }

        /// <summary>CPython's handle_capital_sigma: a cased letter before it and none after, skipping case-ignorable characters.</summary>
        static bool IsFinalSigma(string s, int at)
        {
            int j = Previous(s, at);
            while (j >= 0 && IsCaseIgnorable(s, j)) j = Previous(s, j);
            if (j < 0 || !IsCased(s, j)) return false;
            int k = at + 1;
            while (k < s.Length && IsCaseIgnorable(s, k)) k += char.IsSurrogatePair(s, k) ? 2 : 1;
            return k >= s.Length || !IsCased(s, k);
        }

        /// <summary>The index of the code point before the one at i (a surrogate pair counts once); -1 at the start.</summary>
        static int Previous(string s, int i)
        {
            if (i <= 0) return -1;
            return i >= 2 && char.IsLowSurrogate(s[i - 1]) && char.IsHighSurrogate(s[i - 2]) ? i - 2 : i - 1;
        }

        /// <summary>Unicode's Cased: Lu, Ll, Lt, and Other_Lowercase/Other_Uppercase (ª º, Roman numerals, circled and squared letters, ...).</summary>
        static bool IsCased(string s, int i)
        {
            var cat = System.Globalization.CharUnicodeInfo.GetUnicodeCategory(s, i);
            if (cat == System.Globalization.UnicodeCategory.UppercaseLetter || cat == System.Globalization.UnicodeCategory.LowercaseLetter
                || cat == System.Globalization.UnicodeCategory.TitlecaseLetter) return true;
            int c = char.ConvertToUtf32(s, i);
            return c == 0xAA || c == 0xBA || c == 0x345 || (c >= 0x2160 && c <= 0x217F) || (c >= 0x24B6 && c <= 0x24E9)
                || (c >= 0x1F130 && c <= 0x1F149) || (c >= 0x1F150 && c <= 0x1F169) || (c >= 0x1F170 && c <= 0x1F189);
        }

        static bool IsCaseIgnorable(string s, int i)
        {
            char c = s[i];
            switch (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(s, i))
            {
                case System.Globalization.UnicodeCategory.NonSpacingMark:
                case System.Globalization.UnicodeCategory.EnclosingMark:
                case System.Globalization.UnicodeCategory.Format:
                case System.Globalization.UnicodeCategory.ModifierLetter:
                case System.Globalization.UnicodeCategory.ModifierSymbol:
                    return true;
            }
            // Word_Break MidLetter, MidNumLet and Single_Quote.
            return "'.:\u00B7\u0387\u055F\u05F4\u2018\u2019\u2024\u2027\uFE13\uFE52\uFE55\uFF07\uFF0E\uFF1A".IndexOf(c) >= 0;
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
