using System.Collections.Generic;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// Reads lines the way Python 3's configparser.RawConfigParser() does with botocore's settings
    /// (strict, '=' and ':' delimiters, '#' and ';' full-line comments, no inline comments, blank lines
    /// kept inside values, option names lower-cased), and fails where it fails: a line before any
    /// section, a repeated section or key, a line that is neither header, key nor comment.
    /// </summary>
    internal static class ConfigParser
    {
        public static ParsedConfig Parse(IReadOnlyList<ConfigLine> lines, string? path) => Parse(lines, path, new ParsedConfig(), 0);

        /// <summary>
        /// Parses lines after a change that left every line before editLine as it was: only from the last
        /// header before the change, reusing what was read above it. The result is what Parse would give.
        /// </summary>
        public static ParsedConfig Reparse(IReadOnlyList<ConfigLine> lines, string? path, ParsedConfig before, int editLine)
        {
            int restart = before.RestartLineBefore(editLine);
            return restart < 0 ? Parse(lines, path) : Parse(lines, path, before.PrefixBefore(restart), restart);
        }

        /// <summary>Only the lines from start (a header line) on, as if nothing came before them; line numbers stay the file's.</summary>
        public static ParsedConfig ParseFrom(IReadOnlyList<ConfigLine> lines, string? path, int start) => Parse(lines, path, new ParsedConfig(), start);

        /// <summary>Reads from line start, which is 0 or a header line, on top of what config already holds.</summary>
        static ParsedConfig Parse(IReadOnlyList<ConfigLine> lines, string? path, ParsedConfig config, int start)
        {
            ParsedSection? section = null;
            ParsedBlock? block = null;
            ParsedOption? option = null;       // configparser's optname: the key continuation lines extend
            int indentLevel = 0;
            int firstBadLine = -1, badLines = 0;

            for (int i = start; i < lines.Count; i++)
            {
                LineShape line = lines[i].Shape;
                if (line.IsComment) continue; // comments neither end a value nor become part of one
                bool continuing = section != null && option != null && option.Name.Length > 0;
                if (line.IsBlank)
                {
                    if (continuing) option!.AddPiece("", i);
                    continue;
                }
                if (continuing && line.Indent > indentLevel)
                {
                    option!.AddPiece(line.Stripped, i);
                    continue;
                }
                indentLevel = line.Indent;

                if (line.IsHeader)
                {
                    string name = line.HeaderName;
                    ParsedSection? existing = config.Find(name);
                    if (existing != null && name != ParsedConfig.DefaultSectionName)
                    {
                        throw ConfigParseException.AtLine(path, i + 1,
                            "the section [" + name + "] appears a second time (first at line " + (existing.Blocks[0].HeaderLine + 1) + ").",
                            "Merge the two sections into one.");
                    }
                    if (existing == null)
                    {
                        existing = new ParsedSection(name);
                        config.Add(existing);
                    }
                    if (block != null) block.EndLine = i;
                    block = new ParsedBlock(i);
                    existing.Blocks.Add(block);
                    config.Blocks.Add(block);
                    section = existing;
                    option = null;
                    continue;
                }
                if (section == null)
                {
                    throw ConfigParseException.AtLine(path, i + 1,
                        ConfigParseException.Quote(lines[i].Text) + " comes before the first [section] header.",
                        "Move it under a section, or make it a comment by starting it with #.");
                }
                if (!line.HasDelimiter || line.KeyText.Length == 0)
                {
                    // configparser collects these and raises once the whole file is read.
                    if (firstBadLine < 0) firstBadLine = i;
                    badLines++;
                    if (!line.HasDelimiter) continue; // and, as configparser, keeps continuing the previous key
                }
                ParsedOption? duplicate = section.Find(line.Key);
                if (duplicate != null)
                {
                    throw ConfigParseException.AtLine(path, i + 1,
                        "the key \"" + line.Key + "\" appears a second time in section [" + section.Name + "] (first at line " + (duplicate.KeyLine + 1) + ").",
                        "Keep one of the two lines and delete the other.");
                }
                option = new ParsedOption(line.Key, line.KeyText, line.IndentText, i, line.Value);
                section.Add(option);
            }
            if (block != null) block.EndLine = lines.Count;

            if (firstBadLine >= 0)
            {
                string more = badLines > 1 ? " (and " + (badLines - 1) + " more line" + (badLines > 2 ? "s" : "") + " like it)" : "";
                throw ConfigParseException.AtLine(path, firstBadLine + 1,
                    ConfigParseException.Quote(lines[firstBadLine].Text) + " is not a [section] header, a key = value line or a comment" + more + ".",
                    "Fix the line, or make it a comment by starting it with #.");
            }
            return config;
        }

        /// <summary>
        /// configparser's header pattern \[(?P&lt;header&gt;.+)\] matched at the start of the stripped line:
        /// the name runs to the last ']', and whatever follows that ']' is ignored.
        /// </summary>
        public static bool TryReadHeader(string stripped, out string name)
        {
            name = "";
            if (stripped.Length < 3 || stripped[0] != '[') return false;
            int close = stripped.LastIndexOf(']');
            if (close < 2) return false;
            name = stripped.Substring(1, close - 1);
            return true;
        }
    }
}
