using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Resolution;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using SsoTools.Core.IO;
using SsoTools.Core.Credentials;
using SsoTools.Core.Tests.IO;
using Xunit;

namespace SsoTools.Core.Tests.Auth
{
    /// <summary>
    /// The writes that matter most when Windows says a cache file is in use (another process has it
    /// open): the sign-in saved right after the user approved, the refreshed token (the old refresh
    /// token is spent), role credentials, and the logout's deletes all wait it out, through AtomicFile.
    /// </summary>
    [Collection(EmulatorCollection.Name)]
    public class BusyCacheTests
    {
        readonly EmulatorFixture _emu;
        static readonly SignIn Dev = new SignIn("dev", "https://d-123.awsapps.com/start", "us-east-1", new[] { "sso:account:access" });
        static readonly LoginOptions Device = new LoginOptions { UseDeviceCode = true, NoBrowser = true };

        public BusyCacheTests(EmulatorFixture emu)
        {
            _emu = emu;
            _emu.Reset();
        }

        static string TokenPath(Sandbox s) => s.Context.Tokens.PathFor("dev", Dev.StartUrl);

        [Fact]
        public async Task ASignInIsSavedThoughTheTokenFileIsBusyWhenTheUserComesBack()
        {
            using var s = new Sandbox();
            var ops = new WindowsLikeFileOps().FailReplaces(4, TokenPath(s));
            Model.SsoToken token;
            using (AtomicFile.UseOps(ops))
                token = await new LoginService(s.Context).LoginAsync(Dev, Device, new RecordingFeedback(), CancellationToken.None);

            Assert.Equal(token.AccessToken, s.Context.Tokens.Load(TokenPath(s))!.AccessToken);
            Assert.Equal(5, ops.Count("replace " + TokenPath(s)));
            Assert.Equal(new[] { 10, 20, 40, 80 }, ops.Sleeps);
        }

        [Fact]
        public async Task ARefreshedTokenReachesABusyFileWithoutAWarning()
        {
            var clock = new OffsetClock();
            using var s = new Sandbox(clock: clock);
            await new LoginService(s.Context).LoginAsync(Dev, Device, new RecordingFeedback(), CancellationToken.None);
            var before = s.Context.Tokens.Load(TokenPath(s))!;
            clock.Offset = before.ExpiresAt - DateTime.UtcNow - TimeSpan.FromMinutes(5);

            var ops = new WindowsLikeFileOps().FailReplaces(6, TokenPath(s));
            var feedback = new RecordingFeedback();
            SsoTools.Core.Cache.CachedToken refreshed;
            using (AtomicFile.UseOps(ops))
                refreshed = await new TokenProvider(s.Context).GetTokenAsync(Dev, feedback, CancellationToken.None);

            Assert.NotEqual(before.AccessToken, refreshed.AccessToken);
            Assert.Equal(refreshed.ToJson(), File.ReadAllText(TokenPath(s)));
            Assert.Equal(7, ops.Count("replace " + TokenPath(s)));
            Assert.DoesNotContain("WARNING", feedback.All);
        }

        [Fact]
        public async Task RoleCredentialsAndTheLogoutsDeletesWaitForABusyFile()
        {
            using var s = new Sandbox();
            await new LoginService(s.Context).LoginAsync(Dev, Device, new RecordingFeedback(), CancellationToken.None);
            var service = new RoleCredentialService(s.Context);
            string credPath = service.PathFor(Dev, "111111110001", "ReadOnly");

            var ops = new WindowsLikeFileOps().FailReplaces(3, credPath);
            using (AtomicFile.UseOps(ops))
                await service.GetAsync(Dev, "111111110001", "ReadOnly", force: false, new RecordingFeedback(), CancellationToken.None);
            Assert.True(File.Exists(credPath));
            Assert.Equal(4, ops.Count("replace " + credPath));

            ops.FailDeletes(2, TokenPath(s));
            Model.LogoutResult result;
            using (AtomicFile.UseOps(ops))
                result = await new LogoutService(s.Context).LogoutAsync(Dev, new[] { new KeyValuePair<string, string>("111111110001", "ReadOnly") },
                    new RecordingFeedback(), CancellationToken.None, callServer: false);
            Assert.True(result.TokenDeleted);
            Assert.Equal(1, result.CredentialFilesDeleted);
            Assert.Equal(3, ops.Count("delete " + TokenPath(s)));
            Assert.Equal(1, ops.Count("delete " + credPath));
            Assert.False(File.Exists(TokenPath(s)) || File.Exists(credPath));
        }
    }
}
