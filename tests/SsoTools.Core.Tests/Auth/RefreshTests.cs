using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using SsoTools.Core.Cache;
using SsoTools.Core.Errors;
using Xunit;

namespace SsoTools.Core.Tests.Auth
{
    /// <summary>compat.md section 5: when to refresh, when a failure is tolerated, legacy never.</summary>
    [Collection(EmulatorCollection.Name)]
    public class RefreshTests
    {
        readonly EmulatorFixture _emu;
        static readonly SignIn Dev = new SignIn("dev", "https://d-123.awsapps.com/start", "us-east-1", new[] { "sso:account:access" });

        public RefreshTests(EmulatorFixture emu)
        {
            _emu = emu;
            _emu.Reset();
        }

        /// <summary>Signs in for real, then moves the clock so the token has `left` to live.</summary>
        async Task<(Sandbox, CachedToken)> SignedIn(TimeSpan left, SignIn? target = null)
        {
            var clock = new OffsetClock();
            var s = new Sandbox(clock: clock);
            var t = target ?? Dev;
            await new LoginService(s.Context).LoginAsync(t, new LoginOptions { UseDeviceCode = true, NoBrowser = true }, new RecordingFeedback(), CancellationToken.None);
            var token = s.Context.Tokens.Load(s.Context.Tokens.PathFor(t.SessionName, t.StartUrl))!;
            clock.Offset = token.ExpiresAt - DateTime.UtcNow - left;
            _emu.Server.ResetCounters();
            return (s, token);
        }

        static Task<CachedToken> Get(Sandbox s, SignIn t, RecordingFeedback? f = null, bool force = false) =>
            new TokenProvider(s.Context).GetTokenAsync(t, f ?? new RecordingFeedback(), CancellationToken.None, force);

        [Fact]
        public async Task CredentialsThatArriveAfterALogoutAreNotCached()
        {
            var (s, _) = await SignedIn(TimeSpan.FromHours(2));
            using (s)
            {
                var service = new SsoTools.Core.Credentials.RoleCredentialService(s.Context);
                string credPath = service.PathFor(Dev, "111111110001", "ReadOnly");
                _emu.Server.Options.LatencyMs = 1500;
                try
                {
                    var fetch = service.GetAsync(Dev, "111111110001", "ReadOnly", force: false, new RecordingFeedback(), CancellationToken.None);
                    var deadline = DateTime.UtcNow.AddSeconds(20);
                    while (_emu.Count("GetRoleCredentials") == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
                    // A logout in another process, as far as the files go: the token file is gone (the server still answers).
                    using (await SsoTools.Core.IO.FileLock.AcquireAsync(s.Context.Tokens.PathFor("dev", Dev.StartUrl) + ".lock", TimeSpan.FromSeconds(5), CancellationToken.None))
                        System.IO.File.Delete(s.Context.Tokens.PathFor("dev", Dev.StartUrl));
                    var ex = await Assert.ThrowsAsync<SsoException>(() => fetch);
                    Assert.Equal(ErrorIds.NotLoggedIn, ex.ErrorId);
                    Assert.False(System.IO.File.Exists(credPath));
                }
                finally { _emu.Server.Options.LatencyMs = 0; }
            }
        }

        [Fact]
        public async Task NoRefreshWhileMoreThanFifteenMinutesRemain()
        {
            var (s, before) = await SignedIn(TimeSpan.FromMinutes(16));
            using (s)
            {
                var t = await Get(s, Dev);
                Assert.Equal(before.AccessToken, t.AccessToken);
                Assert.Equal(0, _emu.Count("CreateToken"));
            }
        }

        [Fact]
        public async Task RefreshesInsideTheWindowAndRewritesTheFileAsBotocore()
        {
            var (s, before) = await SignedIn(TimeSpan.FromMinutes(5));
            using (s)
            {
                var t = await Get(s, Dev);
                Assert.NotEqual(before.AccessToken, t.AccessToken);
                Assert.NotEqual(before.RefreshToken, t.RefreshToken);
                Assert.Equal(1, _emu.Count("CreateToken:refresh_token"));
                string path = s.Context.Tokens.PathFor("dev", Dev.StartUrl);
                Assert.Equal(t.ToJson(), System.IO.File.ReadAllText(path));
                Assert.Equal(before.ClientId, t.ClientId);
                Assert.Equal(before.RegistrationExpiresAt, t.RegistrationExpiresAt);
            }
        }

        [Fact]
        public async Task AFailedRefreshIsToleratedWhileTheTokenIsValid()
        {
            var (s, before) = await SignedIn(TimeSpan.FromMinutes(12));
            using (s)
            {
                _emu.Server.Options.FailNext = 10; // 500s, more than the SDK retries
                var f = new RecordingFeedback();
                var t = await Get(s, Dev, f);
                Assert.Equal(before.AccessToken, t.AccessToken);
                Assert.Contains("WARNING Could not refresh", f.All);
                _emu.Server.Options.FailNext = 0;
            }
        }

        [Fact]
        public async Task ARefusedRefreshTokenIsAWarningWhileValidAndAnErrorNamingInvokeSsoLoginOnceExpired()
        {
            // As botocore: an unexpired token is used whatever the window; only an expired one is an error.
            foreach (var remaining in new[] { TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(-1) })
            {
                var (s, before) = await SignedIn(remaining);
                using (s)
                {
                    // Spend the refresh token elsewhere: single-use, so our refresh fails with invalid_grant.
                    var stolen = before.Clone();
                    await SsoClients.Shared.Oidc("us-east-1").CreateTokenAsync(new Amazon.SSOOIDC.Model.CreateTokenRequest
                    { GrantType = "refresh_token", ClientId = stolen.ClientId, ClientSecret = stolen.ClientSecret, RefreshToken = stolen.RefreshToken });
                    var f = new RecordingFeedback();
                    if (remaining > TimeSpan.Zero)
                    {
                        var t = await Get(s, Dev, f);
                        Assert.Equal(before.AccessToken, t.AccessToken);
                        Assert.Contains("works once", f.All);
                        continue;
                    }
                    var ex = await Assert.ThrowsAsync<SsoException>(() => Get(s, Dev, f));
                    Assert.Equal(ErrorIds.TokenExpired, ex.ErrorId);
                    Assert.Contains("InvalidGrant", ex.Message);
                    Assert.Contains("Invoke-SsoLogin -SessionName dev", ex.Message);
                }
            }
        }

        [Fact]
        public async Task CancellingEndsARefreshWhoseAnswerDribblesAtOnceAndIsNotReportedAsAServiceFailure()
        {
            // The deadline is 30 s here; Ctrl+C must not wait for it.
            var (s, _) = await SignedIn(TimeSpan.FromMinutes(-1));
            using (s)
            {
                _emu.Server.Options.FaultPath = "/token";
                _emu.Server.Options.FaultMode = "dribble";
                try
                {
                    using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
                    {
                        var clock = System.Diagnostics.Stopwatch.StartNew();
                        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                            new TokenProvider(s.Context).GetTokenAsync(Dev, new RecordingFeedback(), cts.Token));
                        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "took " + clock.Elapsed);
                    }
                }
                finally { _emu.Server.Options.FaultPath = ""; }
            }
        }

        [Fact]
        public async Task AtMostOneAttemptAMinute()
        {
            var (s, before) = await SignedIn(TimeSpan.FromMinutes(12));
            using (s)
            {
                _emu.Server.Options.FailNext = 10;
                await Get(s, Dev);
                long calls = _emu.Count("CreateToken");
                await Get(s, Dev);
                Assert.Equal(calls, _emu.Count("CreateToken"));
                _emu.Server.Options.FailNext = 0;
            }
        }

        [Fact]
        public async Task LegacyTokensAreNeverRefreshed()
        {
            var legacy = new SignIn(null, "https://d-123.awsapps.com/start", "us-east-1", null, "old");
            var (s, before) = await SignedIn(TimeSpan.FromMinutes(5), legacy);
            using (s)
            {
                var t = await Get(s, legacy);
                Assert.Equal(before.AccessToken, t.AccessToken);
                Assert.Equal(0, _emu.Count("CreateToken"));
                ((OffsetClock)s.Clock).Offset += TimeSpan.FromMinutes(6);
                var ex = await Assert.ThrowsAsync<SsoException>(() => Get(s, legacy));
                Assert.Equal(ErrorIds.TokenExpired, ex.ErrorId);
                Assert.Contains("Invoke-SsoLogin -ProfileName old", ex.Message);
            }
        }

        [Fact]
        public async Task ManyConcurrentCallersRefreshOnce()
        {
            var (s, before) = await SignedIn(TimeSpan.FromMinutes(5));
            using (s)
            {
                // Separate providers with separate attempt memories would be separate processes;
                // the file lock and the re-read make them share one refresh.
                var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Get(s, Dev))).ToArray();
                var tokens = await Task.WhenAll(tasks);
                Assert.Equal(1, _emu.Count("CreateToken:refresh_token"));
                Assert.All(tokens, t => Assert.True(t.ExpiresAt > s.Clock.UtcNow));
            }
        }

        [Fact]
        public async Task ForceRefreshRefreshesAGoodToken()
        {
            var (s, before) = await SignedIn(TimeSpan.FromHours(7));
            using (s)
            {
                var t = await Get(s, Dev, force: true);
                Assert.NotEqual(before.AccessToken, t.AccessToken);
                Assert.Equal(1, _emu.Count("CreateToken:refresh_token"));
            }
        }
    }
}
