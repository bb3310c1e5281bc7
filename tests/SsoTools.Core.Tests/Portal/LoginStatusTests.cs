using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Cache;
using SsoTools.Core.Portal;
using SsoTools.Core.Resolution;
using SsoTools.Core.Tests.Auth;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using SsoTools.Model;
using Xunit;

namespace SsoTools.Core.Tests.Portal
{
    /// <summary>LoginStatus: the login state from the cached token and the clock, and -Verify's question to the service.</summary>
    [Collection(EmulatorCollection.Name)]
    public class LoginStatusTests
    {
        readonly EmulatorFixture _emu;
        static readonly SignIn Dev = new SignIn("dev", "https://d-123.awsapps.com/start", "us-east-1", new[] { "sso:account:access" });
        static readonly SignIn Legacy = new SignIn(null, "https://d-123.awsapps.com/start", "us-east-1", null, "old");
        static readonly DateTime Now = new DateTime(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);

        public LoginStatusTests(EmulatorFixture emu)
        {
            _emu = emu;
            _emu.Reset();
        }

        static CachedToken Token(TimeSpan left, bool refreshable = true) => new CachedToken
        {
            StartUrl = Dev.StartUrl,
            Region = Dev.Region,
            AccessToken = "at-" + Guid.NewGuid().ToString("N"),
            ExpiresAt = Now + left,
            ClientId = refreshable ? "client" : null,
            ClientSecret = refreshable ? "secret" : null,
            RegistrationExpiresAt = refreshable ? Now.AddDays(30) : (DateTime?)null,
            RefreshToken = refreshable ? "rt" : null,
        };

        [Fact]
        public void NoTokenIsNotLoggedIn()
        {
            var status = LoginStatus.Of(Dev, null, Now);
            Assert.Equal(SsoLoginState.NotLoggedIn, status.State);
            Assert.Null(status.ExpiresAt);
            Assert.False(status.Refreshable);

            var session = new SsoSession();
            status.Describe(session);
            Assert.Equal(SsoLoginState.NotLoggedIn, session.LoginState);
            Assert.Null(session.ExpiresAt);
            Assert.Null(session.Refreshable);
        }

        [Fact]
        public void AValidTokenIsLoggedIn()
        {
            var token = Token(TimeSpan.FromHours(8));
            var status = LoginStatus.Of(Dev, token, Now);
            Assert.Equal(SsoLoginState.LoggedIn, status.State);
            Assert.Equal(token.ExpiresAt, status.ExpiresAt);
            Assert.True(status.Refreshable);
            Assert.False(status.Verified);

            var session = new SsoSession();
            status.Describe(session);
            Assert.Equal(SsoLoginState.LoggedIn, session.LoginState);
            Assert.Equal(token.ExpiresAt.ToLocalTime(), session.ExpiresAt);
            Assert.True(session.Refreshable);
            Assert.False(session.Verified);
        }

        [Fact]
        public void ATokenThatExpiresSoonIsStillLoggedInAndRefreshable()
        {
            var status = LoginStatus.Of(Dev, Token(TimeSpan.FromMinutes(5)), Now);
            Assert.Equal(SsoLoginState.LoggedIn, status.State);
            Assert.True(status.Refreshable);
        }

        [Fact]
        public void AnExpiredTokenIsExpiredRefreshableOnlyWithWhatARefreshNeeds()
        {
            var withRefresh = LoginStatus.Of(Dev, Token(TimeSpan.FromMinutes(-5)), Now);
            Assert.Equal(SsoLoginState.ExpiredRefreshable, withRefresh.State);
            Assert.True(withRefresh.Refreshable);

            var without = LoginStatus.Of(Dev, Token(TimeSpan.FromMinutes(-5), refreshable: false), Now);
            Assert.Equal(SsoLoginState.Expired, without.State);
            Assert.False(without.Refreshable);

            // The refresh token is there, but its client registration has expired.
            var lapsed = Token(TimeSpan.FromMinutes(-5));
            lapsed.RegistrationExpiresAt = Now.AddMinutes(-1);
            Assert.Equal(SsoLoginState.Expired, LoginStatus.Of(Dev, lapsed, Now).State);
        }

        [Fact]
        public void ALegacyProfilesTokenIsNeverRefreshable()
        {
            var good = LoginStatus.Of(Legacy, Token(TimeSpan.FromHours(1)), Now);
            Assert.Equal(SsoLoginState.LoggedIn, good.State);
            Assert.False(good.Refreshable);

            var expired = LoginStatus.Of(Legacy, Token(TimeSpan.FromMinutes(-5)), Now);
            Assert.Equal(SsoLoginState.Expired, expired.State);
            Assert.False(expired.Refreshable);
        }

        [Fact]
        public void TheSsoTokenOfALoginSaysRefreshableAsTheStatusDoes()
        {
            var token = Token(TimeSpan.FromHours(1));
            Assert.True(LoginService.ToSsoToken(Dev, token, "p", Now).Refreshable);
            Assert.False(LoginService.ToSsoToken(Legacy, token, "p", Now).Refreshable);
            Assert.False(LoginService.ToSsoToken(Dev, token, "p", Now.AddDays(31)).Refreshable);
        }

        [Fact]
        public void ReadUsesTheContextsClockAndRefreshesNothing()
        {
            var clock = new OffsetClock();
            using var s = new Sandbox(clock: clock);
            var token = Token(TimeSpan.FromHours(1));
            token.ExpiresAt = DateTime.UtcNow.AddHours(1);
            token.RegistrationExpiresAt = DateTime.UtcNow.AddDays(30);
            string path = s.Context.Tokens.PathFor("dev", Dev.StartUrl);
            s.Context.Tokens.Save(path, token);
            string bytes = File.ReadAllText(path);

            Assert.Equal(SsoLoginState.LoggedIn, LoginStatus.Read(s.Context, Dev).State);
            clock.Offset = TimeSpan.FromHours(2);
            Assert.Equal(SsoLoginState.ExpiredRefreshable, LoginStatus.Read(s.Context, Dev).State);
            Assert.Equal(bytes, File.ReadAllText(path));
            Assert.Equal(0, _emu.Count("CreateToken"));
        }

        [Fact]
        public void ATokenOfAnotherStartUrlIsIgnored()
        {
            // The session was moved to another organization (New-SsoSession -Force): the old token is not its token.
            using var s = new Sandbox();
            var token = Token(TimeSpan.FromHours(1));
            token.StartUrl = "https://d-999.awsapps.com/start";
            token.ExpiresAt = DateTime.UtcNow.AddHours(1);
            s.Context.Tokens.Save(s.Context.Tokens.PathFor("dev", Dev.StartUrl), token);

            var status = LoginStatus.Read(s.Context, Dev);
            Assert.Equal(SsoLoginState.NotLoggedIn, status.State);
            Assert.Null(status.Token);
        }

        [Fact]
        public async Task VerifySaysRevokedForATokenTheServiceNoLongerAccepts()
        {
            using var s = new Sandbox();
            var login = await new LoginService(s.Context).LoginAsync(Dev, new LoginOptions { UseDeviceCode = true, NoBrowser = true }, new RecordingFeedback(), CancellationToken.None);
            var feedback = new RecordingFeedback();

            var good = await LoginStatus.Read(s.Context, Dev).VerifyAsync(s.Context, Dev, feedback, CancellationToken.None);
            Assert.Equal(SsoLoginState.LoggedIn, good.State);
            Assert.True(good.Verified);

            // Signed out elsewhere: the server ends the session, the cache still claims it.
            await new PortalService(s.Context).LogoutAsync(Dev, login.AccessToken, CancellationToken.None);
            var cached = LoginStatus.Read(s.Context, Dev);
            Assert.Equal(SsoLoginState.LoggedIn, cached.State);
            Assert.False(cached.Verified);
            var revoked = await cached.VerifyAsync(s.Context, Dev, feedback, CancellationToken.None);
            Assert.Equal(SsoLoginState.Revoked, revoked.State);
            Assert.True(revoked.Verified);
            Assert.True(revoked.Refreshable);
            Assert.Empty(feedback.Lines);

            var session = new SsoSession();
            revoked.Describe(session);
            Assert.Equal(SsoLoginState.Revoked, session.LoginState);
            Assert.True(session.Verified);
        }

        [Fact]
        public async Task VerifyAsksNothingOfATokenThatIsNotGoodAndWarnsWhenTheServiceCannotTell()
        {
            using var s = new Sandbox();
            var feedback = new RecordingFeedback();
            var none = await LoginStatus.Read(s.Context, Dev).VerifyAsync(s.Context, Dev, feedback, CancellationToken.None);
            Assert.Equal(SsoLoginState.NotLoggedIn, none.State);
            var expired = await LoginStatus.Of(Dev, Token(TimeSpan.FromMinutes(-5)), Now).VerifyAsync(s.Context, Dev, feedback, CancellationToken.None);
            Assert.Equal(SsoLoginState.ExpiredRefreshable, expired.State);
            Assert.False(expired.Verified);
            Assert.Equal(0, _emu.Count("ListAccounts"));
            Assert.Empty(feedback.Lines);

            // Without sso:account:access there is no call to ask with: the cache's claim stands, and it says so.
            var noScope = new SignIn("dev", Dev.StartUrl, Dev.Region, new[] { "sso:other" });
            var unasked = await LoginStatus.Of(noScope, Token(TimeSpan.FromHours(1)), Now).VerifyAsync(s.Context, noScope, feedback, CancellationToken.None);
            Assert.Equal(SsoLoginState.LoggedIn, unasked.State);
            Assert.False(unasked.Verified);
            Assert.Contains("WARNING Could not ask IAM Identity Center about 'dev'; its state is what the cache claims.", feedback.All);
        }
    }
}
