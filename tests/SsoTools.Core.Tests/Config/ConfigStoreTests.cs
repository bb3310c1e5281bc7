using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using SsoTools.Core.IO;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>
    /// The rules of ConfigStore: reads shared while the bytes stay the same; edits whole or not at all;
    /// one write per change, under the lock, after replaying on whatever another writer left.
    /// </summary>
    public class ConfigStoreTests
    {
        const string Session = "[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n";

        static void AddProfile(ConfigChange change, string name) =>
            change.Apply(e => e.SetProfile(name, "corp", "111111111111", "ReadOnly", null, null));

        [Fact]
        public void ACommitWithoutEditsTouchesNothingNotEvenTheLock()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllText(path, Session);
            var change = new ConfigStore(path).Change();
            _ = change.Document;
            Assert.Equal(ConfigCommitResult.NoEdits, change.Commit(CancellationToken.None));
            Assert.False(File.Exists(path + ".lock"));
        }

        [Fact]
        public void EditsAreWrittenOnceAtCommitAndNotBefore()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllText(path, "# mine\n" + Session);
            var change = new ConfigStore(path).Change();
            for (int i = 0; i < 50; i++) AddProfile(change, "p" + i);
            Assert.Equal("# mine\n" + Session, File.ReadAllText(path));
            Assert.Equal(ConfigCommitResult.Written, change.Commit(CancellationToken.None));
            Assert.False(change.Replayed);
            var doc = ConfigDocument.Load(path);
            Assert.Equal(50, doc.SectionNames.Count(s => s.StartsWith("profile p", StringComparison.Ordinal)));
            Assert.StartsWith("# mine\n" + Session, File.ReadAllText(path));
        }

        [Fact]
        public void AnotherWritersChangeIsKeptAndTheEditsAreReplayedOnIt()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllText(path, Session);
            var change = new ConfigStore(path).Change();
            AddProfile(change, "mine");

            // Another process writes between this change's read and its commit.
            var other = new ConfigStore(path).Change();
            AddProfile(other, "theirs");
            Assert.Equal(ConfigCommitResult.Written, other.Commit(CancellationToken.None));

            Assert.Equal(ConfigCommitResult.Written, change.Commit(CancellationToken.None));
            Assert.True(change.Replayed);
            var doc = ConfigDocument.Load(path);
            Assert.True(doc.HasSection("profile theirs"));
            Assert.True(doc.HasSection("profile mine"));
            Assert.Equal("111111111111", doc.GetValue("profile mine", "sso_account_id"));
        }

        [Fact]
        public void AnEditThatNoLongerAppliesAfterAnotherWriterThrowsAndWritesNothing()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllText(path, Session);
            var change = new ConfigStore(path).Change();
            AddProfile(change, "mine");

            // Meanwhile the session is removed by hand: the replayed profile would point at nothing.
            File.WriteAllText(path, "[default]\nregion = eu-west-1\n");
            var ex = Assert.Throws<SsoException>(() => change.Commit(CancellationToken.None));
            Assert.Equal(ErrorIds.SsoSessionNotFound, ex.ErrorId);
            Assert.Equal("[default]\nregion = eu-west-1\n", File.ReadAllText(path));
        }

        [Fact]
        public void AHeldLockIsWaitedForAndATimeoutWritesNothing()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllText(path, Session);
            var change = new ConfigStore(path).Change();
            AddProfile(change, "mine");
            using (FileLock.AcquireAsync(path + ".lock", TimeSpan.FromSeconds(1), CancellationToken.None).GetAwaiter().GetResult())
            {
                var ex = Assert.Throws<SsoException>(() => change.Commit(CancellationToken.None, TimeSpan.FromMilliseconds(300)));
                Assert.Equal(ErrorIds.ConfigFileWriteFailed, ex.ErrorId);
                Assert.Contains(".lock", ex.Message);
                Assert.Equal(Session, File.ReadAllText(path));
            }

            // Released within the wait: the commit goes through.
            var held = FileLock.AcquireAsync(path + ".lock", TimeSpan.FromSeconds(1), CancellationToken.None).GetAwaiter().GetResult();
            var release = Task.Run(async () => { await Task.Delay(300); held.Dispose(); });
            Assert.Equal(ConfigCommitResult.Written, change.Commit(CancellationToken.None, TimeSpan.FromSeconds(10)));
            release.Wait();
            Assert.True(ConfigDocument.Load(path).HasSection("profile mine"));
        }

        [Fact]
        public void CancellingAWaitingCommitWritesNothing()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllText(path, Session);
            var change = new ConfigStore(path).Change();
            AddProfile(change, "mine");
            using var held = FileLock.AcquireAsync(path + ".lock", TimeSpan.FromSeconds(1), CancellationToken.None).GetAwaiter().GetResult();
            using var cts = new CancellationTokenSource(200);
            Assert.ThrowsAny<OperationCanceledException>(() => change.Commit(cts.Token));
            Assert.Equal(Session, File.ReadAllText(path));
        }

        [Fact]
        public void UndoneEditsAreNeitherWrittenNorReplayed()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllText(path, Session);
            var change = new ConfigStore(path).Change();
            AddProfile(change, "kept");
            var mark = change.Mark();
            AddProfile(change, "declined1");
            AddProfile(change, "declined2");
            change.Undo(mark);
            Assert.Equal(1, change.EditCount);
            Assert.False(change.Document.HasSection("profile declined1"));

            File.AppendAllText(path, "[profile hand]\nregion = us-west-2\n"); // forces a replay
            change.Commit(CancellationToken.None);
            Assert.True(change.Replayed);
            var doc = ConfigDocument.Load(path);
            Assert.True(doc.HasSection("profile kept"));
            Assert.True(doc.HasSection("profile hand"));
            Assert.False(doc.HasSection("profile declined1"));
            Assert.False(doc.HasSection("profile declined2"));
        }

        [Fact]
        public void AnEditThatFailsHalfwayLeavesNothingBehindAndIsNotRecorded()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllText(path, Session);
            var change = new ConfigStore(path).Change();
            Assert.Throws<InvalidOperationException>(() => change.Apply<bool>(e =>
            {
                e.Document.SetValue("profile half", "sso_session", "corp");
                e.Document.SetValue("profile half", "sso_account_id", "111111111111");
                throw new InvalidOperationException("the third key failed");
            }));
            Assert.False(change.Document.HasSection("profile half"));
            Assert.Equal(0, change.EditCount);
            Assert.Equal(ConfigCommitResult.NoEdits, change.Commit(CancellationToken.None));
            Assert.Equal(Session, File.ReadAllText(path));
        }

        [Fact]
        public void EditsThatChangeNoByteWriteNothing()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllText(path, Session + "[profile p]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n");
            var before = File.GetLastWriteTimeUtc(path);
            Thread.Sleep(20);
            var change = new ConfigStore(path).Change();
            AddProfile(change, "p");
            Assert.Equal(ConfigCommitResult.Unchanged, change.Commit(CancellationToken.None));
            Assert.Equal(before, File.GetLastWriteTimeUtc(path));
        }

        [Fact]
        public void AMissingFileIsCreatedOnlyWhenThereIsSomethingToWrite()
        {
            using var temp = new TempFolder();
            string path = Path.Combine(temp.Path, "aws", "config");
            var change = new ConfigStore(path).Change();
            change.Apply(e => { e.Document.SetValue("default", "region", "us-east-1"); e.Document.RemoveSection("default"); return true; });
            Assert.Equal(ConfigCommitResult.Unchanged, change.Commit(CancellationToken.None));
            Assert.False(File.Exists(path));

            change = new ConfigStore(path).Change();
            change.Apply(e => e.SetSession("corp", "https://d-1234567890.awsapps.com/start", "us-east-1", null, false));
            Assert.Equal(ConfigCommitResult.Written, change.Commit(CancellationToken.None));
            Assert.True(ConfigDocument.Load(path).HasSection("sso-session corp"));
        }

        [Fact]
        public void ConcurrentChangesAllLand()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllText(path, Session);
            using var start = new Barrier(8);
            var tasks = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            {
                var change = new ConfigStore(path).Change();
                AddProfile(change, "t" + i);
                start.SignalAndWait(); // all have read the same file; all commit at once
                change.Commit(CancellationToken.None);
                return change.Replayed;
            })).ToArray();
            Task.WaitAll(tasks);
            var doc = ConfigDocument.Load(path);
            for (int i = 0; i < 8; i++) Assert.True(doc.HasSection("profile t" + i), "profile t" + i + " was lost");
            Assert.Equal(7, tasks.Count(t => t.Result)); // every commit but the first replayed on another's write
        }

        [Fact]
        public void ReadsAreSharedWhileTheBytesStayTheSameEvenWithinOneClockTick()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            File.WriteAllText(path, Session + "[profile a]\nsso_session = corp\n");
            var store = new ConfigStore(path);
            var first = store.Read();
            Assert.Same(first, store.Read());

            // Same size, same write time: only the bytes tell them apart.
            var time = File.GetLastWriteTimeUtc(path);
            File.WriteAllText(path, Session + "[profile b]\nsso_session = corp\n");
            File.SetLastWriteTimeUtc(path, time);
            var second = store.Read();
            Assert.NotSame(first, second);
            Assert.NotNull(second.FindProfile("b"));
            Assert.Null(second.FindProfile("a"));
        }

        [Fact]
        public void AMissingFileReadsAsEmptyAndAMalformedOneIsRefusedUntouched()
        {
            using var temp = new TempFolder();
            string path = temp.File("config");
            Assert.Empty(new ConfigStore(path).Read().GetSessions());
            File.WriteAllText(path, "region = us-east-1\n");
            Assert.Throws<ConfigParseException>(() => new ConfigStore(path).Read());
            Assert.Throws<ConfigParseException>(() => _ = new ConfigStore(path).Change().Document);
            Assert.Equal("region = us-east-1\n", File.ReadAllText(path));
        }
    }
}
