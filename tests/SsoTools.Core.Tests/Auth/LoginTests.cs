using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using SsoTools.Core.Errors;
using Xunit;

namespace SsoTools.Core.Tests.Auth
{
    [Collection(EmulatorCollection.Name)]
    public class LoginTests
    {
        readonly EmulatorFixture _emu;
        static readonly SignIn Dev = new SignIn("dev", "https://d-123.awsapps.com/start", "us-east-1", new[] { "sso:account:access" });
        static readonly SignIn Legacy = new SignIn(null, "https://d-123.awsapps.com/start", "us-east-1", null, "old");

        public LoginTests(EmulatorFixture emu)
        {
            _emu = emu;
            _emu.Reset();
        }

        static Task<Model.SsoToken> Login(Sandbox s, SignIn t, LoginOptions? o = null, IFeedback? f = null) =>
            new LoginService(s.Context).LoginAsync(t, o ?? new LoginOptions(), f ?? new RecordingFeedback(), CancellationToken.None);

        [Fact]
        public async Task DeviceLoginCachesTokenAndRegistration()
        {
            using var s = new Sandbox();
            var feedback = new RecordingFeedback();
            var token = await Login(s, Dev, new LoginOptions { UseDeviceCode = true, NoBrowser = true }, feedback);
            Assert.Equal("dev", token.SessionName);
            Assert.True(token.Refreshable);
            Assert.Contains("enter the code", feedback.All);
            Assert.DoesNotContain(token.AccessToken, feedback.All);
            var cached = s.Context.Tokens.Load(s.Context.Tokens.PathFor("dev", Dev.StartUrl))!;
            Assert.Equal(token.AccessToken, cached.AccessToken);
            Assert.NotNull(cached.RefreshToken);
            Assert.Equal(1, _emu.Count("StartDeviceAuthorization"));
            var reg = s.Context.Registrations.Load(s.Context.Registrations.PathFor(Dev.StartUrl, Dev.Region, Dev.ConfiguredScopes, "dev"))!;
            Assert.Null(reg.GrantTypes);
        }

        [Fact]
        public async Task PkceLoginThroughTheBrowserIsTheDefaultForSessions()
        {
            var browser = new FollowingBrowser();
            using var s = new Sandbox(browser);
            var token = await Login(s, Dev);
            Assert.True(token.Refreshable);
            Assert.Equal(1, _emu.Count("Authorize"));
            Assert.Equal(1, _emu.Count("CreateToken:authorization_code"));
            Assert.Equal(0, _emu.Count("StartDeviceAuthorization"));
            Assert.Contains("code_challenge_method=S256", browser.LastUrl);
            Assert.Contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A", browser.LastUrl);
            Assert.StartsWith(_emu.Server.BaseUrl + "/authorize?", browser.LastUrl);
            var reg = s.Context.Registrations.Load(s.Context.Registrations.PathFor(Dev.StartUrl, Dev.Region, Dev.ConfiguredScopes, "dev"))!;
            Assert.Contains("authorization_code", reg.GrantTypes!);
        }

        [Fact]
        public async Task LegacyProfilesAlwaysUseTheDeviceFlow()
        {
            using var s = new Sandbox();
            var token = await Login(s, Legacy, new LoginOptions { NoBrowser = true });
            Assert.False(token.Refreshable);
            Assert.Equal(1, _emu.Count("StartDeviceAuthorization"));
            Assert.True(File.Exists(Path.Combine(s.Dir, "sso", "cache", "2b829a45f04c9828cb45b7d092d8e4aa30818393.json")));
        }

        [Fact]
        public async Task AGoodTokenIsReusedWithoutABrowser()
        {
            var browser = new FollowingBrowser();
            using var s = new Sandbox(browser);
            var first = await Login(s, Dev);
            _emu.Server.ResetCounters();
            var second = await Login(s, Dev);
            Assert.Equal(first.AccessToken, second.AccessToken);
            Assert.Equal(0, _emu.Count("Authorize") + _emu.Count("CreateToken") + _emu.Count("RegisterClient"));
        }

        [Fact]
        public async Task ForceLogsTheOldTokenOutFirst()
        {
            using var s = new Sandbox();
            var first = await Login(s, Dev);
            _emu.Server.ResetCounters();
            var second = await Login(s, Dev, new LoginOptions { Force = true });
            Assert.NotEqual(first.AccessToken, second.AccessToken);
            Assert.Equal(1, _emu.Count("Logout"));
            Assert.Equal(0, _emu.Count("RegisterClient"));
        }

        [Fact]
        public async Task AForgottenClientIsRegisteredAgainOnce()
        {
            using var s = new Sandbox();
            await Login(s, Dev, new LoginOptions { UseDeviceCode = true, NoBrowser = true });
            _emu.Server.ForgetClients();
            _emu.Server.ResetCounters();
            var token = await Login(s, Dev, new LoginOptions { UseDeviceCode = true, NoBrowser = true, Force = true });
            Assert.NotNull(token.AccessToken);
            Assert.Equal(1, _emu.Count("RegisterClient"));
        }

        [Fact]
        public async Task AForgottenPkceClientIsRegisteredAgainBeforeTheBrowserOpens()
        {
            var browser = new FollowingBrowser();
            using var s = new Sandbox(browser);
            await Login(s, Dev);
            _emu.Server.ForgetClients();
            _emu.Server.ResetCounters();
            var token = await Login(s, Dev, new LoginOptions { Force = true, Timeout = TimeSpan.FromSeconds(20) });
            Assert.NotNull(token.AccessToken);
            Assert.Equal(1, _emu.Count("RegisterClient"));
            Assert.Equal(1, _emu.Count("Authorize"));
        }

        [Fact]
        public async Task ADeniedDeviceLoginSaysSo()
        {
            _emu.Server.Options.User = "deny";
            using var s = new Sandbox();
            var ex = await Assert.ThrowsAsync<SsoException>(() => Login(s, Dev, new LoginOptions { UseDeviceCode = true, NoBrowser = true }));
            Assert.Equal(ErrorIds.LoginDenied, ex.ErrorId);
            Assert.False(File.Exists(s.Context.Tokens.PathFor("dev", Dev.StartUrl)));
        }

        [Fact]
        public async Task ADeniedBrowserLoginSaysSo()
        {
            _emu.Server.Options.User = "deny";
            using var s = new Sandbox();
            var ex = await Assert.ThrowsAsync<SsoException>(() => Login(s, Dev));
            Assert.Equal(ErrorIds.LoginDenied, ex.ErrorId);
            Assert.Contains("Invoke-SsoLogin -SessionName dev", ex.Message);
        }

        [Fact]
        public async Task AWrongStateDoesNotEndTheWait()
        {
            // The "browser" calls the callback itself with a state of its own, as a cross-site request would.
            var browser = new FollowingBrowser();
            browser.Rewrite = url =>
            {
                var q = new Uri(url).Query;
                string redirect = Uri.UnescapeDataString(System.Text.RegularExpressions.Regex.Match(q, "redirect_uri=([^&]+)").Groups[1].Value);
                return redirect + "?code=abc&state=not-the-one";
            };
            using var s = new Sandbox(browser);
            // A forged callback does not end the wait: only the timeout does, and nothing is redeemed.
            var ex = await Assert.ThrowsAsync<SsoException>(() => Login(s, Dev, new LoginOptions { Timeout = TimeSpan.FromSeconds(2) }));
            Assert.Equal(ErrorIds.LoginTimedOut, ex.ErrorId);
            Assert.Equal(0, _emu.Count("CreateToken"));
        }

        [Fact]
        public async Task AUserWhoNeverAnswersTimesOut()
        {
            _emu.Server.Options.User = "never";
            using var s = new Sandbox();
            var ex = await Assert.ThrowsAsync<SsoException>(() => Login(s, Dev, new LoginOptions { Timeout = TimeSpan.FromSeconds(1) }));
            Assert.Equal(ErrorIds.LoginTimedOut, ex.ErrorId);
        }

        [Fact]
        public async Task CancellingStopsTheLoginAtOnceAndFreesThePort()
        {
            _emu.Server.Options.User = "never";
            var browser = new FollowingBrowser();
            using var s = new Sandbox(browser);
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            var started = DateTime.UtcNow;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new LoginService(s.Context).LoginAsync(Dev, new LoginOptions(), new RecordingFeedback(), cts.Token));
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
            int port = int.Parse(System.Text.RegularExpressions.Regex.Match(Uri.UnescapeDataString(browser.LastUrl!), @"127\.0\.0\.1:(\d+)/oauth").Groups[1].Value);
            using var probe = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync("127.0.0.1", port));
        }

        [Fact]
        public async Task AnIdleConnectionToTheListenerDoesNotHoldUpTheCallback()
        {
            // Browsers open speculative connections and send nothing on them.
            var idle = new System.Collections.Generic.List<TcpClient>();
            var browser = new FollowingBrowser();
            browser.Rewrite = url =>
            {
                int port = int.Parse(System.Text.RegularExpressions.Regex.Match(Uri.UnescapeDataString(url), @"127\.0\.0\.1:(\d+)/oauth").Groups[1].Value);
                for (int i = 0; i < 3; i++) { var c = new TcpClient(); c.Connect("127.0.0.1", port); idle.Add(c); }
                return url;
            };
            using var s = new Sandbox(browser);
            var started = DateTime.UtcNow;
            var token = await Login(s, Dev);
            Assert.NotNull(token.AccessToken);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "the callback waited for the idle connections");
            foreach (var c in idle) c.Dispose();
        }

        [Fact]
        public void TheListenerIsBoundToLoopbackOnly()
        {
            using var listener = new LoopbackListener();
            using (var ok = new TcpClient()) ok.Connect("127.0.0.1", listener.Port);
            using var other = new TcpClient();
            Assert.ThrowsAny<SocketException>(() => other.Connect("127.0.0.2", listener.Port));
        }

        [Fact]
        public void PkceChallengeMatchesRfc7636()
        {
            // RFC 7636 appendix B.
            Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
            string v = Pkce.NewVerifier();
            Assert.Equal(64, v.Length);
            Assert.Matches("^[A-Za-z0-9._~-]{64}$", v);
            Assert.NotEqual(Pkce.NewState(), Pkce.NewState());
        }
    }
}
