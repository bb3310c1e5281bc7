using System;
using System.Diagnostics;
using System.IO;
using SsoTools.Core.Cache;
using SsoTools.Core.Errors;
using SsoTools.Core.IO;
using SsoTools.Core.Tests.Config;
using Xunit;

namespace SsoTools.Core.Tests.Cache
{
    /// <summary>
    /// Cached role credentials are believed only from a file this user owns, that no one else may
    /// write, in a folder every user may not write (issue 22: a file planted by another user was
    /// handed out as the profile's credentials). Runs as root here, so other owners come from chown.
    /// </summary>
    public class CacheTrustTests
    {
        static void Run(string file, params string[] args)
        {
            var psi = new ProcessStartInfo(file) { UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
        }

        static string NewCacheFile(TempFolder t)
        {
            string dir = t.File("cache");
            Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            string f = Path.Combine(dir, "x.json");
            File.WriteAllText(f, "{}");
            File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return f;
        }

        [Fact]
        public void Own_private_file_in_own_folder_is_believed()
        {
            if (OperatingSystem.IsWindows()) return;
            using var t = new TempFolder();
            Assert.Null(CacheTrust.WhyNot(NewCacheFile(t)));
        }

        [Fact]
        public void Another_users_file_is_not()
        {
            if (OperatingSystem.IsWindows()) return;
            using var t = new TempFolder();
            string f = NewCacheFile(t);
            Run("chown", "65534", f);
            Assert.Contains("belongs to", CacheTrust.WhyNot(f));
            Assert.Contains("uid 65534", CacheTrust.WhyNot(f));
        }

        [Fact]
        public void A_file_others_may_write_is_not()
        {
            if (OperatingSystem.IsWindows()) return;
            using var t = new TempFolder();
            string f = NewCacheFile(t);
            File.SetUnixFileMode(f, File.GetUnixFileMode(f) | UnixFileMode.OtherWrite);
            Assert.Contains("other users may write it", CacheTrust.WhyNot(f));
            File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite);
            Assert.Contains("other users may write it", CacheTrust.WhyNot(f));
        }

        [Fact]
        public void A_world_writable_folder_is_not_but_a_group_writable_one_is()
        {
            if (OperatingSystem.IsWindows()) return;
            using var t = new TempFolder();
            string f = NewCacheFile(t);
            string dir = Path.GetDirectoryName(f)!;
            File.SetUnixFileMode(dir, File.GetUnixFileMode(dir) | UnixFileMode.GroupWrite | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            Assert.Null(CacheTrust.WhyNot(f)); // umask 002 with user-private groups
            File.SetUnixFileMode(dir, File.GetUnixFileMode(dir) | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.StickyBit);
            Assert.Contains("every user may write its folder", CacheTrust.WhyNot(f));
            Run("chown", "65534", dir);
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Assert.Contains("its folder", CacheTrust.WhyNot(f));
        }

        [Theory]
        [InlineData("arn:aws:sts::111122223333:assumed-role/Deploy/botocore-session-1", "111122223333", "Deploy", true)]
        [InlineData("arn:aws:sts::111122223333:assumed-role/Deploy/x", "444455556666", "Deploy", false)]
        [InlineData("arn:aws:sts::111122223333:assumed-role/Admin/x", "111122223333", "Deploy", false)]
        [InlineData("arn:aws-cn:sts::111122223333:assumed-role/Deploy/x", "111122223333", "Deploy", true)]
        [InlineData("arn:aws:iam::111122223333:role/Deploy", "111122223333", "Deploy", false)]
        [InlineData("garbage", "111122223333", "Deploy", false)]
        public void An_assumed_role_file_names_its_account_and_role(string arn, string account, string role, bool matches) =>
            Assert.Equal(matches, CacheTrust.AssumedRoleMatches(arn, account, role));

        [Fact]
        public void A_foreign_lock_names_its_owner_and_the_fix()
        {
            if (OperatingSystem.IsWindows()) return;
            using var t = new TempFolder();
            string lockFile = t.File("abc.json.lock");
            File.WriteAllText(lockFile, "");
            Run("chown", "0", lockFile);
            var e = FileLock.ForeignLock(lockFile, new UnauthorizedAccessException("denied"));
            Assert.Equal(ErrorIds.FileAccessDenied, e.ErrorId);
            Assert.Contains("belongs to root (uid 0)", e.Message);
            Assert.Contains("sudo rm '" + lockFile + "'", e.Message);
            Assert.Contains("Nothing was changed", e.Message);
            var folder = FileLock.ForeignLock(t.File("missing.lock"), new UnauthorizedAccessException("denied"));
            Assert.Contains("sudo chown -R", folder.Message);
            Assert.Contains("may not create the lock file missing.lock", folder.Message);
        }
    }
}
