using System;
using System.Collections.Generic;
using System.Linq;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// Every section's own keys and values in order: what an edit is allowed to change. The document
    /// compares the snapshot it expects after an edit with the one it gets, so that an odd file (an
    /// indented header, say) can never be silently changed in a way the edit did not mean.
    /// </summary>
    internal sealed class ConfigSnapshot
    {
        readonly List<KeyValuePair<string, List<KeyValuePair<string, string>>>> _sections =
            new List<KeyValuePair<string, List<KeyValuePair<string, string>>>>();

        /// <summary>
        /// The sections that start at or after fromLine, and [DEFAULT]: a re-parse from fromLine cannot
        /// change the others, so an edit there is checked against these alone.
        /// </summary>
        public static ConfigSnapshot Take(ParsedConfig config, int fromLine = 0)
        {
            var snapshot = new ConfigSnapshot();
            foreach (ParsedSection section in config.InFileOrder)
            {
                if (section.Blocks[0].HeaderLine < fromLine && section.Name != ParsedConfig.DefaultSectionName) continue;
                var values = new List<KeyValuePair<string, string>>();
                foreach (ParsedOption option in section.Options) values.Add(new KeyValuePair<string, string>(option.Name, option.Value));
                snapshot._sections.Add(new KeyValuePair<string, List<KeyValuePair<string, string>>>(section.Name, values));
            }
            return snapshot;
        }

        public void Set(string section, string key, string value)
        {
            List<KeyValuePair<string, string>>? values = Find(section);
            if (values == null)
            {
                values = new List<KeyValuePair<string, string>>();
                _sections.Add(new KeyValuePair<string, List<KeyValuePair<string, string>>>(section, values));
            }
            int at = IndexOf(values, key);
            var pair = new KeyValuePair<string, string>(key, value);
            if (at >= 0) values[at] = pair;
            else values.Add(pair);
        }

        public void Remove(string section, string key)
        {
            List<KeyValuePair<string, string>>? values = Find(section);
            int at = values == null ? -1 : IndexOf(values, key);
            if (at >= 0) values!.RemoveAt(at);
        }

        public void RemoveSection(string section) => _sections.RemoveAll(s => s.Key == section);

        /// <summary>The first difference, worded for a message ("section [x] would disappear"), or null.</summary>
        public string? Difference(ConfigSnapshot actual)
        {
            var mineNames = new HashSet<string>(_sections.Select(x => x.Key), StringComparer.Ordinal);
            var theirNames = new HashSet<string>(actual._sections.Select(x => x.Key), StringComparer.Ordinal);
            foreach (var section in _sections)
            {
                if (!theirNames.Contains(section.Key)) return "section [" + section.Key + "] would disappear";
            }
            foreach (var section in actual._sections)
            {
                if (!mineNames.Contains(section.Key)) return "a section [" + section.Key + "] would appear";
            }
            for (int i = 0; i < _sections.Count; i++)
            {
                var mine = _sections[i];
                var theirs = actual._sections[i];
                if (mine.Key != theirs.Key) return "section [" + mine.Key + "] would move";
                foreach (var pair in mine.Value)
                {
                    int at = IndexOf(theirs.Value, pair.Key);
                    if (at < 0) return "the key \"" + pair.Key + "\" of section [" + mine.Key + "] would disappear";
                    if (theirs.Value[at].Value != pair.Value) return "the value of \"" + pair.Key + "\" in section [" + mine.Key + "] would change";
                }
                foreach (var pair in theirs.Value)
                {
                    if (IndexOf(mine.Value, pair.Key) < 0) return "a key \"" + pair.Key + "\" would appear in section [" + mine.Key + "]";
                }
                for (int j = 0; j < mine.Value.Count; j++)
                {
                    if (mine.Value[j].Key != theirs.Value[j].Key) return "the keys of section [" + mine.Key + "] would change order";
                }
            }
            return null;
        }

        List<KeyValuePair<string, string>>? Find(string section)
        {
            foreach (var s in _sections)
            {
                if (s.Key == section) return s.Value;
            }
            return null;
        }

        static int IndexOf(List<KeyValuePair<string, string>> values, string key) =>
            values.FindIndex(p => string.Equals(p.Key, key, StringComparison.Ordinal));
    }
}
