using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Config;
using SsoTools.Core.Resolution;
using SsoTools.Core.Tests.Auth;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using SsoTools.Model;
using Xunit;

namespace SsoTools.Core.Tests.UseCases
{
    /// <summary>Test-SsoProfile's checks, on ProfileCheck directly, against the emulator (3 accounts, 2 roles each).</summary>
    [Collection(EmulatorCollection.Name)]
    public sealed class ProfileCheckTests : IDisposable
    {
        const string ConfigPath = "/home/me/.aws/config";
        const string Config =
            "[sso-session s]\nsso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n" +
            "[sso-session other]\nsso_start_url = https://d-456.awsapps.com/start\nsso_region = us-east-1\n" +
            "[sso-session half]\nsso_start_url = https://d-1.awsapps.com/start\n" +
            "[profile ro]\nsso_session = s\nsso_account_id = 111111110001\nsso_role_name = ReadOnly\nregion = eu-west-1\n" +
            "[profile admin1]\nsso_session = s\nsso_account_id = 111111110001\nsso_role_name = Admin\n" +
            "[profile admin3]\nsso_session = s\nsso_account_id = 111111110003\nsso_role_name = Admin\n" +
            "[profile bearer]\nsso_session = s\n" +
            "[profile orphan]\nsso_session = gone\n" +
            "[profile h1]\nsso_session = half\n" +
            "[profile notsignedin]\nsso_session = other\nsso_account_id = 111111110001\nsso_role_name = ReadOnly\n" +
            "[profile badregion]\nsso_session = s\nsso_account_id = 111111110001\nsso_role_name = ReadOnly\nregion = moon-1\n" +
            "[profile old]\nsso_start_url = https://d-789.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111111110002\nsso_role_name = ReadOnly\n";

        readonly EmulatorFixture _emu;
        readonly TargetResolver _resolver = new TargetResolver(new SsoConfig(ConfigDocument.Parse(Config, ConfigPath)));
        readonly OffsetClock _clock = new OffsetClock();
        readonly Sandbox _sandbox;

        public ProfileCheckTests(EmulatorFixture emu)
        {
            _emu = emu;
            _emu.Reset();
            _emu.Server.Options.Accounts = 3;
            _emu.Server.Options.RolesPerAccount = 2;
            _sandbox = new Sandbox(clock: _clock);
        }

        public void Dispose()
        {
            _emu.Server.Options.Accounts = 3;
            _emu.Server.Options.RolesPerAccount = 2;
            _sandbox.Dispose();
        }

        async Task SignIn(SignIn target)
        {
            await new LoginService(_sandbox.Context).LoginAsync(target, new LoginOptions { NoBrowser = target.IsLegacy }, new RecordingFeedback(), CancellationToken.None);
            _emu.Server.ResetCounters();
        }

        Task SignInToS() => SignIn(_resolver.ForSession("s"));

        Task<SsoProfileTest> Test(string name, bool offline = false, ProfileCheck? check = null) =>
            (check ?? new ProfileCheck(_sandbox.Context)).TestAsync(_resolver, name, offline, new RecordingFeedback(), CancellationToken.None);

        long ServiceCalls => _emu.Server.Counters.Values.Sum();

        [Fact]
        public async Task AGoodProfilePassesEveryCheck()
        {
            await SignInToS();
            var r = await Test("ro");
            Assert.Equal(Array.Empty<string>(), r.Problems);
            Assert.True(r.Healthy);
            Assert.True(r.ConfigValid && r.SignedIn && r.RegionValid && r.NameValid);
            Assert.True(r.RoleAssigned);
            Assert.Equal(("s", "111111110001", "ReadOnly"), (r.SessionName, r.AccountId, r.RoleName));
            Assert.Equal(1, _emu.Count("ListAccountRoles"));
        }

        [Fact]
        public async Task ABadRegionIsOneProblemAndTheOtherChecksStillRun()
        {
            await SignInToS();
            var r = await Test("badregion");
            Assert.False(r.RegionValid);
            Assert.True(r.ConfigValid);
            Assert.True(r.RoleAssigned);
            Assert.Equal(new[] { "The region 'moon-1' is not an AWS Region name." }, r.Problems);
        }

        [Fact]
        public async Task AMissingSessionIsAConfigProblemAndNothingIsAsked()
        {
            await SignInToS();
            var r = await Test("orphan");
            Assert.False(r.ConfigValid);
            Assert.False(r.SignedIn);
            Assert.Null(r.RoleAssigned);
            Assert.Single(r.Problems);
            Assert.StartsWith($"The sso-session \"gone\" does not exist in {ConfigPath} (the profile \"orphan\" names it)", r.Problems[0]);
            Assert.Equal(0, ServiceCalls);
        }

        [Fact]
        public async Task AnIncompleteSessionIsAConfigProblem()
        {
            var r = await Test("h1");
            Assert.False(r.ConfigValid);
            Assert.Single(r.Problems);
            Assert.Contains("missing sso_region", r.Problems[0]);
        }

        [Fact]
        public async Task ARoleTakenAwayNamesTheRolesLeft()
        {
            await SignInToS();
            _emu.Server.Options.RolesPerAccount = 1;
            var r = await Test("admin1");
            Assert.False(r.RoleAssigned);
            Assert.False(r.Healthy);
            Assert.Equal(new[] { "The role 'Admin' is no longer assigned to you in 111111110001; you have: ReadOnly." }, r.Problems);
        }

        [Fact]
        public async Task AnAccountNoLongerAssignedIsUnreachable()
        {
            await SignInToS();
            _emu.Server.Options.Accounts = 2;
            var r = await Test("admin3");
            Assert.False(r.RoleAssigned);
            Assert.Equal(new[] { "The account 111111110003 is no longer one you can reach through 's'." }, r.Problems);
        }

        [Fact]
        public async Task NotSignedInSaysHowToSignIn()
        {
            await SignInToS();
            var r = await Test("notsignedin");
            Assert.True(r.ConfigValid);
            Assert.False(r.SignedIn);
            Assert.Null(r.RoleAssigned);
            Assert.Equal(new[] { "Not signed in to 'other': run 'Invoke-SsoLogin -SessionName other'." }, r.Problems);
            Assert.Equal(0, ServiceCalls);
        }

        [Fact]
        public async Task AnExpiredLegacyTokenCannotBeRefreshed()
        {
            await SignIn(_resolver.ForProfile("old"));
            Assert.True((await Test("old", offline: true)).SignedIn);
            // The context's clock decides, not the machine's: a day on, the token has expired.
            _clock.Offset = TimeSpan.FromDays(1);
            var r = await Test("old");
            Assert.False(r.SignedIn);
            Assert.Equal(new[] { "The sign-in for 'old' has expired and cannot be refreshed: run 'Invoke-SsoLogin -ProfileName old'." }, r.Problems);
            Assert.Equal(0, ServiceCalls);
        }

        [Fact]
        public async Task AnExpiredSessionTokenIsSignedInWhileItCanBeRefreshed()
        {
            await SignInToS();
            _clock.Offset = TimeSpan.FromDays(1);
            var r = await Test("ro", offline: true);
            Assert.True(r.SignedIn);
            Assert.True(r.Healthy);
            // Past the client registration (90 days), the refresh token is no use either.
            _clock.Offset = TimeSpan.FromDays(91);
            r = await Test("ro", offline: true);
            Assert.False(r.SignedIn);
            Assert.Equal(new[] { "The sign-in for 's' has expired and cannot be refreshed: run 'Invoke-SsoLogin -SessionName s'." }, r.Problems);
        }

        [Fact]
        public async Task OfflineAsksTheServiceNothing()
        {
            await SignInToS();
            _emu.Server.Options.RolesPerAccount = 1;
            var r = await Test("admin1", offline: true);
            Assert.Null(r.RoleAssigned);
            Assert.True(r.Healthy);
            Assert.Equal(0, ServiceCalls);
        }

        [Fact]
        public async Task TheRolesAreAskedOncePerSignInAndAccount()
        {
            await SignInToS();
            var check = new ProfileCheck(_sandbox.Context);
            Assert.True((await Test("ro", check: check)).RoleAssigned);
            long once = _emu.Count("ListAccountRoles");
            Assert.True(once > 0);
            Assert.True((await Test("admin1", check: check)).RoleAssigned);
            Assert.True((await Test("badregion", check: check)).RoleAssigned);
            Assert.Equal(once, _emu.Count("ListAccountRoles"));
            // Another account is another question; so is another check (another command).
            Assert.True((await Test("admin3", check: check)).RoleAssigned);
            Assert.Equal(2 * once, _emu.Count("ListAccountRoles"));
            await Test("ro");
            Assert.Equal(3 * once, _emu.Count("ListAccountRoles"));
        }

        [Fact]
        public async Task AProfileWithoutARoleGivesBearerTokensOnly()
        {
            await SignInToS();
            var r = await Test("bearer");
            Assert.True(r.SignedIn);
            Assert.Null(r.RoleAssigned);
            Assert.Equal(new[] { "The profile names no role (sso_account_id, sso_role_name): it gives bearer tokens only." }, r.Problems);
        }

        [Fact]
        public async Task AnUnreadableTokenIsOneProblemNotTwo()
        {
            string path = new TokenProvider(_sandbox.Context).PathFor(_resolver.ForSession("s"));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "{\"startUrl\": \"https://d-123.awsapps.com/start\", \"accessTo");
            var r = await Test("ro");
            Assert.False(r.SignedIn);
            Assert.Single(r.Problems);
            Assert.StartsWith($"The cache file '{path}' is not valid JSON", r.Problems[0]);
            Assert.EndsWith("Delete it and run 'Invoke-SsoLogin -SessionName s'.", r.Problems[0]);
        }

        [Fact]
        public async Task AServiceThatKeepsFailingIsAProblemNotAnError()
        {
            await SignInToS();
            _emu.Server.Options.FailNext = 100;
            try
            {
                var r = await Test("ro");
                Assert.Null(r.RoleAssigned);
                Assert.Single(r.Problems);
                Assert.StartsWith("Could not ask IAM Identity Center about the role: ", r.Problems[0]);
            }
            finally { _emu.Server.Options.FailNext = 0; }
        }
    }
}
