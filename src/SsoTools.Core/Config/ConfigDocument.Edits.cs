using System;
using System.Collections.Generic;
using SsoTools.Core.Errors;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// The edits: each changes only the lines it means to, on a copy of the lines, and is kept only if
    /// the file then reads as expected.
    /// </summary>
    public sealed partial class ConfigDocument
    {
        /// <summary>
        /// The document as it is now, to go back to with Restore. O(1): an edit never changes the line
        /// list or the parse it replaces (it builds new ones), so keeping the references is enough.
        /// </summary>
        public Checkpoint Mark() => new Checkpoint(_lines, _parsed, IsModified);

        /// <summary>Puts the document back as it was at the checkpoint (an edit undone whole).</summary>
        public void Restore(Checkpoint checkpoint)
        {
            _lines = checkpoint.Lines;
            _parsed = checkpoint.Parsed;
            IsModified = checkpoint.Modified;
            _names = null;
        }

        // ---- which sections botocore maps to a profile or sso-session name ----------------------
        // Kept up to date by the edits below instead of being rebuilt: a pipeline of thousands of
        // profiles asks "which sections are profile X?" several times per profile, and splitting
        // every header shell-style each time made such a pipeline cost the square of its length.

        sealed class NameIndex
        {
            public readonly Dictionary<string, List<string>> Profiles = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            public readonly Dictionary<string, List<string>> Sessions = new Dictionary<string, List<string>>(StringComparer.Ordinal);

            public void Add(string section)
            {
                if (section == ParsedConfig.DefaultSectionName) return;
                if (ConfigNames.TryGetProfileName(section, out string profile)) Add(Profiles, profile, section);
                if (ConfigNames.TryGetSsoSessionName(section, out string session)) Add(Sessions, session, section);
            }

            public void Remove(string section)
            {
                foreach (var map in new[] { Profiles, Sessions })
                    foreach (var list in map.Values) list.Remove(section);
            }

            static void Add(Dictionary<string, List<string>> map, string name, string section)
            {
                if (!map.TryGetValue(name, out var list)) map[name] = list = new List<string>();
                list.Add(section);
            }
        }

        NameIndex? _names;

        NameIndex Names
        {
            get
            {
                if (_names == null)
                {
                    var index = new NameIndex();
                    foreach (ParsedSection s in _parsed.InFileOrder) index.Add(s.Name);
                    _names = index;
                }
                return _names;
            }
        }

        /// <summary>The sections botocore maps to this profile name, in file order (the last one is the one it reads).</summary>
        public IReadOnlyList<string> ProfileSectionsOf(string profileName) =>
            Names.Profiles.TryGetValue(profileName, out var list) ? list.ToArray() : Array.Empty<string>();

        /// <summary>The sections botocore maps to this sso-session name, in file order.</summary>
        public IReadOnlyList<string> SsoSessionSectionsOf(string sessionName) =>
            Names.Sessions.TryGetValue(sessionName, out var list) ? list.ToArray() : Array.Empty<string>();

        public sealed class Checkpoint
        {
            internal Checkpoint(List<ConfigLine> lines, ParsedConfig parsed, bool modified) { Lines = lines; Parsed = parsed; Modified = modified; }
            internal List<ConfigLine> Lines { get; }
            internal ParsedConfig Parsed { get; }
            internal bool Modified { get; }
        }

        /// <summary>ErrorId of the SsoException an edit throws when, in this file, it would change more than it means to.</summary>
        public const string EditRefused = "ConfigEditRefused";

        /// <summary>
        /// Sets a key. An existing key's line (with any continuation lines) becomes "key = value", keeping
        /// its indentation and spelling; a new key goes after the section's last key; a missing section is
        /// appended at the end of the file. Readers strip whitespace around the value.
        /// </summary>
        public void SetValue(string section, string key, string value)
        {
            Require(ConfigNames.ValidateSection(section), nameof(section), section);
            Require(ConfigNames.ValidateKey(key), nameof(key), key);
            Require(ConfigNames.ValidateValue(value), nameof(value), value);

            string name = PyText.Lower(key);
            ParsedSection? s = _parsed.Find(section);
            ParsedOption? existing = s?.Find(name);
            if (existing != null && existing.KeyLine == existing.LastLine && existing.Value == value) return;

            int editLine = existing != null ? existing.KeyLine : s != null ? InsertionPoint(s) : Math.Max(0, _lines.Count - 1);
            Edit(editLine, expected => expected.Set(section, name, PyText.Strip(value)), lines =>
            {
                if (existing != null)
                {
                    string end = lines[existing.LastLine].End;
                    lines.RemoveRange(existing.KeyLine, existing.LastLine - existing.KeyLine + 1);
                    lines.Insert(existing.KeyLine, new ConfigLine(existing.Indent + existing.KeyText + Assignment(value), end));
                }
                else if (s != null)
                {
                    InsertKey(lines, s, key, value);
                }
                else
                {
                    EndLastLine(lines, lines.Count - 1);
                    lines.Add(new ConfigLine("[" + section + "]", NewLine));
                    lines.Add(new ConfigLine(key + Assignment(value), NewLine));
                }
            });
            if (s == null) _names?.Add(section);
        }

        /// <summary>
        /// Sets several keys of one section. A section that does not exist yet is appended with all its
        /// keys in one edit (one check of the file instead of one per key: a pipeline that adds thousands
        /// of profiles pays for each profile once); an existing one is edited key by key, as SetValue does.
        /// </summary>
        public void SetValues(string section, IReadOnlyList<KeyValuePair<string, string>> values)
        {
            if (values.Count == 0) return;
            if (_parsed.Find(section) != null || values.Count == 1)
            {
                foreach (var pair in values) SetValue(section, pair.Key, pair.Value);
                return;
            }
            Require(ConfigNames.ValidateSection(section), nameof(section), section);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pair in values)
            {
                Require(ConfigNames.ValidateKey(pair.Key), "key", pair.Key);
                Require(ConfigNames.ValidateValue(pair.Value), "value", pair.Value);
                if (!names.Add(PyText.Lower(pair.Key))) throw new ArgumentException("The key \"" + pair.Key + "\" is given twice.", nameof(values));
            }
            Edit(Math.Max(0, _lines.Count - 1), expected =>
            {
                foreach (var pair in values) expected.Set(section, PyText.Lower(pair.Key), PyText.Strip(pair.Value));
            }, lines =>
            {
                EndLastLine(lines, lines.Count - 1);
                lines.Add(new ConfigLine("[" + section + "]", NewLine));
                foreach (var pair in values) lines.Add(new ConfigLine(pair.Key + Assignment(pair.Value), NewLine));
            });
            _names?.Add(section);
        }

        /// <summary>Removes the section's own key with its continuation or nested lines; false when it has none.</summary>
        public bool RemoveValue(string section, string key)
        {
            if (section == null || key == null) return false;
            string name = PyText.Lower(key);
            ParsedOption? option = _parsed.Find(section)?.Find(name);
            if (option == null) return false;
            Edit(option.KeyLine, expected => expected.Remove(section, name),
                lines => lines.RemoveRange(option.KeyLine, option.LastLine - option.KeyLine + 1));
            return true;
        }

        /// <summary>
        /// Removes the header, its keys and the comments between them, and the blank lines right after the
        /// last key. Comments after the last key are kept: they usually introduce the next section, and a
        /// removal should never take text that might belong to something else. A section removed from the
        /// end of the file also takes the blank lines before it, so the file does not end in blank lines.
        /// </summary>
        public bool RemoveSection(string section)
        {
            if (section == null) return false;
            ParsedSection? s = _parsed.Find(section);
            if (s == null) return false;
            var ranges = new List<KeyValuePair<int, int>>();
            foreach (ParsedBlock block in s.Blocks)
            {
                int first = block.HeaderLine;
                int last = block.Options.Count > 0 ? block.Options[block.Options.Count - 1].LastLine : block.HeaderLine;
                while (last + 1 < block.EndLine && IsBlank(_lines[last + 1])) last++;
                if (last == _lines.Count - 1)
                {
                    while (first > 0 && IsBlank(_lines[first - 1])) first--;
                }
                ranges.Add(new KeyValuePair<int, int>(first, last));
            }
            Edit(ranges[0].Key, expected => expected.RemoveSection(section), lines =>
            {
                for (int r = ranges.Count - 1; r >= 0; r--) lines.RemoveRange(ranges[r].Key, ranges[r].Value - ranges[r].Key + 1);
            });
            _names?.Remove(section);
            return true;
        }

        /// <summary>
        /// Applies an edit to a copy of the lines and keeps it only if the result parses and holds exactly
        /// the expected keys and values, so an edit can never break the file or touch another setting.
        /// Throws SsoException (ErrorId ConfigEditRefused) otherwise, leaving the document as it was.
        /// </summary>
        /// <remarks>
        /// Lines before editLine must stay as they are: the file is then parsed again only from the last
        /// header before it, and only the sections from there on are compared, so a pipeline that adds
        /// hundreds of profiles does not parse the whole file for every key.
        /// </remarks>
        void Edit(int editLine, Action<ConfigSnapshot> expect, Action<List<ConfigLine>> change)
        {
            int from = Math.Max(0, _parsed.RestartLineBefore(editLine));
            ConfigSnapshot expected = ConfigSnapshot.Take(_parsed, from);
            expect(expected);
            var lines = new List<ConfigLine>(_lines);
            change(lines);
            ParsedConfig parsed;
            try
            {
                parsed = ConfigParser.Reparse(lines, Path, _parsed, editLine);
                RawConfig.Validate(parsed, Path, from);
            }
            catch (ConfigParseException e)
            {
                throw new SsoException(EditRefused, SsoErrorKind.InvalidOperation,
                    "SsoTools did not make this change to " + Where + " because the file would no longer read correctly: " + e.Message, Path, e);
            }
            string? difference = expected.Difference(ConfigSnapshot.Take(parsed, from));
            if (difference != null)
            {
                throw new SsoException(EditRefused, SsoErrorKind.InvalidOperation,
                    "SsoTools did not make this change to " + Where + " because, with the file's layout, " + difference
                    + " as well. Edit the file by hand, or move its indented lines to the left margin.", Path);
            }
            _lines = lines;
            _parsed = parsed;
            IsModified = true;
        }

        /// <summary>
        /// A new key goes after the section's last key (and that key's continuation lines), indented as
        /// that key is, so that neither it nor the line after it reads as a continuation line.
        /// </summary>
        void InsertKey(List<ConfigLine> lines, ParsedSection section, string key, string value)
        {
            ParsedBlock block = section.Blocks[section.Blocks.Count - 1];
            int after = InsertionPoint(section);
            string indent = block.Options.Count > 0 ? block.Options[block.Options.Count - 1].Indent : IndentOfNextContent(lines, after + 1);
            EndLastLine(lines, after);
            lines.Insert(after + 1, new ConfigLine(indent + key + Assignment(value), NewLine));
        }

        /// <summary>The line a new key goes after: the last line of the section's last key, or its header.</summary>
        static int InsertionPoint(ParsedSection section)
        {
            ParsedBlock block = section.Blocks[section.Blocks.Count - 1];
            return block.Options.Count > 0 ? block.Options[block.Options.Count - 1].LastLine : block.HeaderLine;
        }

        /// <summary>The indentation of the next line that is neither blank nor a comment; "" when there is none.</summary>
        static string IndentOfNextContent(List<ConfigLine> lines, int from)
        {
            for (int i = from; i < lines.Count; i++)
            {
                LineShape shape = lines[i].Shape;
                if (!shape.IsBlank && !shape.IsComment) return shape.IndentText;
            }
            return "";
        }

        /// <summary>Gives the line a line break if it is the file's last line and has none.</summary>
        void EndLastLine(List<ConfigLine> lines, int index)
        {
            if (index >= 0 && index < lines.Count && lines[index].End.Length == 0) lines[index] = lines[index].WithEnd(NewLine);
        }

        static string Assignment(string value) => value.Length == 0 ? " =" : " = " + value;

        static bool IsBlank(ConfigLine line) => line.Shape.IsBlank;

        string Where => Path == null ? "the AWS config text" : "\"" + Path + "\"";

        static void Require(string? problem, string parameter, string? given)
        {
            if (problem != null)
            {
                throw new ArgumentException("Cannot write " + parameter + " " + (given == null ? "(null)" : "\"" + given.Replace("\r", "\\r").Replace("\n", "\\n") + "\"")
                    + " to the AWS config file: " + problem + ".", parameter);
            }
        }
    }
}
