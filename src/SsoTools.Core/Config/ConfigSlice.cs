using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// The part of a config file one profile needs: its sections, its sso-session's, its source
    /// profiles' (and theirs), [DEFAULT], and whatever comes before the first header, in file order,
    /// as bytes the ordinary parser reads. The native helper runs once per AWS command, and a config
    /// of 50 MB parsed whole costs over a gigabyte; sliced it costs what the file's bytes do.
    /// A header at the left margin always starts a section (configparser: continuation lines are
    /// indented), so the file splits into chunks there; a chunk with anything odd in it (an indented
    /// "[", a header without "]") is kept, so the parser sees what it would have seen and errors
    /// stay errors. Resolution of the slice equals resolution of the whole file (ConfigSliceTests).
    /// </summary>
    public static class ConfigSlice
    {
        /// <summary>Files smaller than this are parsed whole: slicing saves nothing there.</summary>
        public const int Threshold = 1 << 20;

        public static byte[] ForProfile(byte[] file, string profileName)
        {
            var chunks = Split(file);
            var profiles = new HashSet<string>(StringComparer.Ordinal) { profileName };
            var sessions = new HashSet<string>(StringComparer.Ordinal);
            for (int round = 0; round < 64; round++)
            {
                byte[] slice = Join(file, chunks, profiles, sessions);
                var doc = ConfigDocument.FromBytes(slice);
                bool grew = false;
                foreach (string p in new List<string>(profiles))
                {
                    foreach (string section in ConfigNames.FindProfileSections(doc, p))
                    {
                        string? session = doc.GetValue(section, "sso_session");
                        if (session != null && sessions.Add(session.Trim())) grew = true;
                        string? source = doc.GetValue(section, "source_profile");
                        if (source != null && profiles.Add(source.Trim())) grew = true;
                    }
                }
                if (!grew) return slice;
            }
            return file; // a chain that long: the whole file, as before
        }

        readonly struct Chunk
        {
            public Chunk(int start, int end, string? header, bool odd) { Start = start; End = end; Header = header; Odd = odd; }
            public int Start { get; }
            public int End { get; }
            /// <summary>The section name as configparser reads it; null for the part before the first header.</summary>
            public string? Header { get; }
            public bool Odd { get; }
        }

        static List<Chunk> Split(byte[] file)
        {
            var chunks = new List<Chunk>();
            int chunkStart = 0;
            string? header = null;
            bool odd = false;
            int i = 0;
            while (i < file.Length)
            {
                int lineEnd = Array.IndexOf(file, (byte)'\n', i);
                int next = lineEnd < 0 ? file.Length : lineEnd + 1;
                byte first = file[i];
                if (first == (byte)'[')
                {
                    if (i > chunkStart || header != null) chunks.Add(new Chunk(chunkStart, i, header, odd));
                    chunkStart = i;
                    odd = false;
                    header = HeaderOf(file, i, lineEnd < 0 ? file.Length : lineEnd);
                    if (header == null) odd = true;
                }
                else if (first == (byte)' ' || first == (byte)'\t')
                {
                    // An indented "[...]" is a header or a continuation depending on what comes before: keep it.
                    int j = i;
                    while (j < next && (file[j] == (byte)' ' || file[j] == (byte)'\t')) j++;
                    if (j < next && file[j] == (byte)'[') odd = true;
                }
                i = next;
            }
            chunks.Add(new Chunk(chunkStart, file.Length, header, odd));
            return chunks;
        }

        /// <summary>configparser's SECTCRE on the stripped line: from the first "[" to the last "]".</summary>
        static string? HeaderOf(byte[] file, int start, int end)
        {
            int close = -1;
            for (int k = end - 1; k > start; k--) if (file[k] == (byte)']') { close = k; break; }
            if (close <= start + 1) return null;
            try { return new UTF8Encoding(false, true).GetString(file, start + 1, close - start - 1); }
            catch (ArgumentException) { return null; } // not UTF-8: the parser says so
        }

        static byte[] Join(byte[] file, List<Chunk> chunks, HashSet<string> profiles, HashSet<string> sessions)
        {
            using (var slice = new MemoryStream())
            {
                foreach (var c in chunks)
                {
                    if (!Wanted(c, profiles, sessions)) continue;
                    slice.Write(file, c.Start, c.End - c.Start);
                    // A chunk that ended without a line break (the file's last) gets one, so the next header starts a line.
                    if (c.End > c.Start && file[c.End - 1] != (byte)'\n' && c.End < file.Length) slice.WriteByte((byte)'\n');
                }
                return slice.ToArray();
            }
        }

        static bool Wanted(Chunk c, HashSet<string> profiles, HashSet<string> sessions)
        {
            if (c.Header == null || c.Odd) return true;
            if (c.Header == ParsedConfig.DefaultSectionName) return true;
            if (ConfigNames.TryGetProfileName(c.Header, out string p)) return profiles.Contains(p);
            if (ConfigNames.TryGetSsoSessionName(c.Header, out string s)) return sessions.Contains(s);
            return false;
        }
    }
}
