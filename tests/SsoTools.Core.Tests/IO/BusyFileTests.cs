using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using SsoTools.Core.Cache;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using SsoTools.Core.IO;
using SsoTools.Core.Tests.Config;
using Xunit;

namespace SsoTools.Core.Tests.IO
{
    /// <summary>
    /// Windows refuses to replace or delete a file another process has open (botocore, the AWS CLI,
    /// another SsoTools, an antivirus). Through AtomicFile's seam, replaces and deletes fail here the
    /// way they fail there: the write waits it out for a bounded time, or fails cleanly.
    /// </summary>
    public class BusyFileTests
    {
        static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

        static string[] Temporaries(string dir) => Directory.GetFiles(dir, "*.tmp");

        [Fact]
        public void ASharingViolationIsWaitedOutAndTheWriteGoesThrough()
        {
            using var temp = new TempFolder();
            string path = temp.File("token.json");
            File.WriteAllText(path, "old");
            var ops = new WindowsLikeFileOps().FailReplaces(3);
            using (AtomicFile.UseOps(ops))
                AtomicFile.WriteAllBytes(path, Bytes("new"), privateFile: true);

            Assert.Equal("new", File.ReadAllText(path));
            Assert.Equal(4, ops.Count("replace " + path));
            Assert.Equal(new[] { 10, 20, 40 }, ops.Sleeps);
            Assert.Empty(Temporaries(temp.Path));
        }

        [Fact]
        public void AccessDeniedAsWindowsGivesItForAFileInUseIsWaitedOutToo()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllText(path, "[default]\n");
            var ops = new WindowsLikeFileOps { Failure = WindowsLikeFileOps.AccessDenied }.FailReplaces(2);
            using (AtomicFile.UseOps(ops))
                AtomicFile.WriteAllText(path, "[default]\nregion = us-east-1\n");

            Assert.Equal("[default]\nregion = us-east-1\n", File.ReadAllText(path));
            Assert.Equal(3, ops.Count("replace " + path));
            Assert.Empty(Temporaries(temp.Path));
        }

        [Fact]
        public void AFileInUseForTooLongFailsAfterTheBoundedWaitLeavingTheFileAndNoTemporary()
        {
            using var temp = new TempFolder();
            string path = temp.File("token.json");
            File.WriteAllText(path, "old");
            var ops = new WindowsLikeFileOps().FailReplaces(int.MaxValue);
            IOException ex;
            using (AtomicFile.UseOps(ops))
                ex = Assert.Throws<IOException>(() => AtomicFile.WriteAllBytes(path, Bytes("new"), privateFile: true));

            Assert.Contains("in use by another program", ex.Message);
            Assert.Equal(unchecked((int)0x80070020), ex.InnerException!.HResult);
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Empty(Temporaries(temp.Path));
            Assert.Equal(AtomicFile.RetryDelaysMs, ops.Sleeps);
            Assert.Equal(AtomicFile.RetryDelaysMs.Length + 1, ops.Count("replace " + path));
            int waited = AtomicFile.RetryDelaysMs.Sum();
            Assert.InRange(waited, 1500, 2500); // "about 2 s", as documented
        }

        [Fact]
        public void AReallyDeniedFileEndsInFileAccessDeniedWithAWindowsRemedyNotChmod()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllText(path, "[default]\n");
            var ops = new WindowsLikeFileOps { Failure = WindowsLikeFileOps.AccessDenied }.FailReplaces(int.MaxValue);
            SsoException ex;
            using (AtomicFile.UseOps(ops))
                ex = Assert.Throws<SsoException>(() => AtomicFile.WriteAllText(path, "[default]\nregion = us-east-1\n"));

            Assert.Equal(ErrorIds.FileAccessDenied, ex.ErrorId);
            Assert.Contains("Properties > Security", ex.Message);
            Assert.DoesNotContain("chmod", ex.Message);
            Assert.Equal("[default]\n", File.ReadAllText(path));
            Assert.Empty(Temporaries(temp.Path));
            Assert.Equal(AtomicFile.RetryDelaysMs, ops.Sleeps);
        }

        [Fact]
        public void OnUnixADeniedFileFailsAtOnceAndSaysChmod()
        {
            Assert.False(AtomicFile.IsTransient(new UnauthorizedAccessException("EACCES"), windows: false));
            Assert.True(AtomicFile.IsTransient(new UnauthorizedAccessException("in use"), windows: true));
            // Unix IOExceptions carry a bare errno: EPIPE (32) is not ERROR_SHARING_VIOLATION.
            Assert.False(AtomicFile.IsTransient(new IOException("broken pipe", 32), windows: false));
            Assert.True(AtomicFile.IsTransient(new IOException("sharing", unchecked((int)0x80070020)), windows: false));
            Assert.True(AtomicFile.IsTransient(new IOException("lock", unchecked((int)0x80070021)), windows: true));
            Assert.True(AtomicFile.IsTransient(new IOException("1175", unchecked((int)0x80070497)), windows: true));
            Assert.True(AtomicFile.IsTransient(new IOException("1176", unchecked((int)0x80070498)), windows: true));
            Assert.True(AtomicFile.IsTransient(new IOException("1177", unchecked((int)0x80070499)), windows: true));
            Assert.False(AtomicFile.IsTransient(new FileNotFoundException("gone"), windows: true));
            Assert.False(AtomicFile.IsTransient(new IOException("disk full", unchecked((int)0x80070070)), windows: true));

            using var temp = new TempFolder();
            string path = temp.File("token.json");
            File.WriteAllText(path, "old");
            var ops = new WindowsLikeFileOps { IsWindows = false, Failure = WindowsLikeFileOps.AccessDenied }.FailReplaces(int.MaxValue);
            SsoException ex;
            using (AtomicFile.UseOps(ops))
                ex = Assert.Throws<SsoException>(() => AtomicFile.WriteAllBytes(path, Bytes("new"), privateFile: true));
            Assert.Equal(ErrorIds.FileAccessDenied, ex.ErrorId);
            Assert.Contains("chmod", ex.Message);
            Assert.Equal(1, ops.Count("replace " + path)); // EACCES is a real permission on Unix: not waited for
            Assert.Empty(ops.Sleeps);
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Empty(Temporaries(temp.Path));
        }

        [Fact]
        public void ADeleteOfAFileInUseIsWaitedOutAndADeniedOneIsFileAccessDenied()
        {
            using var temp = new TempFolder();
            string path = temp.File("token.json");
            File.WriteAllText(path, "x");
            var ops = new WindowsLikeFileOps().FailDeletes(2);
            using (AtomicFile.UseOps(ops))
                Assert.True(AtomicFile.DeleteIfExists(path));
            Assert.False(File.Exists(path));
            Assert.Equal(3, ops.Count("delete " + path));

            File.WriteAllText(path, "x");
            var denied = new WindowsLikeFileOps { Failure = WindowsLikeFileOps.AccessDenied }.FailDeletes(int.MaxValue);
            using (AtomicFile.UseOps(denied))
            {
                var ex = Assert.Throws<SsoException>(() => AtomicFile.DeleteIfExists(path));
                Assert.Equal(ErrorIds.FileAccessDenied, ex.ErrorId);
            }
            Assert.True(File.Exists(path));
        }

        [Fact]
        public void ReadsLetOthersReplaceAndDeleteTheFileAndWaitOutASharingViolation()
        {
            using var temp = new TempFolder();
            string config = temp.File("config");
            string token = temp.File("token.json");
            File.WriteAllText(config, "[default]\nregion = us-east-1\n");
            File.WriteAllText(token, "{\"accessToken\": \"a\", \"expiresAt\": \"2030-01-01T00:00:00Z\"}");
            // Written a minute ago: a file changed within the last second is read again once it settles (SettledFile).
            File.SetLastWriteTimeUtc(config, DateTime.UtcNow.AddMinutes(-1));
            var ops = new WindowsLikeFileOps().FailOpens(2);
            using (AtomicFile.UseOps(ops))
            {
                Assert.Equal("us-east-1", new ConfigStore(config).Read().Document.GetValue("default", "region"));
                Assert.Equal("a", new TokenCache(temp.Path).Load(token)!.AccessToken);
                Assert.Null(new TokenCache(temp.Path).Load(temp.File("missing.json")));
            }
            Assert.Equal(3, ops.Count("open Read " + config + " share ReadWrite, Delete"));
            Assert.Equal(1, ops.Count("open Read " + token + " share ReadWrite, Delete"));
            Assert.DoesNotContain(ops.Calls, c => c.StartsWith("open Read", StringComparison.Ordinal) && !c.EndsWith("share ReadWrite, Delete", StringComparison.Ordinal));
        }

        [Fact]
        public void EveryWriterOfAUserFileGoesThroughTheOneRetryingPlace()
        {
            using var temp = new TempFolder();
            var ops = new WindowsLikeFileOps();
            string tokenPath = temp.File("sso/cache/t.json"), regPath = temp.File("sso/cache/r.json");
            string credPath = temp.File("cli/cache/c.json"), chainPath = temp.File("cli/cache/a.json");
            string config = temp.File("config");
            File.WriteAllText(config, "[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n");
            var credential = new Model.SsoRoleCredential { AccessKeyId = "ASIAEXAMPLE", SecretAccessKey = "s", SessionToken = "t", Expiration = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), AccountId = "111111111111" };

            var writers = new (string Path, Action Write)[]
            {
                (tokenPath, () => new TokenCache(temp.File("sso/cache")).Save(tokenPath, new CachedToken { AccessToken = "a", ExpiresAt = credential.Expiration })),
                (regPath, () => new RegistrationCache(temp.File("sso/cache")).Save(regPath, new ClientRegistration { ClientId = "id", ClientSecret = "s", ExpiresAt = credential.Expiration })),
                (credPath, () => new RoleCredentialCache(temp.File("cli/cache")).Save(credPath, credential)),
                (chainPath, () => SsoTools.Core.Credentials.AssumeRoleCacheFile.Save(chainPath, credential, null, "req")),
                (config, () =>
                {
                    var change = new ConfigStore(config).Change();
                    change.Apply(e => e.SetProfile("mine", "corp", "111111111111", "ReadOnly", null, null));
                    Assert.Equal(ConfigCommitResult.Written, change.Commit(CancellationToken.None));
                }),
            };
            using (AtomicFile.UseOps(ops))
                foreach (var (path, write) in writers)
                {
                    ops.FailReplaces(2);
                    write();
                    Assert.Equal(3, ops.Count("replace " + path));
                    Assert.True(File.Exists(path), path);
                }
            Assert.True(ConfigDocument.Load(config).HasSection("profile mine"));

            using (AtomicFile.UseOps(ops))
            {
                ops.FailDeletes(2);
                Assert.True(new TokenCache(temp.File("sso/cache")).Delete(tokenPath));
                ops.FailDeletes(2);
                Assert.True(new RegistrationCache(temp.File("sso/cache")).Delete(regPath));
            }
            Assert.Equal(3, ops.Count("delete " + tokenPath));
            Assert.Equal(3, ops.Count("delete " + regPath));
            Assert.False(File.Exists(tokenPath) || File.Exists(regPath));
            Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
        }

        [Fact]
        public void TheSeamIsThisFlowsOnly()
        {
            // Parallel tests write files too: another flow must not see this test's failures.
            var ops = new WindowsLikeFileOps().FailReplaces(int.MaxValue);
            using var temp = new TempFolder();
            string path = temp.File("f");
            using (AtomicFile.UseOps(ops))
            {
                var other = new Thread(() => AtomicFile.WriteAllBytes(path, Bytes("x")));
                using (ExecutionContext.SuppressFlow()) other.Start();
                other.Join();
            }
            Assert.Equal("x", File.ReadAllText(path));
            Assert.Empty(ops.Calls);
            Assert.Same(FileOps.Real, AtomicFile.Ops);
        }
    }
}
