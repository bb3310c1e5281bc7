using System.Text;

namespace SsoTools.Core.IO
{
    /// <summary>
    /// One argument on a Windows command line, quoted so that the C runtime's parser (and
    /// CommandLineToArgvW, and .NET's) gives it back unchanged: inside quotes, backslashes are doubled
    /// only before a quote and at the end; elsewhere they stay as they are (Microsoft, "Parsing C++
    /// command-line arguments"). No rule of cmd.exe is applied here: callers that go through cmd know more.
    /// </summary>
    public static class WindowsArgument
    {
        /// <summary>The argument as it is when the C runtime would read it so, else <see cref="Quoted"/>.</summary>
        public static string Quote(string s) => NeedsQuotes(s) ? Quoted(s) : s;

        /// <summary>Empty, or holding a space, tab or quote: the only characters the runtime's splitter looks at besides backslash.</summary>
        public static bool NeedsQuotes(string s) => s.Length == 0 || s.IndexOfAny(new[] { ' ', '\t', '"' }) >= 0;

        /// <summary>Always in double quotes, escaped as the runtime unescapes.</summary>
        public static string Quoted(string s)
        {
            var sb = new StringBuilder("\"");
            int backslashes = 0;
            foreach (char c in s)
            {
                if (c == '\\') { backslashes++; continue; }
                if (c == '"') sb.Append('\\', backslashes * 2 + 1);
                else sb.Append('\\', backslashes);
                backslashes = 0;
                sb.Append(c);
            }
            sb.Append('\\', backslashes * 2);
            return sb.Append('"').ToString();
        }
    }
}
