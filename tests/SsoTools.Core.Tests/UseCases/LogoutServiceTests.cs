using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Config;
using SsoTools.Core.Credentials;
using SsoTools.Core.Errors;
using SsoTools.Core.Resolution;
using SsoTools.Core.Tests.Auth;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using Xunit;

namespace SsoTools.Core.Tests.UseCases
{
    /// <summary>Invoke-SsoLogout's engine: which roles go with a sign-in, and the local-only logout of a session whose config is unusable.</summary>
    [Collection(EmulatorCollection.Name)]
    public sealed class LogoutServiceTests
    {
        const string Config =
            "[sso-session a]\nsso_start_url = https://d-aaa.awsapps.com/start\nsso_region = us-east-1\n" +
            "[sso-session b]\nsso_start_url = https://d-bbb.awsapps.com/start\nsso_region = us-east-1\n" +
            "[sso-session bad]\nsso_start_url = https://d-bad.awsapps.com/start\nsso_region = moon-1\n" +
            "[sso-session half]\nsso_start_url = https://d-half.awsapps.com/start\n" +
            "[profile pa1]\nsso_session = a\nsso_account_id = 111111110001\nsso_role_name = ReadOnly\n" +
            "[profile pa2]\nsso_session = a\nsso_account_id = 111111110002\nsso_role_name = Admin\n" +
            "[profile pa3]\nsso_session = a\n" +
            "[profile pb]\nsso_session = b\nsso_account_id = 111111110001\nsso_role_name = ReadOnly\n" +
            "[profile pbad]\nsso_session = bad\nsso_account_id = 111111110001\nsso_role_name = ReadOnly\n" +
            // Legacy profiles: the start URL is the sign-in, one of them a's URL (still not a's).
            "[profile old1]\nsso_start_url = https://d-old.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111111110001\nsso_role_name = ReadOnly\n" +
            "[profile old2]\nsso_start_url = https://d-old.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111111110003\nsso_role_name = Admin\n" +
            "[profile oldA]\nsso_start_url = https://d-aaa.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111111110002\nsso_role_name = ReadOnly\n";

        readonly EmulatorFixture _emu;
        readonly TargetResolver _resolver = new TargetResolver(new SsoConfig(ConfigDocument.Parse(Config, "/home/me/.aws/config")));

        public LogoutServiceTests(EmulatorFixture emu)
        {
            _emu = emu;
            _emu.Reset();
        }

        static string[] Pairs(LogoutPlan plan) => plan.Roles.Select(r => r.Key + "/" + r.Value).OrderBy(r => r).ToArray();

        static Task SignIn(Sandbox s, SignIn target) =>
            new LoginService(s.Context).LoginAsync(target, new LoginOptions { NoBrowser = target.IsLegacy }, new RecordingFeedback(), CancellationToken.None);

        static async Task<string> Credentials(Sandbox s, SignIn target, string accountId, string roleName)
        {
            var service = new RoleCredentialService(s.Context);
            await service.GetAsync(target, accountId, roleName, force: false, new RecordingFeedback(), CancellationToken.None);
            string path = service.PathFor(target, accountId, roleName);
            Assert.True(File.Exists(path));
            return path;
        }

        [Fact]
        public void ASessionsRolesAreThoseOfItsProfiles()
        {
            using var s = new Sandbox();
            var service = new LogoutService(s.Context);
            var plan = service.ForSession(_resolver, "a");
            Assert.Equal("a", plan.Name);
            Assert.False(plan.LocalOnly);
            Assert.Equal(new[] { "111111110001/ReadOnly", "111111110002/Admin" }, Pairs(plan));
            // A profile means its session: the same sign-in, the same roles.
            var viaProfile = service.ForProfile(_resolver, "pa3");
            Assert.Equal("a", viaProfile.Name);
            Assert.Equal(Pairs(plan), Pairs(viaProfile));
            Assert.Equal(new[] { "111111110001/ReadOnly" }, Pairs(service.ForSession(_resolver, "b")));
        }

        [Fact]
        public void ALegacyProfilesRolesAreThoseOfItsStartUrlsLegacyProfiles()
        {
            using var s = new Sandbox();
            var service = new LogoutService(s.Context);
            var plan = service.ForProfile(_resolver, "old1");
            Assert.Equal("old1", plan.Name);
            Assert.Equal(new[] { "111111110001/ReadOnly", "111111110003/Admin" }, Pairs(plan));
            Assert.Equal(new[] { "111111110002/ReadOnly" }, Pairs(service.ForProfile(_resolver, "oldA")));
        }

        [Fact]
        public async Task ASessionsLogoutEndsItOnTheServerAndDropsOnlyItsFiles()
        {
            using var s = new Sandbox();
            var a = _resolver.ForSession("a");
            var b = _resolver.ForSession("b");
            await SignIn(s, a);
            await SignIn(s, b);
            string a1 = await Credentials(s, a, "111111110001", "ReadOnly");
            string a2 = await Credentials(s, a, "111111110002", "Admin");
            string b1 = await Credentials(s, b, "111111110001", "ReadOnly");
            var tokens = new TokenProvider(s.Context);
            _emu.Server.ResetCounters();

            var service = new LogoutService(s.Context);
            var plan = service.ForSession(_resolver, "a");
            // Planning touches nothing (-WhatIf stops there).
            Assert.True(File.Exists(tokens.PathFor(a)));
            Assert.Equal(0, _emu.Count("Logout"));

            var feedback = new RecordingFeedback();
            var result = await service.LogoutAsync(plan, feedback, CancellationToken.None);
            Assert.Equal("a", result.Name);
            Assert.True(result.TokenDeleted);
            Assert.Equal(2, result.CredentialFilesDeleted);
            Assert.Equal(1, _emu.Count("Logout"));
            Assert.DoesNotContain("WARNING", feedback.All);
            Assert.False(File.Exists(tokens.PathFor(a)) || File.Exists(a1) || File.Exists(a2));
            Assert.True(File.Exists(tokens.PathFor(b)) && File.Exists(b1));
        }

        [Fact]
        public async Task ALegacyProfilesLogoutEndsItOnTheServer()
        {
            using var s = new Sandbox();
            var old = _resolver.ForProfile("old1");
            await SignIn(s, old);
            string cred = await Credentials(s, old, "111111110001", "ReadOnly");
            _emu.Server.ResetCounters();

            var result = await new LogoutService(s.Context).LogoutAsync(new LogoutService(s.Context).ForProfile(_resolver, "old1"), new RecordingFeedback(), CancellationToken.None);
            Assert.Equal("old1", result.Name);
            Assert.True(result.TokenDeleted);
            Assert.Equal(1, result.CredentialFilesDeleted);
            Assert.Equal(1, _emu.Count("Logout"));
            Assert.False(File.Exists(cred));
        }

        [Fact]
        public async Task ASessionWithABadRegionIsSignedOutLocallyWithAWarning()
        {
            using var s = new Sandbox();
            // Signed in while the session was fine; its region has been broken since.
            var before = new SignIn("bad", "https://d-bad.awsapps.com/start", "us-east-1", null);
            await SignIn(s, before);
            string path = new TokenProvider(s.Context).PathFor(before);
            Assert.True(File.Exists(path));
            _emu.Server.ResetCounters();

            var service = new LogoutService(s.Context);
            var plan = service.ForSession(_resolver, "bad");
            Assert.True(plan.LocalOnly);
            Assert.Null(plan.SignIn);
            Assert.Equal("bad", plan.Name);
            Assert.Equal(path, plan.TokenPath);
            Assert.Empty(plan.Roles);
            var configError = Assert.ThrowsAny<SsoException>(() => _resolver.ForSession("bad"));
            Assert.Equal(ErrorIds.InvalidRegion, configError.ErrorId);
            Assert.Equal(configError.Message, plan.Problem);

            var feedback = new RecordingFeedback();
            var result = await service.LogoutAsync(plan, feedback, CancellationToken.None);
            Assert.Equal("bad", result.Name);
            Assert.True(result.TokenDeleted);
            Assert.False(File.Exists(path));
            Assert.Equal(0, _emu.Count("Logout"));
            Assert.Equal(0, _emu.Server.Counters.Values.Sum());
            Assert.Equal(new[] { "WARNING " + configError.Message + " Its cached token is deleted without a server-side logout." },
                feedback.Lines.Where(l => l.StartsWith("WARNING ")).ToArray());
        }

        [Fact]
        public void ASessionMissingItsRegionIsLocalOnlyToo()
        {
            using var s = new Sandbox();
            var plan = new LogoutService(s.Context).ForSession(_resolver, "half");
            Assert.True(plan.LocalOnly);
            Assert.Contains("missing sso_region", plan.Problem);
            Assert.Equal(s.Context.Tokens.PathFor("half", "https://d-half.awsapps.com/start"), plan.TokenPath);
        }

        [Fact]
        public void OnlyAnUnusableSessionIsLocalOnly()
        {
            using var s = new Sandbox();
            var service = new LogoutService(s.Context);
            // A session that does not exist is an error, not a local sign-out of nothing.
            Assert.Equal(ErrorIds.SsoSessionNotFound, Assert.Throws<SsoException>(() => service.ForSession(_resolver, "nope")).ErrorId);
            // A profile names the session it signs out of; a broken one is the profile's error.
            Assert.Equal(ErrorIds.InvalidRegion, Assert.Throws<SsoException>(() => service.ForProfile(_resolver, "pbad")).ErrorId);
        }
    }
}
