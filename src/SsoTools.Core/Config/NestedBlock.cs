using System.Collections.Generic;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// botocore's _parse_nested: a value that starts with a line break ("s3 =" followed by indented
    /// lines) becomes a dictionary of "key = value" lines. Unlike top-level keys, these keys keep their
    /// case, only '=' separates, and a repeated key overwrites the earlier one.
    /// </summary>
    internal static class NestedBlock
    {
        public static IDictionary<string, string> Parse(ParsedOption option, string? path)
        {
            var parsed = new Dictionary<string, string>();
            // Piece 0 is the empty text after "key =", the rest are the indented lines.
            for (int p = 1; p < option.Pieces.Count; p++)
            {
                foreach (string part in PyText.SplitLines(option.Pieces[p]))
                {
                    string line = PyText.Strip(part);
                    if (line.Length == 0) continue;
                    int eq = line.IndexOf('=');
                    if (eq < 0)
                    {
                        throw ConfigParseException.AtLine(path, option.PieceLines[p] + 1,
                            ConfigParseException.Quote(line) + " inside the nested block of \"" + option.Name + "\" has no '='.",
                            "Write it as \"name = value\", or indent it no deeper than \"" + option.KeyText + "\" if it is not part of that block.");
                    }
                    parsed[PyText.Strip(line.Substring(0, eq))] = PyText.Strip(line.Substring(eq + 1));
                }
            }
            return parsed;
        }
    }
}
