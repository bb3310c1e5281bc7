using System.Collections.Generic;
using System.Linq;
using System.Text;
using SsoTools.Core.Config;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>The configparser rules that decide what a value is, spelled out one at a time.</summary>
    public class ConfigReadTests
    {
        [Fact]
        public void InlineCommentsArePartOfTheValue()
        {
            var document = ConfigDocument.Parse("[default]\noutput = json # not a comment\nregion = x ; nor this\n");
            Assert.Equal("json # not a comment", document.GetValue("default", "output"));
            Assert.Equal("x ; nor this", document.GetValue("default", "region"));
        }

        [Fact]
        public void KeysAreLowerCasedAndCompareSo()
        {
            var document = ConfigDocument.Parse("[default]\nSSO_Session = corp\n");
            Assert.Equal("corp", document.GetValue("default", "sso_session"));
            Assert.Equal("corp", document.GetValue("default", "SSO_SESSION"));
            Assert.Equal("sso_session", document.GetValues("default").Single().Key);
            Assert.Null(document.GetValue("Default", "sso_session"));
        }

        [Fact]
        public void TheFirstEqualsOrColonSeparatesKeyAndValue()
        {
            var document = ConfigDocument.Parse("[default]\nendpoint_url = https://x:443\nhttps://y = z\nk:v=w\n");
            Assert.Equal("https://x:443", document.GetValue("default", "endpoint_url"));
            Assert.Equal("//y = z", document.GetValue("default", "https"));
            Assert.Equal("v=w", document.GetValue("default", "k"));
        }

        [Fact]
        public void AHeaderRunsToTheLastClosingBracket()
        {
            var document = ConfigDocument.Parse("[default] ; note\n[profile a]b] trailing\n  [ spaced ]  \n");
            Assert.Equal(new[] { "default", "profile a]b", " spaced " }, document.SectionNames);
        }

        [Fact]
        public void MoreIndentedLinesContinueTheValueAndCommentsInsideAreSkipped()
        {
            var document = ConfigDocument.Parse("[default]\nca_bundle = a\n  b\n\n  # skipped\n  c\n\n\nregion = x\n");
            Assert.Equal("a\nb\n\nc", document.GetValue("default", "ca_bundle"));
            Assert.Equal("x", document.GetValue("default", "region"));
        }

        [Fact]
        public void AnEmptyValueWithIndentedLinesIsANestedBlock()
        {
            var document = ConfigDocument.Parse("[default]\ns3 =\n  Max_Concurrent_Requests = 10\n  a = 1\n  a = 2\n  k = x = y\n");
            Assert.Equal("\nMax_Concurrent_Requests = 10\na = 1\na = 2\nk = x = y", document.GetValue("default", "s3"));
            var nested = (IDictionary<string, string>)document.ToRawDictionary()["default"]["s3"];
            Assert.Equal(new[] { "Max_Concurrent_Requests", "a", "k" }, nested.Keys);
            Assert.Equal("2", nested["a"]);
            Assert.Equal("x = y", nested["k"]);
        }

        [Fact]
        public void DefaultSectionValuesAreInheritedByEverySection()
        {
            var document = ConfigDocument.Parse("[DEFAULT]\nregion = us-east-1\noutput = json\n[profile a]\nregion = eu-west-1\n");
            Assert.Equal(new[] { "DEFAULT", "profile a" }, document.SectionNames);
            Assert.Equal("us-east-1", document.GetValue("DEFAULT", "region"));
            Assert.Equal("eu-west-1", document.GetValue("profile a", "region"));
            Assert.Equal("json", document.GetValue("profile a", "output"));
            Assert.Equal(new[] { "region", "output" }, document.GetValues("profile a").Select(p => p.Key));
            var raw = document.ToRawDictionary();
            Assert.Equal(new[] { "profile a" }, raw.Keys);
        }

        [Fact]
        public void PythonWhitespaceIsStripped()
        {
            var document = ConfigDocument.Parse("[default]\nregion =\u00a0us-east-1\u3000\noutput = json\u001f\n");
            Assert.Equal("us-east-1", document.GetValue("default", "region"));
            Assert.Equal("json", document.GetValue("default", "output"));
        }

        [Fact]
        public void LoneCarriageReturnsEndLinesAsInPython()
        {
            var document = ConfigDocument.Parse("[default]\rregion = x\r[profile b]\rregion = y");
            Assert.Equal(new[] { "default", "profile b" }, document.SectionNames);
            Assert.Equal("\n", document.NewLine);
        }

        [Fact]
        public void CrlfIsDetectedFromTheFirstLine()
        {
            Assert.Equal("\r\n", ConfigDocument.Parse("[default]\r\nregion = x\n").NewLine);
            Assert.Equal("\n", ConfigDocument.Parse("[default]\nregion = x\r\n").NewLine);
            Assert.Equal("\n", ConfigDocument.Parse("").NewLine);
        }

        [Fact]
        public void ABomIsReadPastAndKept()
        {
            byte[] bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("[default]\nregion = x\n")).ToArray();
            var document = ConfigDocument.FromBytes(bytes);
            Assert.True(document.HasBom);
            Assert.Equal("x", document.GetValue("default", "region"));
            Assert.Equal("[default]\nregion = x\n", document.ToText());
            Assert.Equal(bytes, document.ToBytes());

            var parsed = ConfigDocument.Parse("\uFEFF[default]\n");
            Assert.True(parsed.HasBom);
            Assert.Equal("[default]\n", parsed.ToText());
        }

        [Theory]
        [InlineData("region = x\n[default]\n", 1, "before the first [section] header")]
        [InlineData("[default]\nregion = x\nregion = y\n", 3, "appears a second time in section [default] (first at line 2)")]
        [InlineData("[a]\n[b]\n[a]\n", 3, "the section [a] appears a second time (first at line 1)")]
        [InlineData("[default]\nnot a setting\n", 2, "\"not a setting\" is not a [section] header, a key = value line or a comment")]
        [InlineData("[default]\nbad one\nbad two\nbad three\n", 2, "(and 2 more lines like it)")]
        [InlineData("[default]\n= x\n", 2, "is not a [section] header")]
        [InlineData("[default]\ns3 =\n  a = 1\n  oops\n", 4, "\"oops\" inside the nested block of \"s3\" has no '='")]
        public void ErrorsNameTheFileTheLineAndWhatToDo(string text, int line, string problem)
        {
            var e = Assert.Throws<ConfigParseException>(() => ConfigDocument.Parse(text, "/home/me/.aws/config"));
            Assert.Equal(line, e.LineNumber);
            Assert.Equal("/home/me/.aws/config", e.Path);
            Assert.Contains("\"/home/me/.aws/config\", line " + line + ": ", e.Message);
            Assert.Contains(problem, e.Message);
            Assert.Contains("the AWS CLI cannot read this file either", e.Message);
        }

        [Fact]
        public void TheDefaultSectionMayRepeatButNotItsKeys()
        {
            var document = ConfigDocument.Parse("[DEFAULT]\na = 1\n[x]\n[DEFAULT]\nb = 2\n");
            Assert.Equal("2", document.GetValue("x", "b"));
            Assert.Throws<ConfigParseException>(() => ConfigDocument.Parse("[DEFAULT]\na = 1\n[DEFAULT]\na = 2\n"));
        }

        [Fact]
        public void InvalidUtf8IsAParseErrorOnItsLine()
        {
            byte[] bytes = Encoding.ASCII.GetBytes("[default]\nregion = x\noutput = ").Concat(new byte[] { 0xFF, (byte)'\n' }).ToArray();
            var e = Assert.Throws<ConfigParseException>(() => ConfigDocument.FromBytes(bytes, "cfg"));
            Assert.Equal(3, e.LineNumber);
            Assert.Contains("UTF-8", e.Message);
        }

        [Fact]
        public void MissingSectionsAndKeysReadAsNothing()
        {
            var document = ConfigDocument.Parse("[default]\nregion = x\n");
            Assert.Null(document.GetValue("nope", "region"));
            Assert.Null(document.GetValue("default", "nope"));
            Assert.Empty(document.GetValues("nope"));
            Assert.False(document.HasSection("nope"));
            Assert.True(document.HasSection("default"));
        }
    }
}
