using SsoTools.Core.Errors;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>Permission advice in each OS's own words: no chmod for Windows, no icacls elsewhere.</summary>
    public class FileAdviceTests
    {
        [Fact]
        public void WindowsIsToldAboutTheReadOnlyAttributeAndSecurityNotChmod()
        {
            string writable = FileAdvice.MakeWritable(@"C:\Users\me\.aws\config", isWindows: true);
            Assert.Contains("attrib -r \"C:\\Users\\me\\.aws\\config\"", writable);
            Assert.DoesNotContain("chmod", writable);
            string access = FileAdvice.CheckAccess(@"C:\Users\me\.aws\config", isWindows: true);
            Assert.Contains("Properties > Security", access);
            Assert.Contains("icacls \"C:\\Users\\me\\.aws\\config\"", access);
            Assert.DoesNotContain("mode", FileAdvice.CheckAccess(null, isWindows: true));
        }

        [Fact]
        public void PosixIsToldChmodWithThePathQuotedForTheShell()
        {
            Assert.Contains("chmod u+w '/home/o'\\''brien/.aws/config'", FileAdvice.MakeWritable("/home/o'brien/.aws/config", isWindows: false));
            Assert.Contains("ls -l '/x y/config'", FileAdvice.CheckAccess("/x y/config", isWindows: false));
            Assert.DoesNotContain("icacls", FileAdvice.CheckAccess(null, isWindows: false));
        }
    }
}
