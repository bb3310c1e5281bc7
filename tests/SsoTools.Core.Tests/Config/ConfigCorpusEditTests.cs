using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using SsoTools.Core.Config;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>
    /// On every corpus file: reading and writing back changes nothing, and each kind of edit changes
    /// exactly the lines it means to, keeps the BOM and CRLF line ends, and leaves a file botocore reads.
    /// </summary>
    public class ConfigCorpusEditTests
    {
        const string Changed = "ssotools-changed";

        [Theory]
        [MemberData(nameof(Corpus.Valid), MemberType = typeof(Corpus))]
        public void NoOpLoadAndSaveKeepTheBytes(string name)
        {
            byte[] bytes = Corpus.Bytes(name);
            Assert.Equal(bytes, ConfigDocument.FromBytes(bytes).ToBytes());

            string text = Encoding.UTF8.GetString(Corpus.WithoutBom(bytes));
            var parsed = ConfigDocument.Parse(text);
            Assert.Equal(text, parsed.ToText());
            Assert.Equal(Corpus.WithoutBom(bytes), parsed.ToBytes());

            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllBytes(path, bytes);
            var loaded = ConfigDocument.Load(path);
            Assert.True(loaded.Exists);
            Assert.False(loaded.IsModified);
            File.Delete(path);
            loaded.Save();
            Assert.False(File.Exists(path), "Save wrote an unmodified document");

            string copy = temp.File("copy");
            loaded.Save(copy);
            Assert.Equal(bytes, File.ReadAllBytes(copy));
        }

        [Theory]
        [MemberData(nameof(Corpus.Valid), MemberType = typeof(Corpus))]
        public void SettingAnExistingKeyRewritesOnlyItsLine(string name)
        {
            byte[] bytes = Corpus.Bytes(name);
            var original = ConfigDocument.FromBytes(bytes);
            var oldLines = TextLines.Split(original.ToText());
            foreach (var (section, key, value) in Spread(OwnKeys(original).Where(k => !k.Value.Contains('\n')).ToList()))
            {
                var document = ConfigDocument.FromBytes(bytes);
                document.SetValue(section, key, Changed);

                var diff = TextLines.Diff(oldLines, TextLines.Split(document.ToText()));
                Assert.Equal(1, diff.Removed);
                string old = oldLines[diff.At];
                string bare = old.TrimEnd('\r', '\n');
                string indent = bare.Substring(0, bare.Length - bare.TrimStart().Length);
                // The key as written (its lower-cased form can be longer: "İ" is two characters lower-cased).
                string keyText = PyText.Strip(Regex.Match(bare.Substring(indent.Length), @"^(.*?)[=:]").Groups[1].Value);
                Assert.Equal(key, PyText.Lower(keyText));
                string expectedLine = indent + keyText + " = " + Changed + old.Substring(bare.Length);
                Assert.Equal(new[] { expectedLine }, diff.Inserted);

                Assert.Equal(Changed, document.GetValue(section, key));
                if (section != "DEFAULT")
                {
                    var expected = RawAssert.Copy(original.ToRawDictionary());
                    expected[section][key] = Changed;
                    RawAssert.Equal(expected, document.ToRawDictionary(), name);
                }
                AssertLayoutKept(bytes, document);
            }
        }

        [Theory]
        [MemberData(nameof(Corpus.Valid), MemberType = typeof(Corpus))]
        public void ANewKeyGoesRightAfterTheSectionsLastKey(string name)
        {
            byte[] bytes = Corpus.Bytes(name);
            var original = ConfigDocument.FromBytes(bytes);
            var oldLines = TextLines.Split(original.ToText());
            foreach (string section in Spread(original.SectionNames.ToList()))
            {
                var document = ConfigDocument.FromBytes(bytes);
                document.SetValue(section, "ssotools_added", "added");

                var newLines = TextLines.Split(document.ToText());
                var diff = TextLines.Diff(oldLines, newLines);
                Assert.Equal(diff.Removed + 1, diff.Inserted.Count);
                if (diff.Removed == 1)
                {
                    // Only when the section ends the file without a final line break: that line gets one.
                    Assert.Equal(oldLines[diff.At] + document.NewLine, diff.Inserted[0]);
                    Assert.Equal(oldLines.Count - 1, diff.At);
                }
                string added = diff.Inserted[diff.Inserted.Count - 1];
                Assert.Matches(new Regex("^[ \t]*ssotools_added = added" + Regex.Escape(document.NewLine) + "$"), added);

                // The line before it is a key, a continuation line or the header: never a comment or blank line.
                string before = newLines[diff.At + diff.Inserted.Count - 2].Trim();
                Assert.False(before.Length == 0 || before.StartsWith("#") || before.StartsWith(";"), name + " [" + section + "]: new key placed after \"" + before + "\"");

                var own = OwnKeys(document).Where(k => k.Section == section).Select(k => k.Key).ToList();
                Assert.Equal("ssotools_added", own.Last());
                if (section != "DEFAULT")
                {
                    var expected = RawAssert.Copy(original.ToRawDictionary());
                    var actual = document.ToRawDictionary();
                    foreach (var pair in expected.Where(p => p.Key != section)) RawAssert.Equal(pair.Value, actual[pair.Key], name);
                    expected[section]["ssotools_added"] = "added";
                    Assert.Equal(expected[section].Keys.OrderBy(k => k, StringComparer.Ordinal), actual[section].Keys.OrderBy(k => k, StringComparer.Ordinal));
                }
                AssertLayoutKept(bytes, document);
            }
        }

        [Theory]
        [MemberData(nameof(Corpus.Valid), MemberType = typeof(Corpus))]
        public void ANewSectionIsAppendedAtTheEnd(string name)
        {
            byte[] bytes = Corpus.Bytes(name);
            var document = ConfigDocument.FromBytes(bytes);
            string old = document.ToText();
            document.SetValue("profile ssotools-new", "sso_session", "corp");
            document.SetValue("profile ssotools-new", "region", "us-east-1");

            string nl = document.NewLine;
            string separator = old.Length == 0 || old.EndsWith("\n") || old.EndsWith("\r") ? "" : nl;
            Assert.Equal(old + separator + "[profile ssotools-new]" + nl + "sso_session = corp" + nl + "region = us-east-1" + nl, document.ToText());
            var expected = RawAssert.Copy(ConfigDocument.FromBytes(bytes).ToRawDictionary());
            var actual = document.ToRawDictionary();
            foreach (var pair in expected) RawAssert.Equal(pair.Value, actual[pair.Key], name);
            AssertLayoutKept(bytes, document);
        }

        [Theory]
        [MemberData(nameof(Corpus.Valid), MemberType = typeof(Corpus))]
        public void RemovingAKeyRemovesOnlyItsLines(string name)
        {
            byte[] bytes = Corpus.Bytes(name);
            var original = ConfigDocument.FromBytes(bytes);
            var oldLines = TextLines.Split(original.ToText());
            foreach (var (section, key, _) in Spread(OwnKeys(original)))
            {
                var document = ConfigDocument.FromBytes(bytes);
                Assert.True(document.RemoveValue(section, key));

                var diff = TextLines.Diff(oldLines, TextLines.Split(document.ToText()));
                Assert.Empty(diff.Inserted);
                Assert.True(diff.Removed >= 1);
                // The removed lines start with the key line (a common prefix can shift the cut to an identical earlier line).
                Assert.Contains(oldLines.Skip(diff.At).Take(diff.Removed).Concat(oldLines.Skip(diff.At + diff.Removed).Take(1)),
                    l => PyText.Lower(l.TrimStart()).StartsWith(key, StringComparison.Ordinal));

                if (section == "DEFAULT")
                {
                    Assert.Null(document.GetValue("DEFAULT", key));
                }
                else
                {
                    var expected = RawAssert.Copy(original.ToRawDictionary());
                    expected[section].Remove(key);
                    RawAssert.Equal(expected, document.ToRawDictionary(), name);
                }
                AssertLayoutKept(bytes, document);
            }
        }

        [Theory]
        [MemberData(nameof(Corpus.Valid), MemberType = typeof(Corpus))]
        public void RemovingASectionRemovesOnlyItsLines(string name)
        {
            byte[] bytes = Corpus.Bytes(name);
            var original = ConfigDocument.FromBytes(bytes);
            var oldLines = TextLines.Split(original.ToText());
            foreach (string section in Spread(original.SectionNames.Where(s => s != "DEFAULT").ToList()))
            {
                var document = ConfigDocument.FromBytes(bytes);
                Assert.True(document.RemoveSection(section));
                Assert.False(document.HasSection(section));

                var diff = TextLines.Diff(oldLines, TextLines.Split(document.ToText()));
                Assert.Empty(diff.Inserted);
                var removed = oldLines.Skip(diff.At).Take(diff.Removed).Select(l => l.Trim()).ToList();
                Assert.Contains(removed, l => l.StartsWith("[" + section + "]", StringComparison.Ordinal));
                foreach (string other in original.SectionNames.Where(s => s != section))
                {
                    Assert.DoesNotContain(removed, l => l.StartsWith("[" + other + "]", StringComparison.Ordinal));
                }

                var expected = RawAssert.Copy(original.ToRawDictionary());
                expected.Remove(section);
                RawAssert.Equal(expected, document.ToRawDictionary(), name);
                AssertLayoutKept(bytes, document);
            }
        }

        /// <summary>Edits every corpus file in several ways at once and asks botocore to read the results.</summary>
        [Fact]
        public void BotocoreReadsEveryEditedFileAsSsoToolsDoes()
        {
            using var temp = new TempFolder();
            var edited = new Dictionary<string, ConfigDocument>();
            foreach (string name in Corpus.ValidNames)
            {
                var document = ConfigDocument.FromBytes(Corpus.Bytes(name));
                var keys = OwnKeys(document).Where(k => k.Section != "DEFAULT").ToList();
                var single = keys.FirstOrDefault(k => !k.Value.Contains('\n'));
                if (single.Section != null) document.SetValue(single.Section, single.Key, Changed);
                var sections = document.SectionNames.Where(s => s != "DEFAULT").ToList();
                if (sections.Count > 0) document.SetValue(sections[sections.Count - 1], "ssotools_added", "added");
                var nested = keys.FirstOrDefault(k => k.Value.StartsWith("\n", StringComparison.Ordinal));
                if (nested.Section != null) document.RemoveValue(nested.Section, nested.Key);
                if (sections.Count > 1) document.RemoveSection(sections[0]);
                document.SetValue("sso-session ssotools", "sso_start_url", "https://example.awsapps.com/start");
                document.SetValue("sso-session ssotools", "sso_region", "us-east-1");
                document.SetValue(ConfigNames.ProfileSection("ssotools"), "sso_session", "ssotools");

                string path = temp.File(name);
                File.WriteAllBytes(path, Corpus.WithoutBom(document.ToBytes()));
                edited[path] = document;
            }

            var verdict = BotocoreOracle.Run(edited.Keys, new string[0]).GetProperty("files");
            foreach (var pair in edited)
            {
                var file = verdict.GetProperty(pair.Key);
                Assert.True(file.GetProperty("ok").GetBoolean(), "botocore cannot read the edited " + pair.Key);
                RawAssert.Equal(file.GetProperty("raw"), pair.Value.ToRawDictionary(), pair.Key);
                Assert.Equal("ssotools", file.GetProperty("profiles").GetProperty("ssotools").GetProperty("sso_session").GetString());
            }
        }

        /// <summary>
        /// At most 150 items spread over the whole list, first and last included: every edit of a
        /// very large file is a whole-file check, so trying each of its thousands of keys proves no more.
        /// </summary>
        static IEnumerable<T> Spread<T>(IReadOnlyList<T> items, int most = 150)
        {
            if (items.Count <= most) return items;
            return Enumerable.Range(0, most).Select(i => items[(int)((long)i * (items.Count - 1) / (most - 1))]);
        }

        /// <summary>Each section's own keys (not those it only inherits from [DEFAULT]) with their values.</summary>
        static List<(string Section, string Key, string Value)> OwnKeys(ConfigDocument document)
        {
            var inherited = document.HasSection("DEFAULT") ? document.GetValues("DEFAULT").Select(p => p.Key).ToHashSet() : new HashSet<string>();
            var keys = new List<(string, string, string)>();
            foreach (string section in document.SectionNames)
            {
                foreach (var pair in document.GetValues(section))
                {
                    if (section == "DEFAULT" || !inherited.Contains(pair.Key)) keys.Add((section, pair.Key, pair.Value));
                }
            }
            return keys;
        }

        /// <summary>A BOM stays; a file whose lines all end in CRLF gets CRLF on its new lines too.</summary>
        static void AssertLayoutKept(byte[] original, ConfigDocument edited)
        {
            byte[] bytes = edited.ToBytes();
            Assert.Equal(Corpus.StartsWithBom(original), Corpus.StartsWithBom(bytes));
            var oldEnds = TextLines.Split(Encoding.UTF8.GetString(Corpus.WithoutBom(original))).Where(l => l.EndsWith("\n") || l.EndsWith("\r")).ToList();
            if (oldEnds.Count > 0 && oldEnds.All(l => l.EndsWith("\r\n")))
            {
                Assert.All(TextLines.Split(edited.ToText()).Where(l => l.EndsWith("\n")), l => Assert.EndsWith("\r\n", l));
            }
        }
    }
}
