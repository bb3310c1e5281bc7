using System.IO;
using System.Runtime.InteropServices;
using SsoTools.Core.Config;
using SsoTools.Core.IO;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>Saving the config goes through AtomicFile: private modes for what it creates, the old mode for what exists.</summary>
    public class AtomicFileTests
    {
        static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        [Fact]
        public void ANewFileIs0600AndNewFoldersAre0700()
        {
            if (!IsUnix) return;
            using var temp = new TempFolder();
            string folder = Path.Combine(temp.Path, "home", ".aws");
            string path = Path.Combine(folder, "config");
            var document = ConfigDocument.Load(path);
            document.SetValue("default", "region", "us-east-1");
            document.Save();

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            Assert.Equal(owner, File.GetUnixFileMode(folder));
            Assert.Equal(owner, File.GetUnixFileMode(Path.Combine(temp.Path, "home")));
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        }

        [Fact]
        public void AnExistingFileKeepsItsMode()
        {
            if (!IsUnix) return;
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllText(path, "[default]\nregion = us-east-1\n");
            var shared = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            File.SetUnixFileMode(path, shared);

            var document = ConfigDocument.Load(path);
            document.SetValue("default", "output", "json");
            document.Save();

            Assert.Equal(shared, File.GetUnixFileMode(path));
            Assert.Equal("[default]\nregion = us-east-1\noutput = json\n", File.ReadAllText(path));
        }

        [Fact]
        public void WriteAllBytesReplacesTheWholeFile()
        {
            using var temp = new TempFolder();
            string path = temp.File("f");
            AtomicFile.WriteAllBytes(path, new byte[] { 1, 2, 3, 4 });
            AtomicFile.WriteAllBytes(path, new byte[] { 9 });
            Assert.Equal(new byte[] { 9 }, File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(temp.Path));
        }
    }
}
