using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using SsoTools.Core.Cache;
using SsoTools.Core.Config;
using SsoTools.Core.Tests.Config;
using Xunit;
using Xunit.Abstractions;

namespace SsoTools.Core.Tests.Reliability
{
    /// <summary>
    /// A writer (tests/SsoTools.Writer) rewrites the config, a token file and a role-credential file
    /// in a loop and is SIGKILLed at random moments (seeded). After every kill each file is a whole
    /// version that parses; after the next write no temporary file is left. SSOTOOLS_CRASH_KILLS and
    /// SSOTOOLS_CRASH_SEED set the count and the seed (build.ps1 Stress runs many more).
    /// </summary>
    public class CrashSafetyTests
    {
        readonly ITestOutputHelper _out;
        public CrashSafetyTests(ITestOutputHelper output) { _out = output; }

        static int Setting(string name, int fallback) =>
            int.TryParse(Environment.GetEnvironmentVariable(name), out int v) && v > 0 ? v : fallback;

        static string WriterDll()
        {
            // tests/SsoTools.Core.Tests/bin/<Configuration>/net10.0/ -> tests/SsoTools.Writer/bin/<Configuration>/net10.0/
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string configuration = here.Parent!.Name;
            string tests = here.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(tests, "SsoTools.Writer", "bin", configuration, here.Name, "SsoTools.Writer.dll");
        }

        [Fact]
        public void AWriterKilledAtRandomMomentsLeavesWholeFilesAndNoTemporaries()
        {
            if (OperatingSystem.IsWindows()) return;
            int kills = Setting("SSOTOOLS_CRASH_KILLS", 100);
            int seed = Setting("SSOTOOLS_CRASH_SEED", 20261126);
            var random = new Random(seed);
            string writer = WriterDll();
            Assert.True(File.Exists(writer), "the writer is built with the tests: " + writer);

            using var temp = new TempFolder();
            string config = Path.Combine(temp.Path, ".aws", "config");
            string token = Path.Combine(temp.Path, ".aws", "sso", "cache", "0ad374308c5a4e22f723adf10145eafad7c4031c.json");
            string cred = Path.Combine(temp.Path, ".aws", "cli", "cache", "0521d1f6a6c4e68f9e18540309367cc3cccb6305.json");
            Directory.CreateDirectory(Path.GetDirectoryName(config)!);
            File.WriteAllText(config, "# hand-written, kept\n[default]\nregion = us-east-1\n\n[profile crash]\nsso_account_id = 000000000000\n");

            int tornTemporaries = 0, versionsSeen = 0;
            long lastCounter = -1;
            for (int k = 0; k < kills; k++)
            {
                var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (string a in new[] { writer, config, token, cred }) psi.ArgumentList.Add(a);
                using var p = Process.Start(psi)!;
                Assert.Equal("ready", p.StandardOutput.ReadLine());
                System.Threading.Thread.Sleep(random.Next(0, 150));
                p.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no flush
                p.WaitForExit();

                // Whatever moment it died at, each file is one whole version.
                var doc = ConfigDocument.Load(config);
                Assert.StartsWith("# hand-written, kept\n[default]\nregion = us-east-1\n", doc.ToText());
                string? account = doc.GetValue("profile crash", "sso_account_id");
                Assert.Matches("^[0-9]{12}$", account);
                string? note = doc.GetValue("profile crash-padding", "note");
                if (note != null) Assert.Equal(new string('p', note.Length), note);
                long counter = long.Parse(account!);
                Assert.True(counter >= lastCounter, "the config went back in time");
                if (counter != lastCounter) versionsSeen++;
                lastCounter = counter;
                if (File.Exists(token))
                {
                    var t = new TokenCache(Path.GetDirectoryName(token)!).Load(token);
                    Assert.NotNull(t);
                    Assert.Matches("^aoa[0-9]{12}t{113}$", t!.AccessToken);
                    Assert.Equal("aor" + t.AccessToken.Substring(3, 12), t.RefreshToken);
                }
                if (File.Exists(cred))
                {
                    var c = new RoleCredentialCache(Path.GetDirectoryName(cred)!).Load(cred);
                    Assert.NotNull(c);
                    Assert.Equal(300 + 12, c!.SessionToken.Length);
                }

                // A temporary file the killed writer left behind goes with the next write of that file.
                int before = Temporaries(temp.Path).Length;
                if (before > 0) tornTemporaries++;
                doc.SetValue("default", "output", k % 2 == 0 ? "json" : "text"); // a real change: an unchanged document is not saved
                doc.Save();
                // (A kill before the writer's first cache write leaves no cache file yet, but may leave its temporary.)
                var tokens = new TokenCache(Path.GetDirectoryName(token)!);
                tokens.Save(token, tokens.Load(token) ?? new CachedToken { StartUrl = "https://d-123.awsapps.com/start", Region = "us-east-1", AccessToken = "aoa" + account + new string('t', 113), ExpiresAt = DateTime.UtcNow.AddHours(1), RefreshToken = "aor" + account });
                var credentials = new RoleCredentialCache(Path.GetDirectoryName(cred)!);
                credentials.Save(cred, credentials.Load(cred) ?? new Model.SsoRoleCredential { AccessKeyId = "ASIA" + account + "AAAA", SecretAccessKey = new string('s', 40), SessionToken = new string('T', 300) + account, Expiration = DateTime.UtcNow.AddHours(1) });
                Assert.Empty(Temporaries(temp.Path));
            }

            // botocore reads the last version as SsoTools does.
            string raw = PythonOracle.Run("import json, sys\nfrom botocore.configloader import raw_config_parse\nprint(json.dumps(raw_config_parse(sys.argv[1])['profile crash']))", config);
            Assert.Contains(lastCounter.ToString("D12"), raw);
            _out.WriteLine($"seed {seed}: {kills} kills, {versionsSeen} distinct config versions seen, {tornTemporaries} kills left a temporary file (all removed by the next write)");
        }

        static string[] Temporaries(string root) =>
            Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories).Where(f => Path.GetFileName(f).StartsWith(".", StringComparison.Ordinal)).ToArray();
    }
}
