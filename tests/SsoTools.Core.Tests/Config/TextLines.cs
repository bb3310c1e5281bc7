using System.Collections.Generic;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>Splits text into lines that keep their terminators, so two versions of a file can be diffed line by line.</summary>
    public static class TextLines
    {
        public static List<string> Split(string text)
        {
            var lines = new List<string>();
            int start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                {
                    lines.Add(text.Substring(start, i - start + 1));
                    start = i + 1;
                }
            }
            if (start < text.Length) lines.Add(text.Substring(start));
            return lines;
        }

        /// <summary>Lines without their terminators.</summary>
        public static List<string> Bare(string text)
        {
            var bare = new List<string>();
            foreach (string line in Split(text)) bare.Add(line.TrimEnd('\r', '\n'));
            return bare;
        }

        /// <summary>
        /// The smallest change from old to new as (index in old, count removed, lines inserted): the
        /// common prefix and suffix are cut away, so an edit that touched one spot shows as exactly that spot.
        /// </summary>
        public static (int At, int Removed, List<string> Inserted) Diff(IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
        {
            int prefix = 0;
            while (prefix < oldLines.Count && prefix < newLines.Count && oldLines[prefix] == newLines[prefix]) prefix++;
            int suffix = 0;
            while (suffix < oldLines.Count - prefix && suffix < newLines.Count - prefix
                   && oldLines[oldLines.Count - 1 - suffix] == newLines[newLines.Count - 1 - suffix]) suffix++;
            var inserted = new List<string>();
            for (int i = prefix; i < newLines.Count - suffix; i++) inserted.Add(newLines[i]);
            return (prefix, oldLines.Count - prefix - suffix, inserted);
        }
    }
}
