using SsoTools.Core.Errors;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// The config file is one the AWS CLI and botocore refuse to read. The message names the file,
    /// the line, what is wrong and what to do about it. ErrorId is ConfigFileMalformed.
    /// </summary>
    public sealed class ConfigParseException : SsoException
    {
        public ConfigParseException(string message, string? path, int lineNumber)
            : base(ErrorIds.ConfigFileMalformed, SsoErrorKind.InvalidData, message, path)
        {
            Path = path;
            LineNumber = lineNumber;
        }

        /// <summary>The file, or null for text that did not come from a file.</summary>
        public string? Path { get; }

        /// <summary>1-based line number of the first problem; 0 when no single line is at fault.</summary>
        public int LineNumber { get; }

        internal static ConfigParseException AtLine(string? path, int lineNumber, string problem, string remedy)
        {
            string where = path == null ? "the AWS config text" : "the AWS config file \"" + path + "\"";
            string message = "Cannot read " + where + ", line " + lineNumber + ": " + problem + " " + remedy
                + " (the AWS CLI cannot read this file either).";
            return new ConfigParseException(message, path, lineNumber);
        }

        /// <summary>Quotes a line for a message, shortened so one long line cannot flood the screen.</summary>
        internal static string Quote(string line)
        {
            string shown = line.Length > 80 ? line.Substring(0, 77) + "..." : line;
            return "\"" + shown + "\"";
        }
    }
}
