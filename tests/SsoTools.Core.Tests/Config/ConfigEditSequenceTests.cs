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
            switch (random.Next(6))
            {
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
