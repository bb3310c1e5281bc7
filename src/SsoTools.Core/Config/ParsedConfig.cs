using System;
using System.Collections.Generic;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// A key as configparser stores it, plus where it sits in the file so that an edit can replace or
    /// remove exactly its lines. Pieces are configparser's value list: the first line's value, then one
    /// entry per continuation line ("" for a blank line inside the value).
    /// </summary>
    internal sealed class ParsedOption
    {
        readonly List<string> _pieces = new List<string>();
        readonly List<int> _pieceLines = new List<int>();
        string? _value;

        public ParsedOption(string name, string keyText, string indent, int keyLine, string firstValue)
        {
            Name = name;
            KeyText = keyText;
            Indent = indent;
            KeyLine = keyLine;
            LastLine = keyLine;
            AddPiece(firstValue, keyLine);
        }

        /// <summary>Lower-cased, as configparser's optionxform leaves it.</summary>
        public string Name { get; }
        /// <summary>The key as written, kept when the line is rewritten.</summary>
        public string KeyText { get; }
        /// <summary>Leading whitespace of the key line: continuation lines are judged against it.</summary>
        public string Indent { get; }
        public int KeyLine { get; private set; }
        /// <summary>Last line holding a non-blank part of the value; trailing blank lines are not part of the key.</summary>
        public int LastLine { get; private set; }

        /// <summary>Moves every line number by delta (lines removed or put back above it).</summary>
        public void Shift(int delta)
        {
            KeyLine += delta;
            LastLine += delta;
            for (int i = 0; i < _pieceLines.Count; i++) _pieceLines[i] += delta;
        }
        public IReadOnlyList<string> Pieces => _pieces;
        public IReadOnlyList<int> PieceLines => _pieceLines;

        public void AddPiece(string piece, int line)
        {
            _pieces.Add(piece);
            _pieceLines.Add(line);
            if (piece.Length > 0) LastLine = line;
            _value = null;
        }

        /// <summary>configparser's stored value: the pieces joined by "\n", trailing whitespace removed.</summary>
        public string Value => _value ?? (_value = PyText.RStrip(string.Join("\n", _pieces)));

        /// <summary>A value that starts with a line break is what botocore parses as a nested block.</summary>
        public bool IsNestedBlock => Value.StartsWith("\n", StringComparison.Ordinal);
    }

    /// <summary>One appearance of a section header and the lines up to the next header.</summary>
    internal sealed class ParsedBlock
    {
        public ParsedBlock(int headerLine) { HeaderLine = headerLine; EndLine = headerLine + 1; }

        public int HeaderLine { get; private set; }

        /// <summary>Moves the block and its keys by delta lines.</summary>
        public void Shift(int delta)
        {
            HeaderLine += delta;
            EndLine += delta;
            foreach (ParsedOption option in Options) option.Shift(delta);
        }
        /// <summary>Exclusive: the next header's line, or the line count.</summary>
        public int EndLine { get; set; }
        public List<ParsedOption> Options { get; } = new List<ParsedOption>();
    }

    /// <summary>
    /// A section by name. Only [DEFAULT] can have more than one block: configparser lets it repeat
    /// and merges its keys into every other section.
    /// </summary>
    internal sealed class ParsedSection
    {
        readonly Dictionary<string, ParsedOption> _byName = new Dictionary<string, ParsedOption>(StringComparer.Ordinal);

        public ParsedSection(string name) { Name = name; }

        public string Name { get; }
        public List<ParsedBlock> Blocks { get; } = new List<ParsedBlock>();
        /// <summary>In file order, which is configparser's order.</summary>
        public List<ParsedOption> Options { get; } = new List<ParsedOption>();

        public ParsedOption? Find(string name) => _byName.TryGetValue(name, out var o) ? o : null;

        public void Add(ParsedOption option)
        {
            _byName[option.Name] = option;
            Options.Add(option);
            Blocks[Blocks.Count - 1].Options.Add(option);
        }

        /// <summary>Takes over a block already read, with its keys (when a [DEFAULT] is copied for a re-parse).</summary>
        public void Adopt(ParsedBlock block)
        {
            Blocks.Add(block);
            foreach (ParsedOption option in block.Options)
            {
                _byName[option.Name] = option;
                Options.Add(option);
            }
        }
    }

    /// <summary>What configparser.RawConfigParser makes of the file, with line positions kept.</summary>
    internal sealed class ParsedConfig
    {
        public const string DefaultSectionName = "DEFAULT";

        readonly Dictionary<string, ParsedSection> _byName = new Dictionary<string, ParsedSection>(StringComparer.Ordinal);


        /// <summary>Every section including [DEFAULT], in order of first appearance.</summary>
        public List<ParsedSection> InFileOrder { get; } = new List<ParsedSection>();
        public ParsedSection? Defaults => Find(DefaultSectionName);

        public ParsedSection? Find(string name) => _byName.TryGetValue(name, out var s) ? s : null;

        /// <summary>Every header that was read as one, in file order.</summary>
        public List<ParsedBlock> Blocks { get; } = new List<ParsedBlock>();

        public void Add(ParsedSection section)
        {
            _byName[section.Name] = section;
            InFileOrder.Add(section);
        }

        /// <summary>
        /// Takes a section of one block out of the lists, moves the blocks after it up by lineCount lines,
        /// and returns how to put everything back. The caller has checked that nothing else changes.
        /// </summary>
        public Action RemoveInPlace(ParsedSection section, int lineCount)
        {
            ParsedBlock block = section.Blocks[0];
            int blockIndex = CountBefore(Blocks, block.HeaderLine, b => b.HeaderLine);
            int sectionIndex = CountBefore(InFileOrder, block.HeaderLine, s => s.Blocks[0].HeaderLine);
            if (!ReferenceEquals(Blocks[blockIndex], block) || !ReferenceEquals(InFileOrder[sectionIndex], section))
                throw new InvalidOperationException("The section is not where its header says.");
            Blocks.RemoveAt(blockIndex);
            InFileOrder.RemoveAt(sectionIndex);
            _byName.Remove(section.Name);
            for (int i = blockIndex; i < Blocks.Count; i++) Blocks[i].Shift(-lineCount);
            return () =>
            {
                for (int i = blockIndex; i < Blocks.Count; i++) Blocks[i].Shift(lineCount);
                Blocks.Insert(blockIndex, block);
                InFileOrder.Insert(sectionIndex, section);
                _byName[section.Name] = section;
            };
        }

        /// <summary>Takes back the last Add of a section with its one block (an append undone).</summary>
        public void RemoveLast(ParsedSection section, ParsedBlock block)
        {
            if (!ReferenceEquals(InFileOrder[InFileOrder.Count - 1], section) || !ReferenceEquals(Blocks[Blocks.Count - 1], block))
                throw new InvalidOperationException("Only the last section added can be taken back.");
            InFileOrder.RemoveAt(InFileOrder.Count - 1);
            Blocks.RemoveAt(Blocks.Count - 1);
            _byName.Remove(section.Name);
        }

        /// <summary>
        /// Where a re-parse after a change at editLine can start: the last header before that line (the
        /// parser's state after a header does not depend on the lines before it). -1: from the top.
        /// </summary>
        public int RestartLineBefore(int editLine)
        {
            int low = 0, high = Blocks.Count - 1, found = -1;
            while (low <= high)
            {
                int mid = (low + high) / 2;
                if (Blocks[mid].HeaderLine < editLine) { found = Blocks[mid].HeaderLine; low = mid + 1; }
                else high = mid - 1;
            }
            return found;
        }

        /// <summary>
        /// What was read before a header line, for a re-parse from that header. Sections that end before
        /// it are shared (a re-parse never changes them: a repeat of their name is an error); [DEFAULT],
        /// which can repeat and so grow, is copied.
        /// </summary>
        public ParsedConfig PrefixBefore(int headerLine)
        {
            // Bulk copies (the dictionary's own copy, list ranges) and removals of the few entries at or
            // after the header: an edit near the end of a large file must not re-add every section one
            // by one, or a pipeline of thousands of profiles costs the square of its length.
            var prefix = new ParsedConfig(_byName);
            int blocks = CountBefore(Blocks, headerLine, b => b.HeaderLine);
            prefix.Blocks.AddRange(Blocks.GetRange(0, blocks));
            int sections = CountBefore(InFileOrder, headerLine, s => s.Blocks[0].HeaderLine);
            prefix.InFileOrder.AddRange(InFileOrder.GetRange(0, sections));
            for (int i = sections; i < InFileOrder.Count; i++) prefix._byName.Remove(InFileOrder[i].Name);
            // [DEFAULT] can repeat, so it grows during a re-parse: the prefix gets its own copy.
            for (int i = 0; i < sections; i++)
            {
                ParsedSection section = prefix.InFileOrder[i];
                if (section.Name != DefaultSectionName) continue;
                var copy = new ParsedSection(section.Name);
                foreach (ParsedBlock block in section.Blocks)
                {
                    if (block.HeaderLine < headerLine) copy.Adopt(block);
                }
                prefix.InFileOrder[i] = copy;
                prefix._byName[section.Name] = copy;
            }
            return prefix;
        }

        public ParsedConfig() { }

        ParsedConfig(Dictionary<string, ParsedSection> byName)
        {
            _byName = new Dictionary<string, ParsedSection>(byName, StringComparer.Ordinal);
        }

        /// <summary>How many items, from the start, come before the line (the list is in line order).</summary>
        static int CountBefore<T>(List<T> items, int line, Func<T, int> lineOf)
        {
            int low = 0, high = items.Count;
            while (low < high)
            {
                int mid = (low + high) / 2;
                if (lineOf(items[mid]) < line) low = mid + 1;
                else high = mid;
            }
            return low;
        }

        /// <summary>
        /// The keys configparser's options(section) and get() return: the section's own keys, then the
        /// [DEFAULT] keys it does not override.
        /// </summary>
        public List<ParsedOption> EffectiveOptions(ParsedSection section)
        {
            var result = new List<ParsedOption>(section.Options);
            ParsedSection? defaults = Defaults;
            if (defaults == null || ReferenceEquals(defaults, section)) return result;
            foreach (ParsedOption d in defaults.Options)
            {
                if (section.Find(d.Name) == null) result.Add(d);
            }
            return result;
        }
    }
}
