using SsoTools.Core.Errors;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// The config file is one the AWS CLI and botocore refuse to read. The message names the file,
    /// the line, what is wrong and what to do about it. ErrorId is ConfigFileMalformed, or
    /// ConfigFileEncoding for bytes that are not UTF-8.
    /// </summary>
    public sealed class ConfigParseException : SsoException
    {
        public ConfigParseException(string message, string? path, int lineNumber)
            : this(ErrorIds.ConfigFileMalformed, message, path, lineNumber) { }

        ConfigParseException(string errorId, string message, string? path, int lineNumber)
            : base(errorId, SsoErrorKind.InvalidData, message, path)
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

        /// <summary>
        /// The file is not UTF-8: the first byte that is not, its line and offset, the likely cause
        /// and the remedy. Not "the AWS CLI cannot read it": on Windows it reads the ANSI code page.
        /// </summary>
        internal static ConfigParseException NotUtf8(string? path, int lineNumber, int offset, byte value)
        {
            string where = path == null ? "the AWS config text" : "the AWS config file \"" + path + "\"";
            string message = "Cannot read " + where + ", line " + lineNumber + ": the file is not UTF-8 text (byte offset " + offset
                + " is 0x" + value.ToString("X2") + ", which does not start a UTF-8 character). It was most likely saved in the Windows ANSI code page"
                + " (Windows-1252, say, where 0xE9 is \u00e9), as 'aws configure' on Windows or an editor may write it. SsoTools reads only UTF-8"
                + " and has not changed the file: save it as UTF-8 without BOM (Notepad: File > Save As, Encoding \"UTF-8\")."
                + " The AWS CLI on Windows reads the file in the ANSI code page, so keep profile names, values and comments ASCII"
                + " for every tool to read the same thing.";
            return new ConfigParseException(ErrorIds.ConfigFileEncoding, message, path, lineNumber);
        }

        /// <summary>A file that starts with a UTF-16 byte order mark (Windows PowerShell 5.1's Out-File and &gt;).</summary>
        internal static ConfigParseException Utf16(string? path, bool bigEndian)
        {
            string where = path == null ? "the AWS config text" : "the AWS config file \"" + path + "\"";
            string message = "Cannot read " + where + ": it is UTF-16 text (" + (bigEndian ? "big" : "little") + "-endian, with a byte order mark),"
                + " as Windows PowerShell 5.1's Out-File and '>' write it. Neither SsoTools nor the AWS CLI reads UTF-16, and SsoTools has not"
                + " changed the file: save it as UTF-8 without BOM (PowerShell 7: Get-Content <file> | Set-Content -Encoding utf8NoBOM <new file>).";
            return new ConfigParseException(ErrorIds.ConfigFileEncoding, message, path, 1);
        }

        /// <summary>Quotes a line for a message, shortened so one long line cannot flood the screen.</summary>
        internal static string Quote(string line)
        {
            string shown = line.Length > 80 ? line.Substring(0, 77) + "..." : line;
            return "\"" + shown + "\"";
        }
    }
}
