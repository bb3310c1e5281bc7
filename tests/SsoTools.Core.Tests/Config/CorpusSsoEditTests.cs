using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>
    /// The edits the cmdlets make (SsoConfigEditor: New-SsoSession -Force, Set-SsoProfile -Force over
    /// any kind of profile and every spelling, Remove-SsoProfile -Force) on every corpus file: each
    /// changes only the sections it names, or refuses with an ErrorId and changes nothing, and botocore
    /// reads every result as SsoTools does.
    /// </summary>
    public class CorpusSsoEditTests
    {
        const string Session = "ssotools-s";

        [Fact]
        public void EveryEditOfTheEditorChangesOnlyItsSectionsOnEveryCorpusFile()
        {
            using var temp = new TempFolder();
            var written = new Dictionary<string, ConfigDocument>();
            int edits = 0, refused = 0;
            foreach (string name in Corpus.ValidNames)
            {
                byte[] bytes = Corpus.Bytes(name);
                var start = ConfigDocument.FromBytes(bytes);
                var startEditor = new SsoConfigEditor(start);
                startEditor.SetSession(Session, "https://example.awsapps.com/start", "us-east-1", null, force: true);
                var profiles = startEditor.ProfileNames();
                foreach (string profile in profiles.Take(6).Concat(profiles.Skip(Math.Max(6, profiles.Count - 2))))
                {
                    foreach (bool remove in new[] { false, true })
                    {
                        var doc = ConfigDocument.FromBytes(start.ToBytes());
                        var before = doc.ToRawDictionary();
                        var sections = ConfigNames.FindProfileSections(doc, profile);
                        byte[] was = doc.ToBytes();
                        try
                        {
                            var editor = new SsoConfigEditor(doc);
                            if (remove) editor.RemoveProfile(profile, force: true);
                            else editor.SetProfile(profile, Session, "111111111111", "Role", null, null, null, force: true);
                        }
                        catch (SsoException ex)
                        {
                            // A refusal names itself and leaves the document as it was.
                            Assert.False(string.IsNullOrEmpty(ex.ErrorId));
                            Assert.Equal(was, doc.ToBytes());
                            refused++;
                            continue;
                        }
                        edits++;
                        var after = doc.ToRawDictionary();
                        // Every other section is exactly as it was.
                        foreach (var pair in before)
                        {
                            if (sections.Contains(pair.Key)) continue;
                            Assert.True(after.ContainsKey(pair.Key), $"{name}: editing '{profile}' lost [{pair.Key}]");
                            RawAssert.Equal(pair.Value, after[pair.Key], name + " [" + pair.Key + "]");
                        }
                        var now = ConfigNames.FindProfileSections(doc, profile);
                        if (remove)
                        {
                            Assert.Empty(now);
                        }
                        else
                        {
                            Assert.Single(now);
                            Assert.Equal(Session, doc.GetValue(now[0], "sso_session"));
                            Assert.Empty(new SsoConfigEditor(doc).OtherCredentialKeysOf(profile));
                        }
                        string path = temp.File(name + "." + edits);
                        File.WriteAllBytes(path, Corpus.WithoutBom(doc.ToBytes()));
                        written[path] = doc;
                    }
                }
            }
            Assert.True(edits > 100, $"only {edits} edits were tried");

            var verdict = BotocoreOracle.Run(written.Keys, new string[0]).GetProperty("files");
            foreach (var pair in written)
            {
                var file = verdict.GetProperty(pair.Key);
                Assert.True(file.GetProperty("ok").GetBoolean(), "botocore cannot read " + pair.Key);
                RawAssert.Equal(file.GetProperty("raw"), pair.Value.ToRawDictionary(), pair.Key);
            }
        }
    }
}
