using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>
    /// After an edit the document re-parses only from the last header before it. Long random sequences
    /// of edits must behave exactly as if every step started from a freshly parsed copy of the text.
    /// </summary>
    public class ConfigEditSequenceTests
    {
        [Theory]
        [MemberData(nameof(Corpus.Valid), MemberType = typeof(Corpus))]
        public void RandomEditsBehaveAsOnAFreshlyParsedFile(string name)
        {
            var random = new Random(name.Length * 7919 + name[0]);
            var document = ConfigDocument.FromBytes(Corpus.Bytes(name));
            for (int step = 0; step < 60; step++)
            {
                var fresh = ConfigDocument.Parse(document.ToText());
                Action<ConfigDocument> edit = RandomEdit(document, random, step);
                string? incrementalError = Try(() => edit(document));
                string? freshError = Try(() => edit(fresh));
                Assert.Equal(freshError, incrementalError);
                Assert.Equal(fresh.ToText(), document.ToText());
                Assert.Equal(fresh.SectionNames, document.SectionNames);
                RawAssert.Equal(fresh.ToRawDictionary(), document.ToRawDictionary(), name + " step " + step);
                AssertSameAsFullParse(document, name + " step " + step);
            }
        }

        /// <summary>
        /// Marks and restores in a random order between random edits: after every restore the document is
        /// exactly the text it had at that mark, parsed and indexed as a fresh parse of that text, and the
        /// edits after it behave as on that fresh parse.
        /// </summary>
        [Theory]
        [MemberData(nameof(Corpus.Valid), MemberType = typeof(Corpus))]
        public void RandomEditsAndRestoresComeBackToTheExactText(string name)
        {
            var random = new Random(name.Length * 104729 + name[name.Length - 1]);
            var document = ConfigDocument.FromBytes(Corpus.Bytes(name));
            var marks = new List<KeyValuePair<ConfigDocument.Checkpoint, string>>();
            for (int step = 0; step < 80; step++)
            {
                int roll = random.Next(10);
                if (roll < 2)
                {
                    marks.Add(new KeyValuePair<ConfigDocument.Checkpoint, string>(document.Mark(), document.ToText()));
                }
                else if (roll < 4 && marks.Count > 0)
                {
                    int back = random.Next(marks.Count);
                    document.Restore(marks[back].Key);
                    Assert.Equal(marks[back].Value, document.ToText());
                    marks.RemoveRange(back + 1, marks.Count - back - 1); // later checkpoints are gone
                    AssertSameAsFullParse(document, name + " restore at step " + step);
                }
                else
                {
                    var fresh = ConfigDocument.Parse(document.ToText());
                    Action<ConfigDocument> edit = RandomEdit(document, random, step);
                    Assert.Equal(Try(() => edit(fresh)), Try(() => edit(document)));
                    // A document keeps the line ending of the file's first line as read; text that lost that
                    // line reads with another one, and new lines then differ only in their ending.
                    if (fresh.NewLine == document.NewLine) Assert.Equal(fresh.ToText(), document.ToText());
                    RawAssert.Equal(fresh.ToRawDictionary(), document.ToRawDictionary(), name + " step " + step);
                    AssertSameAsFullParse(document, name + " step " + step);
                }
            }
        }

        /// <summary>What the document holds (parse and name index) is what a full parse of its text gives.</summary>
        static void AssertSameAsFullParse(ConfigDocument document, string where)
        {
            var full = ConfigDocument.Parse(document.ToText());
            Assert.Equal(full.SectionNames, document.SectionNames);
            RawAssert.Equal(full.ToRawDictionary(), document.ToRawDictionary(), where);
            foreach (string section in full.SectionNames)
            {
                if (ConfigNames.TryGetProfileName(section, out string profile))
                    Assert.Equal(full.ProfileSectionsOf(profile), document.ProfileSectionsOf(profile));
                if (ConfigNames.TryGetSsoSessionName(section, out string session))
                    Assert.Equal(full.SsoSessionSectionsOf(session), document.SsoSessionSectionsOf(session));
            }
            // The profiles the random edits add: gone from the text means gone from the index too.
            for (int step = 0; step < 80; step++)
            {
                foreach (string profile in new[] { "bulk-" + step, "new-" + step })
                    Assert.Equal(full.ProfileSectionsOf(profile), document.ProfileSectionsOf(profile));
            }
        }

        [Fact]
        public void AddingHundredsOfProfilesStaysFast()
        {
            var document = ConfigDocument.FromBytes(Corpus.Bytes("big.ini"));
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < 500; i++)
            {
                string section = ConfigNames.ProfileSection("bulk-" + i);
                document.SetValue(section, "sso_session", "corp");
                document.SetValue(section, "sso_account_id", "111122223333");
                document.SetValue(section, "sso_role_name", "ReadOnly");
                document.SetValue(section, "region", "us-east-1");
            }
            watch.Stop();
            Assert.Equal(63 + 500, document.ToRawDictionary().Count);
            // Parsing the whole file for each of the 2,000 keys took seconds; from the last header, well under one.
            Assert.True(watch.ElapsedMilliseconds < 5000, "2,000 edits took " + watch.ElapsedMilliseconds + " ms");
        }

        static Action<ConfigDocument> RandomEdit(ConfigDocument document, Random random, int step)
        {
            var sections = document.SectionNames.ToList();
            string AnySection() => sections.Count == 0 ? "profile new-" + step : sections[random.Next(sections.Count)];
            string AnyKey(string section)
            {
                var keys = document.GetValues(section).Select(p => p.Key).ToList();
                return keys.Count == 0 ? "region" : keys[random.Next(keys.Count)];
            }
            switch (random.Next(7))
            {
                case 6:
                {
                    // A whole new section in one edit (the append path), or an existing one key by key.
                    string section = random.Next(2) == 0 ? "profile bulk-" + step : AnySection();
                    var values = new List<KeyValuePair<string, string>>
                    {
                        new KeyValuePair<string, string>("sso_session", "corp"),
                        new KeyValuePair<string, string>("sso_account_id", "11112222" + (1000 + step)),
                        new KeyValuePair<string, string>("region", step % 3 == 0 ? "" : "eu-west-1"),
                    };
                    return d => d.SetValues(section, values);
                }
                case 0:
                {
                    string section = AnySection();
                    string key = AnyKey(section);
                    return d => d.SetValue(section, key, "v" + step);
                }
                case 1:
                {
                    string section = AnySection();
                    return d => d.SetValue(section, "added_" + step, "a" + step);
                }
                case 2:
                    return d => d.SetValue("profile new-" + step, "region", "us-east-" + step);
                case 3:
                {
                    string section = AnySection();
                    string key = AnyKey(section);
                    return d => d.RemoveValue(section, key);
                }
                case 4:
                {
                    string section = AnySection();
                    return d => d.RemoveSection(section);
                }
                default:
                {
                    string section = AnySection();
                    return d => d.SetValue(section, "s3", "");
                }
            }
        }

        static string? Try(Action action)
        {
            try
            {
                action();
                return null;
            }
            catch (SsoException e)
            {
                return e.ErrorId + ": " + e.Message;
            }
        }
    }
}
