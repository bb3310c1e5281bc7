using System.Linq;
using System.Text;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>
    /// The corpus files hold exactly the bytes they were made with (.gitattributes marks them -text):
    /// if git ever converted line ends or dropped a BOM, the tests that rely on them would prove nothing.
    /// </summary>
    public class CorpusIntegrityTests
    {
        [Fact]
        public void TheCorpusIsLargeEnough()
        {
            Assert.True(Corpus.ValidNames.Count >= 16, "at least 16 valid corpus files");
            Assert.NotEmpty(Corpus.InvalidNames);
        }

        [Theory]
        [InlineData("crlf.ini", false, true)]
        [InlineData("bom.ini", true, false)]
        [InlineData("bom-crlf.ini", true, true)]
        public void LineEndsAndBomAreAsMade(string name, bool bom, bool crlf)
        {
            byte[] bytes = Corpus.Bytes(name);
            Assert.Equal(bom, Corpus.StartsWithBom(bytes));
            string text = Encoding.UTF8.GetString(Corpus.WithoutBom(bytes));
            int lf = text.Count(c => c == '\n');
            int crlfCount = (text.Length - text.Replace("\r\n", "").Length) / 2;
            Assert.True(lf > 0);
            Assert.Equal(crlf ? lf : 0, crlfCount);
        }

        [Fact]
        public void SpecialFilesAreAsMade()
        {
            Assert.False(Corpus.Bytes("no-final-newline.ini").Last() == (byte)'\n');
            Assert.Empty(Corpus.Bytes("empty.ini"));
            Assert.Contains((byte)'\t', Corpus.Bytes("tabs.ini"));
            Assert.DoesNotContain((byte)'\n', Corpus.Bytes("lone-cr.ini"));
            string mixed = Encoding.UTF8.GetString(Corpus.Bytes("mixed-endings.ini"));
            Assert.Contains("\r\n", mixed);
            Assert.Contains("[default]\n", mixed);
        }
    }
}
