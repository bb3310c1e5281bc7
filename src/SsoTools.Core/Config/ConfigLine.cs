using System.Collections.Generic;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// One physical line of the file: its text and the exact terminator it had ("\r\n", "\n", "\r",
    /// or "" for a last line without one), so that writing the lines back gives the same bytes.
    /// What the line looks like to configparser is worked out once and kept, because every edit
    /// parses the whole file again.
    /// </summary>
    internal sealed class ConfigLine
    {
        LineShape? _shape;

        public ConfigLine(string text, string end)
        {
            Text = text;
            End = end;
        }

        public string Text { get; }
        public string End { get; }

        public LineShape Shape => _shape ?? (_shape = new LineShape(Text));

        public ConfigLine WithEnd(string end) => new ConfigLine(Text, end) { _shape = _shape };

        /// <summary>
        /// Splits at "\r\n", "\n" and a lone "\r": the line breaks Python's universal-newline reading
        /// (and so configparser) sees, so line numbers agree with botocore's.
        /// </summary>
        public static List<ConfigLine> Split(string text)
        {
            var lines = new List<ConfigLine>();
            int start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c != '\n' && c != '\r') continue;
                string end = (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') ? "\r\n" : (c == '\n' ? "\n" : "\r");
                lines.Add(new ConfigLine(text.Substring(start, i - start), end));
                i += end.Length - 1;
                start = i + 1;
            }
            if (start < text.Length) lines.Add(new ConfigLine(text.Substring(start), ""));
            return lines;
        }
    }

    /// <summary>
    /// What a line is on its own: blank, comment, or content with an indent, and what it would be as a
    /// header or as a key line. Whether it is read as one depends on the lines before it (a more
    /// indented line continues the previous value), which is the parser's business.
    /// </summary>
    internal sealed class LineShape
    {
        public LineShape(string text)
        {
            Stripped = PyText.Strip(text);
            IsBlank = Stripped.Length == 0;
            IsComment = !IsBlank && (Stripped[0] == '#' || Stripped[0] == ';');
            if (IsBlank || IsComment) return;
            Indent = PyText.FirstNonSpace(text);
            IndentText = text.Substring(0, Indent);
            IsHeader = ConfigParser.TryReadHeader(Stripped, out string header);
            HeaderName = header;
            int delimiter = Stripped.IndexOfAny(Delimiters);
            if (delimiter < 0) return;
            HasDelimiter = true;
            KeyText = PyText.RStrip(Stripped.Substring(0, delimiter));
            Key = PyText.Lower(KeyText);
            Value = PyText.Strip(Stripped.Substring(delimiter + 1));
        }

        static readonly char[] Delimiters = { '=', ':' };

        public string Stripped { get; }
        public bool IsBlank { get; }
        /// <summary>'#' or ';' first: a full-line comment (inline comments do not exist for botocore).</summary>
        public bool IsComment { get; }
        /// <summary>Index of the first non-whitespace character: configparser's indent level.</summary>
        public int Indent { get; }
        public string IndentText { get; } = "";
        public bool IsHeader { get; }
        public string HeaderName { get; } = "";
        /// <summary>Has '=' or ':'; without one the line is a parse error unless it continues a value.</summary>
        public bool HasDelimiter { get; }
        public string KeyText { get; } = "";
        public string Key { get; } = "";
        public string Value { get; } = "";
    }
}
