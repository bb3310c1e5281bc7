using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using SsoTools.Core.IO;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// An AWS shared config file, read as botocore reads it and edited without disturbing anything the
    /// edit does not mean to change: comments, blank lines, order, unknown keys, nested blocks, line
    /// endings and a leading BOM stay byte for byte. Make all changes on one document, then Save once.
    /// </summary>
    public sealed partial class ConfigDocument
    {
        static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);
        static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };

        List<ConfigLine> _lines;
        ParsedConfig _parsed;
        byte[]? _savedBytes; // the bytes as read or last saved; returned as they are while nothing changed

        ConfigDocument(List<ConfigLine> lines, string? path, bool hasBom, byte[]? bytes)
        {
            _parsed = ConfigParser.Parse(lines, path);
            RawConfig.Validate(_parsed, path); // botocore also fails on a malformed nested block
            _lines = lines;
            _savedBytes = bytes;
            Path = path;
            HasBom = hasBom;
            NewLine = lines.Count > 0 && lines[0].End == "\r\n" ? "\r\n" : "\n";
        }

        /// <summary>Reads the file; a missing file gives an empty document that Save creates.</summary>
        public static ConfigDocument Load(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            // A folder, device, FIFO or socket is refused before it is opened (a FIFO would block).
            return FromFile(ConfigStore.ReadBytes(path), path);
        }

        /// <summary>The document of a file's bytes as read (null: the file does not exist, and Save creates it).</summary>
        internal static ConfigDocument FromFile(byte[]? bytes, string path)
        {
            if (bytes == null) return Parse("", path);
            var document = FromBytes(bytes, path);
            document.Exists = true;
            return document;
        }

        /// <summary>Parses text; a leading U+FEFF is taken as a BOM and kept for ToBytes.</summary>
        public static ConfigDocument Parse(string text, string? path = null)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            bool bom = text.Length > 0 && text[0] == '\uFEFF';
            return new ConfigDocument(ConfigLine.Split(bom ? text.Substring(1) : text), path, bom, null);
        }

        /// <summary>
        /// Decodes UTF-8, keeping a BOM. botocore itself rejects a file that starts with a BOM (Windows
        /// PowerShell 5.1 writes one); SsoTools reads it, keeps it, and reports it through HasBom.
        /// Bytes that are not UTF-8 (the Windows ANSI code page, UTF-16) are ConfigFileEncoding.
        /// </summary>
        public static ConfigDocument FromBytes(byte[] bytes, string? path = null)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            bool bom = bytes.Length >= 3 && bytes[0] == Bom[0] && bytes[1] == Bom[1] && bytes[2] == Bom[2];
            if (!bom && bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
                throw ConfigParseException.Utf16(path, bigEndian: bytes[0] == 0xFE);
            int start = bom ? 3 : 0;
            int bad = FirstNonUtf8(bytes, start);
            if (bad >= 0) throw ConfigParseException.NotUtf8(path, LineOfByte(bytes, start, bad), bad, bytes[bad]);
            string text = StrictUtf8.GetString(bytes, start, bytes.Length - start);
            return new ConfigDocument(ConfigLine.Split(text), path, bom, (byte[])bytes.Clone());
        }

        /// <summary>
        /// The offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode's
        /// table 3-7: no overlongs, surrogates or code points past U+10FFFF); -1 when all are. Python's
        /// UnicodeDecodeError.start names the same byte. Counted here, not taken from
        /// DecoderFallbackException.Index, whose base differs between runtimes.
        /// </summary>
        internal static int FirstNonUtf8(byte[] bytes, int start)
        {
            int i = start, n = bytes.Length;
            while (i < n)
            {
                byte c = bytes[i];
                if (c < 0x80) { i++; continue; }
                int need;
                byte low = 0x80, high = 0xBF;
                if (c >= 0xC2 && c <= 0xDF) need = 1;
                else if (c == 0xE0) { need = 2; low = 0xA0; }
                else if (c == 0xED) { need = 2; high = 0x9F; }
                else if (c >= 0xE1 && c <= 0xEF) need = 2;
                else if (c == 0xF0) { need = 3; low = 0x90; }
                else if (c >= 0xF1 && c <= 0xF3) need = 3;
                else if (c == 0xF4) { need = 3; high = 0x8F; }
                else return i;
                if (i + need >= n || bytes[i + 1] < low || bytes[i + 1] > high) return i;
                for (int k = 2; k <= need; k++)
                    if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF) return i;
                i += need + 1;
            }
            return -1;
        }

        public string? Path { get; private set; }
        /// <summary>True when the document was read from, or saved to, a file.</summary>
        public bool Exists { get; private set; }
        /// <summary>The file starts with a UTF-8 BOM: SsoTools keeps it, botocore and the AWS CLI cannot read the file (EncodingWarning).</summary>
        public bool HasBom { get; }

        /// <summary>What to tell the user about the file's encoding (a BOM); null when there is nothing to say.</summary>
        public string? EncodingWarning => HasBom ? Errors.ConfigErrors.BomWarning(Path ?? "The AWS config text") : null;
        /// <summary>"\r\n" when the file's first line ends so, else "\n": what new lines are written with.</summary>
        public string NewLine { get; }
        public bool IsModified { get; private set; }

        /// <summary>Section headers as written between the brackets, in file order, [DEFAULT] included.</summary>
        public IReadOnlyList<string> SectionNames
        {
            get
            {
                var names = new List<string>(_parsed.InFileOrder.Count);
                foreach (ParsedSection s in _parsed.InFileOrder) names.Add(s.Name);
                return names;
            }
        }

        public bool HasSection(string section) => _parsed.Find(section) != null;

        /// <summary>
        /// The value configparser gives botocore: keys compare lower-cased, the section's own key first,
        /// then [DEFAULT]'s. A nested block's value is its raw text ("\nk = v\n...").
        /// </summary>
        public string? GetValue(string section, string key)
        {
            ParsedSection? s = _parsed.Find(section);
            if (s == null || key == null) return null;
            string name = PyText.Lower(key);
            ParsedOption? option = s.Find(name);
            if (option == null && s.Name != ParsedConfig.DefaultSectionName) option = _parsed.Defaults?.Find(name);
            return option?.Value;
        }

        /// <summary>The section's own value of the key, without [DEFAULT]'s: what an edit of that section can change.</summary>
        public string? GetOwnValue(string section, string key)
        {
            if (key == null) return null;
            return _parsed.Find(section)?.Find(PyText.Lower(key))?.Value;
        }

        /// <summary>The section's keys (lower-cased) and values in botocore's order; empty for a missing section.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> GetValues(string section)
        {
            var values = new List<KeyValuePair<string, string>>();
            ParsedSection? s = _parsed.Find(section);
            if (s == null) return values;
            foreach (ParsedOption option in _parsed.EffectiveOptions(s)) values.Add(new KeyValuePair<string, string>(option.Name, option.Value));
            return values;
        }

        /// <summary>Exactly botocore.configloader.raw_config_parse(path): nested blocks as IDictionary&lt;string, string&gt;.
        /// For the oracle tests, which compare the two.</summary>
        internal IDictionary<string, IDictionary<string, object>> ToRawDictionary() => RawConfig.Build(_parsed, Path);

        public string ToText()
        {
            var text = new StringBuilder();
            foreach (ConfigLine line in _lines) text.Append(line.Text).Append(line.End);
            return text.ToString();
        }

        /// <summary>The file's bytes: exactly those read while nothing changed; UTF-8, with the BOM if it had one.</summary>
        public byte[] ToBytes()
        {
            if (!IsModified && _savedBytes != null) return (byte[])_savedBytes.Clone();
            byte[] body = new UTF8Encoding(false).GetBytes(ToText());
            if (!HasBom) return body;
            var bytes = new byte[body.Length + Bom.Length];
            Buffer.BlockCopy(Bom, 0, bytes, 0, Bom.Length);
            Buffer.BlockCopy(body, 0, bytes, Bom.Length, body.Length);
            return bytes;
        }

        /// <summary>Writes to Path atomically; does nothing when nothing changed.</summary>
        public void Save()
        {
            if (Path == null) throw new InvalidOperationException("This config document has no file path; use Save(path).");
            Save(Path);
        }

        /// <summary>Writes atomically (new file 0600, new folders 0700, an existing file keeps its mode).
        /// Skipped when nothing changed and the path is the document's own.</summary>
        public void Save(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (!IsModified && Path != null && SamePath(path, Path)) return;
            byte[] bytes = ToBytes();
            AtomicFile.WriteAllBytes(path, bytes);
            _savedBytes = bytes;
            Path = path;
            Exists = true;
            IsModified = false;
        }

        static bool SamePath(string a, string b)
        {
            var comparison = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            return string.Equals(System.IO.Path.GetFullPath(a), System.IO.Path.GetFullPath(b), comparison);
        }

        static int LineOfByte(byte[] bytes, int start, int index)
        {
            int line = 1;
            for (int i = start; i < index && i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n' || (bytes[i] == (byte)'\r' && (i + 1 >= bytes.Length || bytes[i + 1] != (byte)'\n'))) line++;
            }
            return line;
        }
    }
}
