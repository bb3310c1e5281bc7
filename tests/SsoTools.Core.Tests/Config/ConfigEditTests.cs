using System;
using System.IO;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>Exactly where and how each edit writes, on small hand-made files.</summary>
    public class ConfigEditTests
    {
        static ConfigDocument Edit(string text, Action<ConfigDocument> edit)
        {
            var document = ConfigDocument.Parse(text);
            edit(document);
            return document;
        }

        [Fact]
        public void AnExistingKeyKeepsItsIndentationAndSpelling()
        {
            var document = Edit("[default]\n  Region=us-east-1\n  output = json\n", d => d.SetValue("default", "region", "eu-west-1"));
            Assert.Equal("[default]\n  Region = eu-west-1\n  output = json\n", document.ToText());
            Assert.True(document.IsModified);
        }

        [Fact]
        public void SettingTheSameValueChangesNothing()
        {
            var document = Edit("[default]\nregion=us-east-1\n", d => d.SetValue("default", "REGION", "us-east-1"));
            Assert.False(document.IsModified);
            Assert.Equal("[default]\nregion=us-east-1\n", document.ToText());
        }

        [Fact]
        public void SettingANestedKeyReplacesTheWholeBlock()
        {
            var document = Edit("[default]\ns3 =\n  max_concurrent_requests = 10\n\n  # note\n  addressing_style = path\n# after\noutput = json\n",
                d => d.SetValue("default", "s3", "none"));
            Assert.Equal("[default]\ns3 = none\n# after\noutput = json\n", document.ToText());
        }

        [Fact]
        public void ANewKeyGoesAfterTheLastKeyNotAfterTrailingCommentsAndBlankLines()
        {
            var document = Edit("[default]\nregion = us-east-1\n# output = text\n\n# Production\n[profile prod]\nregion = eu-west-1\n",
                d => d.SetValue("default", "output", "json"));
            Assert.Equal("[default]\nregion = us-east-1\noutput = json\n# output = text\n\n# Production\n[profile prod]\nregion = eu-west-1\n", document.ToText());
        }

        [Fact]
        public void ANewKeyGoesAfterTheContinuationLinesOfTheLastKey()
        {
            var document = Edit("[default]\ns3 =\n    addressing_style = path\n\n[profile b]\n", d => d.SetValue("default", "region", "us-east-1"));
            Assert.Equal("[default]\ns3 =\n    addressing_style = path\nregion = us-east-1\n\n[profile b]\n", document.ToText());
            Assert.Equal("path", ((System.Collections.Generic.IDictionary<string, string>)document.ToRawDictionary()["default"]["s3"])["addressing_style"]);
        }

        [Fact]
        public void ANewKeyInAnEmptySectionGoesRightAfterTheHeader()
        {
            var document = Edit("[profile a]\n\n# about b\n[profile b]\nregion = x\n", d => d.SetValue("profile a", "region", "y"));
            Assert.Equal("[profile a]\nregion = y\n\n# about b\n[profile b]\nregion = x\n", document.ToText());
        }

        [Fact]
        public void ANewKeyTakesTheIndentationOfTheKeyBeforeIt()
        {
            var document = Edit("[default]\n    region = us-east-1\n  [profile b]\n", d => d.SetValue("default", "output", "json"));
            Assert.Equal("[default]\n    region = us-east-1\n    output = json\n  [profile b]\n", document.ToText());
            Assert.Equal(new[] { "default", "profile b" }, document.SectionNames);
        }

        [Fact]
        public void ANewKeyAtTheEndOfAFileWithoutFinalNewlineGetsOne()
        {
            var document = Edit("[default]\nregion = us-east-1", d => d.SetValue("default", "output", "json"));
            Assert.Equal("[default]\nregion = us-east-1\noutput = json\n", document.ToText());
        }

        [Fact]
        public void AnInPlaceChangeOnTheLastLineKeepsTheMissingFinalNewline()
        {
            var document = Edit("[default]\nregion = us-east-1", d => d.SetValue("default", "region", "eu-west-1"));
            Assert.Equal("[default]\nregion = eu-west-1", document.ToText());
        }

        [Fact]
        public void ANewSectionIsAppendedAfterALineBreak()
        {
            var document = Edit("[default]\nregion = us-east-1", d => d.SetValue("sso-session corp", "sso_region", "us-east-1"));
            Assert.Equal("[default]\nregion = us-east-1\n[sso-session corp]\nsso_region = us-east-1\n", document.ToText());
        }

        [Fact]
        public void AnEmptyDocumentGetsItsFirstSection()
        {
            var document = Edit("", d => d.SetValue("default", "region", "us-east-1"));
            Assert.Equal("[default]\nregion = us-east-1\n", document.ToText());
        }

        [Fact]
        public void AnEmptyValueIsWrittenWithoutTrailingSpace()
        {
            var document = Edit("[default]\n", d => d.SetValue("default", "cli_pager", ""));
            Assert.Equal("[default]\ncli_pager =\n", document.ToText());
            Assert.Equal("", document.GetValue("default", "cli_pager"));
        }

        [Fact]
        public void NewLinesFollowACrlfFileAndTheBomStays()
        {
            byte[] bytes = { 0xEF, 0xBB, 0xBF, (byte)'[', (byte)'a', (byte)']', (byte)'\r', (byte)'\n', (byte)'k', (byte)'=', (byte)'v', (byte)'\r', (byte)'\n' };
            var document = ConfigDocument.FromBytes(bytes);
            Assert.True(document.HasBom);
            Assert.Equal("\r\n", document.NewLine);
            document.SetValue("a", "x", "1");
            document.SetValue("b", "y", "2");
            Assert.Equal("[a]\r\nk=v\r\nx = 1\r\n[b]\r\ny = 2\r\n", document.ToText());
            byte[] saved = document.ToBytes();
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, new[] { saved[0], saved[1], saved[2] });
        }

        [Fact]
        public void RemovingAKeyTakesItsContinuationLines()
        {
            var document = Edit("[default]\nregion = us-east-1\ns3 =\n  a = 1\n\n  b = 2\noutput = json\n", d => Assert.True(d.RemoveValue("default", "S3")));
            Assert.Equal("[default]\nregion = us-east-1\noutput = json\n", document.ToText());
        }

        [Fact]
        public void RemovingAMissingKeyOrSectionReturnsFalse()
        {
            var document = Edit("[DEFAULT]\nregion = us-east-1\n[default]\n", d =>
            {
                Assert.False(d.RemoveValue("default", "region")); // inherited from [DEFAULT], not its own
                Assert.False(d.RemoveValue("nope", "region"));
                Assert.False(d.RemoveSection("nope"));
            });
            Assert.False(document.IsModified);
        }

        [Fact]
        public void RemovingASectionKeepsTheCommentsThatIntroduceTheNextOne()
        {
            var document = Edit("[profile a]\nregion = x\n# old: output = text\n\n# Production\n[profile b]\nregion = y\n", d => Assert.True(d.RemoveSection("profile a")));
            Assert.Equal("# old: output = text\n\n# Production\n[profile b]\nregion = y\n", document.ToText());
        }

        [Fact]
        public void RemovingASectionTakesTheBlankLinesAfterIt()
        {
            var document = Edit("[profile z]\nregion = z\n\n[profile a]\n# inside\nregion = x\n\n\n[profile b]\nregion = y\n", d => d.RemoveSection("profile a"));
            Assert.Equal("[profile z]\nregion = z\n\n[profile b]\nregion = y\n", document.ToText());
        }

        [Fact]
        public void RemovingTheLastSectionTakesTheBlankLinesBeforeIt()
        {
            var document = Edit("[profile z]\nregion = z\n\n\n[profile a]\nregion = x\n", d => d.RemoveSection("profile a"));
            Assert.Equal("[profile z]\nregion = z\n", document.ToText());
        }

        [Fact]
        public void RemovingARepeatedDefaultSectionRemovesEveryBlock()
        {
            var document = Edit("[DEFAULT]\nregion = a\n[x]\nk = v\n[DEFAULT]\noutput = json\n", d => d.RemoveSection("DEFAULT"));
            Assert.Equal("[x]\nk = v\n", document.ToText());
        }

        [Theory]
        [InlineData("default", "region", "us-east-1\nsso_region = x", "value")]
        [InlineData("default", "region", "a\rb", "value")]
        [InlineData("default\n[evil]", "region", "x", "section")]
        [InlineData("", "region", "x", "section")]
        [InlineData("default", "re\ngion", "x", "key")]
        [InlineData("default", "", "x", "key")]
        [InlineData("default", "a=b", "x", "key")]
        [InlineData("default", "a:b", "x", "key")]
        [InlineData("default", "#region", "x", "key")]
        [InlineData("default", "[region]", "x", "key")]
        [InlineData("default", " region", "x", "key")]
        public void LineBreaksAndUnreadableKeysAreRejected(string section, string key, string value, string parameter)
        {
            var document = ConfigDocument.Parse("[default]\nregion = us-east-1\n");
            var e = Assert.Throws<ArgumentException>(() => document.SetValue(section, key, value));
            Assert.Equal(parameter, e.ParamName);
            Assert.Contains("AWS config file", e.Message);
            Assert.False(document.IsModified);
        }

        [Fact]
        public void AnEditThatWouldChangeAnotherSettingIsRefusedAndChangesNothing()
        {
            // [profile b] is indented deeper than [a]'s key: with [a] gone it would join [z]'s "k" value.
            string text = "[z]\nk = v\n[a]\n    x = 1\n  [profile b]\nregion = y\n";
            var document = ConfigDocument.Parse(text);
            var e = Assert.Throws<SsoTools.Core.Errors.SsoException>(() => document.RemoveSection("a"));
            Assert.Equal(ErrorIds.ConfigEditRefused, e.ErrorId);
            Assert.Contains("section [profile b] would disappear", e.Message);
            Assert.Equal(text, document.ToText());
            Assert.False(document.IsModified);
        }

        [Fact]
        public void ManyChangesAreOneWrite()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllText(path, "[default]\nregion = us-east-1\n");
            var document = ConfigDocument.Load(path);
            for (int i = 0; i < 50; i++) document.SetValue("profile p" + i, "region", "us-east-1");
            Assert.Equal("[default]\nregion = us-east-1\n", File.ReadAllText(path));
            document.Save();
            Assert.False(document.IsModified);
            var reread = ConfigDocument.Load(path);
            Assert.Equal(51, reread.SectionNames.Count);
            Assert.Equal(document.ToText(), reread.ToText());
        }

        [Fact]
        public void AMissingFileIsAnEmptyDocumentThatSaveCreatesOnlyWhenChanged()
        {
            using var temp = new TempFolder();
            string path = Path.Combine(temp.Path, ".aws", "config");
            var document = ConfigDocument.Load(path);
            Assert.False(document.Exists);
            Assert.Equal(path, document.Path);
            Assert.Empty(document.SectionNames);
            document.Save();
            Assert.False(File.Exists(path));

            document.SetValue("default", "region", "us-east-1");
            document.Save();
            Assert.True(document.Exists);
            Assert.Equal("[default]\nregion = us-east-1\n", File.ReadAllText(path));
        }

        [Fact]
        public void SaveWithoutAPathNeedsOne()
        {
            var document = ConfigDocument.Parse("[default]\n");
            document.SetValue("default", "region", "x");
            Assert.Throws<InvalidOperationException>(() => document.Save());
        }
    }
}
