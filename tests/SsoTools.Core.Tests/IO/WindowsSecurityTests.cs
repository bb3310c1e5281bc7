using System;
using System.IO;
using SsoTools.Core.IO;
using SsoTools.Core.Tests.Config;
using Xunit;

namespace SsoTools.Core.Tests.IO
{
    /// <summary>The Windows half of "private from creation": the pure parts here; the P/Invoke itself runs only on Windows.</summary>
    public class WindowsSecurityTests
    {
        const string Sid = "S-1-5-21-3623811015-3361044348-30300820-1013";

        [Fact]
        public void APrivateFolderIsProtectedAndGrantsOnlyTheUserSystemAndAdministratorsToWhatIsInside()
        {
            Assert.Equal("D:P(A;OICI;FA;;;" + Sid + ")(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)", WindowsSecurity.PrivateSddl(Sid, folder: true));
        }

        [Fact]
        public void APrivateFileHasTheSameAcesWithoutInheritance()
        {
            Assert.Equal("D:P(A;;FA;;;" + Sid + ")(A;;FA;;;SY)(A;;FA;;;BA)", WindowsSecurity.PrivateSddl(Sid, folder: false));
        }

        [Theory]
        [InlineData("S-1-5-21-1)(A;OICI;FA;;;WD")] // would add Everyone
        [InlineData("WD")]
        [InlineData("S-1-5-")]
        [InlineData("S-1-5--1")]
        [InlineData("S-1-S-1")]
        [InlineData("")]
        public void OnlyANumericSidGoesIntoTheSddl(string sid)
        {
            Assert.False(WindowsSecurity.IsSidString(sid));
            Assert.Throws<ArgumentException>(() => WindowsSecurity.PrivateSddl(sid, folder: true));
        }

        [Fact]
        public void CreateFileGetsTheModeAndAccessDotNetWouldPass()
        {
            Assert.Equal(1u, WindowsSecurity.Disposition(FileMode.CreateNew));
            Assert.Equal(2u, WindowsSecurity.Disposition(FileMode.Create));
            Assert.Equal(3u, WindowsSecurity.Disposition(FileMode.Open));
            Assert.Equal(4u, WindowsSecurity.Disposition(FileMode.OpenOrCreate));
            Assert.Equal(5u, WindowsSecurity.Disposition(FileMode.Truncate));
            Assert.Throws<ArgumentOutOfRangeException>(() => WindowsSecurity.Disposition(FileMode.Append));
            Assert.Equal(0x40000000u, WindowsSecurity.DesiredAccess(FileAccess.Write));
            Assert.Equal(0x80000000u, WindowsSecurity.DesiredAccess(FileAccess.Read));
            Assert.Equal(0xC0000000u, WindowsSecurity.DesiredAccess(FileAccess.ReadWrite));
        }

        [Fact]
        public void LongPathsGetTheExtendedPrefix()
        {
            Assert.Equal(@"C:\Users\a\.aws", WindowsSecurity.Extended(@"C:\Users\a\.aws"));
            string longLocal = @"C:\" + new string('d', 260);
            Assert.Equal(@"\\?\" + longLocal, WindowsSecurity.Extended(longLocal));
            string longUnc = @"\\server\share\" + new string('d', 260);
            Assert.Equal(@"\\?\UNC\server\share\" + new string('d', 260), WindowsSecurity.Extended(longUnc));
            Assert.Equal(@"\\?\" + longLocal, WindowsSecurity.Extended(@"\\?\" + longLocal));
        }

        [Fact]
        public void Win32ErrorsBecomeTheExceptionsTheRetryKnows()
        {
            var sharing = WindowsSecurity.Failure(32, "f");
            Assert.IsType<IOException>(sharing);
            Assert.Equal(unchecked((int)0x80070020), sharing.HResult);
            Assert.True(AtomicFile.IsTransient(sharing, windows: true));
            Assert.IsType<UnauthorizedAccessException>(WindowsSecurity.Failure(5, "f"));
            Assert.IsType<FileNotFoundException>(WindowsSecurity.Failure(2, "f"));
            Assert.IsType<DirectoryNotFoundException>(WindowsSecurity.Failure(3, "f"));
            Assert.Equal(unchecked((int)0x80070050), WindowsSecurity.Failure(80, "f").HResult); // ERROR_FILE_EXISTS: CreateNew lost a race
        }

        [Fact]
        public void OffWindowsNoWindowsApiIsCalled()
        {
            if (OperatingSystem.IsWindows()) return;
            // The P/Invoke path would throw DllNotFoundException (kernel32) here if FileModes did not guard it.
            Assert.Throws<DllNotFoundException>(() => WindowsSecurity.CreatePrivateDirectory(Path.Combine(Path.GetTempPath(), "never")));
            using var temp = new TempFolder();
            string dir = Path.Combine(temp.Path, "a", "b");
            AtomicFile.EnsureDirectory(dir);
            using (FileModes.OpenPrivate(Path.Combine(dir, "x.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)) { }
            using (FileModes.CreatePrivate(Path.Combine(dir, ".x.1.a.tmp"))) { }
            Assert.True(File.Exists(Path.Combine(dir, "x.lock")));
        }
    }
}
