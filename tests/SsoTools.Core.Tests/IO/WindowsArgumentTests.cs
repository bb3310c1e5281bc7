using SsoTools.Core.IO;
using SsoTools.Core.Tests.Config;
using Xunit;

namespace SsoTools.Core.Tests.IO
{
    public class WindowsArgumentTests
    {
        [Theory]
        [InlineData("")]
        [InlineData("plain")]
        [InlineData("a b")]
        [InlineData("C:\\Program Files\\")]
        [InlineData("say \"hi\"")]
        [InlineData("\\\\server\\share\\\"q\\\\\"")]
        [InlineData("tab\there")]
        [InlineData("https://example.com/?a=1&b=\"2\"")]
        public void The_C_runtime_gives_each_argument_back(string s)
        {
            Assert.Equal(new[] { "prog", s, "next" }, Msvcrt.Split("prog " + WindowsArgument.Quote(s) + " next"));
            Assert.Equal(new[] { "prog", s, "next" }, Msvcrt.Split("prog " + WindowsArgument.Quoted(s) + " next"));
            // botocore's splitter, an independent reading of the same rules, agrees.
            string words = PythonOracle.Run("import json, sys\nfrom botocore.compat import _windows_shell_split\nprint(json.dumps(_windows_shell_split(sys.argv[1])))", "prog " + WindowsArgument.Quoted(s) + " next");
            Assert.Equal(new[] { "prog", s, "next" }, System.Text.Json.JsonSerializer.Deserialize<string[]>(words));
        }

        [Fact]
        public void Quote_leaves_a_plain_word_alone()
        {
            Assert.Equal("-NoProfile", WindowsArgument.Quote("-NoProfile"));
            Assert.Equal("C:\\a\\b.exe", WindowsArgument.Quote("C:\\a\\b.exe"));
            Assert.Equal("\"\"", WindowsArgument.Quote(""));
        }
    }
}
