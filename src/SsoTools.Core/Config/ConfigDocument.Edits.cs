using System;
using System.Collections.Generic;
using SsoTools.Core.Errors;
using SsoTools.Core.IO;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// The edits: each changes only the lines it means to, on a copy of the lines, and is kept only if
    /// the file then reads as expected.
    /// </summary>
    public sealed partial class ConfigDocument
    {
        // ---- undo ---------------------------------------------------------------------------------
        // Every change records how to take itself back. A checkpoint is a position in that log, so
        // Mark is O(1) and Restore costs what was done since, not the size of the file: a -WhatIf
        // over thousands of profiles undoes each one in constant time. Checkpoints are a stack:
        // restoring one makes every later checkpoint invalid.

        readonly List<Action> _undo = new List<Action>();

        /// <summary>The document as it is now, to go back to with Restore. O(1).</summary>
        public Checkpoint Mark() => new Checkpoint(this, _undo.Count);

        /// <summary>Puts the document back as it was at the checkpoint (an edit undone whole). Checkpoints taken after it become invalid.</summary>
        public void Restore(Checkpoint checkpoint)
        {
            if (checkpoint == null) throw new ArgumentNullException(nameof(checkpoint));
            if (!ReferenceEquals(checkpoint.Document, this)) throw new ArgumentException("The checkpoint belongs to another document.", nameof(checkpoint));
            if (checkpoint.Position > _undo.Count) throw new InvalidOperationException("The document was restored to an earlier checkpoint already.");
            for (int i = _undo.Count - 1; i >= checkpoint.Position; i--)
            {
                Action undo = _undo[i];
                _undo.RemoveAt(i);
                undo();
            }
        }

        /// <summary>Replaces lines and parse (an edit's result), remembering the old ones.</summary>
        void Replace(List<ConfigLine> lines, ParsedConfig parsed)
        {
            List<ConfigLine> oldLines = _lines;
            ParsedConfig oldParsed = _parsed;
            bool oldModified = IsModified;
            _lines = lines;
            _parsed = parsed;
            IsModified = true;
            _undo.Add(() =>
            {
                _lines = oldLines;
                _parsed = oldParsed;
                IsModified = oldModified;
            });
        }

        void IndexAdd(string section) => _undo.Add(Names.Add(section));

        void IndexRemove(string section) => _undo.Add(Names.Remove(section));

        // ---- which sections botocore maps to a profile or sso-session name ----------------------
        // Kept up to date by the edits below instead of being rebuilt: a pipeline of thousands of
        // profiles asks "which sections are profile X?" several times per profile, and splitting
        // every header shell-style each time made such a pipeline cost the square of its length.

        sealed class NameIndex
        {
            public readonly Dictionary<string, List<string>> Profiles = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            public readonly Dictionary<string, List<string>> Sessions = new Dictionary<string, List<string>>(StringComparer.Ordinal);

            /// <summary>Adds the section at the end of its names' lists; returns how to take it back.</summary>
            public Action Add(string section)
            {
                if (section == ParsedConfig.DefaultSectionName) return () => { };
                List<string>? profiles = null, sessions = null;
                if (ConfigNames.TryGetProfileName(section, out string profile)) (profiles = ListOf(Profiles, profile)).Add(section);
                if (ConfigNames.TryGetSsoSessionName(section, out string session)) (sessions = ListOf(Sessions, session)).Add(section);
                return () =>
                {
                    profiles?.RemoveAt(profiles.LastIndexOf(section));
                    sessions?.RemoveAt(sessions.LastIndexOf(section));
                };
            }

            /// <summary>Removes the section from its names' lists; returns how to put it back where it was.</summary>
            public Action Remove(string section)
            {
                var undo = new List<Action>();
                if (ConfigNames.TryGetProfileName(section, out string profile)) undo.Add(RemoveFrom(Profiles, profile, section));
                if (ConfigNames.TryGetSsoSessionName(section, out string session)) undo.Add(RemoveFrom(Sessions, session, section));
                return () => { for (int i = undo.Count - 1; i >= 0; i--) undo[i](); };
            }

            static Action RemoveFrom(Dictionary<string, List<string>> map, string name, string section)
            {
                if (!map.TryGetValue(name, out var list)) return () => { };
                int at = list.IndexOf(section);
                if (at < 0) return () => { };
                list.RemoveAt(at);
                return () => list.Insert(at, section);
            }

            static List<string> ListOf(Dictionary<string, List<string>> map, string name)
            {
                if (!map.TryGetValue(name, out var list)) map[name] = list = new List<string>();
                return list;
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
            internal Checkpoint(ConfigDocument document, int position) { Document = document; Position = position; }
            internal ConfigDocument Document { get; }
            internal int Position { get; }
        }

        /// <summary>ErrorId of the SsoException an edit throws when, in this file, it would change more than it means to.</summary>

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
            if (s == null && TryAppendSection(section, new[] { new KeyValuePair<string, string>(key, value) })) return;
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
                    AddSection(lines, section, new[] { new KeyValuePair<string, string>(key, value) });
                }
            });
            if (s == null) IndexAdd(section);
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
            if (TryAppendSection(section, values)) return;
            Edit(Math.Max(0, _lines.Count - 1), expected =>
            {
                foreach (var pair in values) expected.Set(section, PyText.Lower(pair.Key), PyText.Strip(pair.Value));
            }, lines =>
            {
                EndLastLine(lines, lines.Count - 1);
                AddSection(lines, section, values);
            });
            IndexAdd(section);
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
            if (ranges.Count == 1 && TryRemoveInPlace(s, ranges[0].Key, ranges[0].Value))
            {
                IndexRemove(section);
                return true;
            }
            Edit(ranges[0].Key, expected => expected.RemoveSection(section), lines =>
            {
                for (int r = ranges.Count - 1; r >= 0; r--) lines.RemoveRange(ranges[r].Key, ranges[r].Value - ranges[r].Key + 1);
            });
            IndexRemove(section);
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
            _ = Names; // the index must describe the document before the change, for the change's undo
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
                throw new SsoException(ErrorIds.ConfigEditRefused, SsoErrorKind.InvalidOperation,
                    "SsoTools did not make this change to " + Where + " because the file would no longer read correctly: " + e.Message, Path, e);
            }
            string? difference = expected.Difference(ConfigSnapshot.Take(parsed, from));
            if (difference != null)
            {
                throw new SsoException(ErrorIds.ConfigEditRefused, SsoErrorKind.InvalidOperation,
                    "SsoTools did not make this change to " + Where + " because, with the file's layout, " + difference
                    + " as well. Edit the file by hand, or move its indented lines to the left margin.", Path);
            }
            Replace(lines, parsed);
        }

        /// <summary>
        /// A new section at the end of the file, in constant time: the lines are appended in place and
        /// only they are parsed, on their own. That is exact here, because a header at the left margin
        /// always starts a section (it is never a continuation line) and nothing before it can change.
        /// False, with nothing changed, where that does not hold (the general Edit then decides): the
        /// section is [DEFAULT], the last line has no line break, [DEFAULT] has a nested block (a new
        /// section would read it), or the new lines do not parse as exactly this section and keys.
        /// </summary>
        bool TryAppendSection(string section, IReadOnlyList<KeyValuePair<string, string>> values)
        {
            if (section == ParsedConfig.DefaultSectionName || _parsed.Find(section) != null) return false;
            _ = Names; // as in Edit: built from the document before the change
            if (_lines.Count > 0 && _lines[_lines.Count - 1].End.Length == 0) return false;
            ParsedSection? defaults = _parsed.Defaults;
            if (defaults != null)
            {
                foreach (ParsedOption option in defaults.Options)
                    if (option.IsNestedBlock) return false;
            }

            List<ConfigLine> lines = _lines;
            int start = lines.Count;
            AddSection(lines, section, values);
            int count = lines.Count - start;
            ParsedConfig? fragment = null;
            try { fragment = ConfigParser.ParseFrom(lines, Path, start); }
            catch (ConfigParseException) { }
            if (fragment == null || !IsExactly(fragment, section, values))
            {
                lines.RemoveRange(start, count);
                return false;
            }

            ParsedSection added = fragment.InFileOrder[0];
            ParsedBlock block = added.Blocks[0];
            ParsedConfig parsed = _parsed; // the last block before it already ends at `start`: nothing else changes
            parsed.Add(added);
            parsed.Blocks.Add(block);
            bool oldModified = IsModified;
            IsModified = true;
            _undo.Add(() =>
            {
                parsed.RemoveLast(added, block);
                lines.RemoveRange(start, count);
                IsModified = oldModified;
            });
            IndexAdd(section);
            return true;
        }

        /// <summary>
        /// Removes a section's lines in place, moving the line numbers of what follows instead of parsing
        /// it again: a pipeline that removes thousands of profiles must not re-read the rest of the file
        /// for each. Exact when the section is not [DEFAULT] (which other sections read), has one block,
        /// the range starts at its header, and the next header (if any) is at the left margin: what is
        /// left between the sections is then only blank lines and comments, which change no value.
        /// False, with nothing changed, otherwise (the general Edit then decides).
        /// </summary>
        bool TryRemoveInPlace(ParsedSection section, int first, int last)
        {
            if (section.Name == ParsedConfig.DefaultSectionName || section.Blocks.Count != 1) return false;
            ParsedBlock block = section.Blocks[0];
            if (first != block.HeaderLine) return false;
            int count = last - first + 1;
            List<ParsedBlock> blocks = _parsed.Blocks;
            int at = blocks.BinarySearch(block, BlockOrder.Instance); // blocks are in line order
            if (at < 0 || !ReferenceEquals(blocks[at], block)) return false;
            ParsedBlock? next = at + 1 < blocks.Count ? blocks[at + 1] : null;
            if (next != null && _lines[next.HeaderLine].Shape.Indent != 0) return false;
            ParsedBlock? previous = at > 0 ? blocks[at - 1] : null;
            _ = Names;

            List<ConfigLine> lines = _lines;
            List<ConfigLine> removed = lines.GetRange(first, count);
            lines.RemoveRange(first, count);
            ParsedConfig parsed = _parsed;
            Action putBack = parsed.RemoveInPlace(section, count);
            int previousEnd = previous?.EndLine ?? 0;
            if (previous != null) previous.EndLine = next != null ? next.HeaderLine : lines.Count;
            bool oldModified = IsModified;
            IsModified = true;
            _undo.Add(() =>
            {
                if (previous != null) previous.EndLine = previousEnd;
                putBack();
                lines.InsertRange(first, removed);
                IsModified = oldModified;
            });
            return true;
        }

        sealed class BlockOrder : IComparer<ParsedBlock>
        {
            public static readonly BlockOrder Instance = new BlockOrder();
            public int Compare(ParsedBlock? x, ParsedBlock? y) => x!.HeaderLine.CompareTo(y!.HeaderLine);
        }

        static bool IsExactly(ParsedConfig fragment, string section, IReadOnlyList<KeyValuePair<string, string>> values)
        {
            if (fragment.InFileOrder.Count != 1 || fragment.Blocks.Count != 1) return false;
            ParsedSection parsed = fragment.InFileOrder[0];
            if (parsed.Name != section || parsed.Options.Count != values.Count) return false;
            for (int i = 0; i < values.Count; i++)
            {
                ParsedOption option = parsed.Options[i];
                if (option.Name != PyText.Lower(values[i].Key) || option.Value != PyText.Strip(values[i].Value) || option.IsNestedBlock) return false;
            }
            return true;
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

        /// <summary>A header and its keys, as SsoTools writes a new section, at the end of the lines.</summary>
        void AddSection(List<ConfigLine> lines, string section, IReadOnlyList<KeyValuePair<string, string>> values)
        {
            lines.Add(new ConfigLine("[" + section + "]", NewLine));
            foreach (var pair in values) lines.Add(new ConfigLine(pair.Key + Assignment(pair.Value), NewLine));
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
