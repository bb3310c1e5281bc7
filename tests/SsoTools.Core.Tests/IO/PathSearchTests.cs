using System;
using System.Collections.Generic;
using SsoTools.Core.IO;
using Xunit;

namespace SsoTools.Core.Tests.IO
{
    public class PathSearchTests
    {
        static Func<string, bool> Files(params string[] paths) => new HashSet<string>(paths, StringComparer.Ordinal).Contains;

        [Fact]
        public void A_quoted_Windows_entry_is_searched_without_its_quotes()
        {
            string? found = PathSearch.Find("pwsh", @"C:\Windows;""C:\Program Files\PowerShell\7"";C:\Tools", true, ".exe", Files(@"C:\Program Files\PowerShell\7\pwsh.exe"));
            Assert.Equal(@"C:\Program Files\PowerShell\7\pwsh.exe", found);
        }

        [Fact]
        public void A_name_without_extension_takes_PATHEXT_and_Windows_default_when_PATHEXT_is_unset()
        {
            var files = Files(@"C:\bin\tool.CMD", @"C:\other\pwsh.EXE");
            Assert.Equal(@"C:\bin\tool.CMD", PathSearch.Find("tool", @"C:\bin", true, null, files));
            Assert.Null(PathSearch.Find("tool", @"C:\bin", true, ".EXE", files));
            Assert.Equal(@"C:\other\pwsh.EXE", PathSearch.Find("pwsh", @"C:\bin;C:\other\", true, ".COM;.EXE", files));
            // A name with its extension is looked for as it is.
            Assert.Null(PathSearch.Find("pwsh.exe", @"C:\other", true, ".EXE", files));
        }

        [Fact]
        public void Relative_and_empty_entries_are_skipped()
        {
            var files = Files(@"bin\pwsh.exe", "bin/pwsh", "/usr/bin/pwsh");
            Assert.Null(PathSearch.Find("pwsh", @";bin;.", true, ".EXE", files));
            Assert.Equal("/usr/bin/pwsh", PathSearch.Find("pwsh", "::bin:/usr/bin", false, null, files));
        }

        [Theory]
        [InlineData("\"C:\\Program Files\\PowerShell\\7")]
        [InlineData("C:\\a<b>|c*?;\0;\"\"")]
        [InlineData("/tmp/\0bad:/x\"y")]
        public void Odd_entries_never_throw_with_the_real_file_system(string path)
        {
            Assert.Null(PathSearch.Find("no-such-program-ssotools", path, true, null));
            Assert.Null(PathSearch.Find("no-such-program-ssotools", path, false, null));
        }

        [Fact]
        public void POSIX_PATH_finds_the_program_by_its_exact_name()
        {
            Assert.Equal("/opt/pwsh/pwsh", PathSearch.Find("pwsh", "/usr/local/bin:/opt/pwsh/", false, null, Files("/opt/pwsh/pwsh", "/usr/local/bin/pwsh.exe")));
        }
    }
}
