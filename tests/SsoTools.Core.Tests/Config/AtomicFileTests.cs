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

        [DllImport("libc", EntryPoint = "umask")]
        static extern uint SetUmask(uint mask);

        [Fact]
        public void FilesAndFoldersArePrivateFromTheirCreationWhateverTheUmask()
        {
            if (!IsUnix) return;
            using var temp = new TempFolder();
            uint old = SetUmask(0); // a creation mode left to the umask would show 0666 / 0777 here
            try
            {
                string file = Path.Combine(temp.Path, ".token.json.1.abc.tmp");
                using (FileModes.CreatePrivate(file))
                    // Still open, nothing written, no chmod yet: the mode open(2) was given.
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                string dir = Path.Combine(temp.Path, "cache");
                FileModes.CreatePrivateDirectory(dir);
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
                string lockFile = Path.Combine(temp.Path, "x.lock");
                using (FileModes.OpenPrivate(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(lockFile));
            }
            finally { SetUmask(old); }
        }

        [Fact]
        public void FileKindsTellsDevicesFifosAndFoldersFromFiles()
        {
            if (!IsUnix) return;
            using var temp = new TempFolder();
            string fifo = Path.Combine(temp.Path, "fifo");
            System.Diagnostics.Process.Start("mkfifo", fifo)!.WaitForExit();
            Assert.Equal(FileKind.Special, FileKinds.Of("/dev/null"));
            Assert.Equal(FileKind.Special, FileKinds.Of(fifo));
            Assert.Equal(FileKind.Directory, FileKinds.Of(temp.Path));
            Assert.Equal(FileKind.Missing, FileKinds.Of(Path.Combine(temp.Path, "none")));
            string file = temp.File("regular");
            File.WriteAllText(file, "x");
            Assert.Equal(FileKind.Regular, FileKinds.Of(file));
            var ex = Assert.Throws<SsoTools.Core.Errors.SsoException>(() => ConfigDocument.Load(fifo));
            Assert.Equal("FileNotRegular", ex.ErrorId);
        }

        [Fact]
        public void AStaleTemporaryFileOfADeadWriterGoesWithTheNextWrite()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            var dead = System.Diagnostics.Process.Start("true")!;
            dead.WaitForExit();
            string stale = Path.Combine(temp.Path, ".config." + dead.Id + ".00000000.tmp");
            string mine = Path.Combine(temp.Path, ".config." + System.Environment.ProcessId + ".11111111.tmp");
            File.WriteAllText(stale, "half");
            File.WriteAllText(mine, "in progress");
            AtomicFile.WriteAllText(path, "[default]\n");
            Assert.False(File.Exists(stale));
            Assert.True(File.Exists(mine)); // this process may be writing it on another thread
            Assert.Equal("[default]\n", File.ReadAllText(path));
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
