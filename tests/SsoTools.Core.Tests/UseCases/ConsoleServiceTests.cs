using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using SsoTools.Core.Resolution;
using SsoTools.Core.Tests.Auth;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using Xunit;

namespace SsoTools.Core.Tests.UseCases
{
    /// <summary>Get-SsoConsoleUrl's engine against the emulator's federation endpoint (AWS_ENDPOINT_URL_SIGNIN).</summary>
    [Collection(EmulatorCollection.Name)]
    public sealed class ConsoleServiceTests : IDisposable
    {
        const string Config =
            "[sso-session s]\nsso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n" +
            "[profile base]\nsso_session = s\nsso_account_id = 111111110001\nsso_role_name = ReadOnly\nregion = eu-west-1\n";

        static readonly HttpClient NoRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        readonly EmulatorFixture _emu;
        readonly TargetResolver _resolver = new TargetResolver(new SsoConfig(ConfigDocument.Parse(Config, "/home/me/.aws/config")));
        readonly Sandbox _sandbox = new Sandbox();

        public ConsoleServiceTests(EmulatorFixture emu)
        {
            _emu = emu;
            _emu.Reset();
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SIGNIN", _emu.Server.BaseUrl);
        }

        public void Dispose()
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SIGNIN", null);
            _sandbox.Dispose();
        }

        async Task SignIn()
        {
            await new LoginService(_sandbox.Context).LoginAsync(_resolver.ForSession("s"), new LoginOptions(), new RecordingFeedback(), CancellationToken.None);
            _emu.Server.ResetCounters();
        }

        Task<Model.SsoConsoleUrl> Url(ConsoleRequest request, bool force = false) =>
            new ConsoleService(_sandbox.Context).GetUrlAsync(_resolver.ResolveCredentials(null, "base", null, null), request, force, new RecordingFeedback(), CancellationToken.None);

        [Fact]
        public async Task TheUrlLandsOnTheProfilesRegionAndCarriesTheDurationAskedFor()
        {
            await SignIn();
            var url = await Url(new ConsoleRequest("ec2", null, TimeSpan.FromHours(4)));
            Assert.Equal("eu-west-1", url.Region);
            Assert.Equal("aws", url.Partition);
            Assert.Equal("https://console.aws.amazon.com/ec2/home?region=eu-west-1", url.Destination);
            Assert.StartsWith(_emu.Server.BaseUrl + "/federation?Action=login&Issuer=SsoTools&Destination=", url.Url);

            using (var response = await NoRedirects.GetAsync(url.Url))
                Assert.Equal(302, (int)response.StatusCode);
            using var signins = JsonDocument.Parse(await NoRedirects.GetStringAsync(_emu.Server.BaseUrl + "/_emulator/signins"));
            var last = signins.RootElement.GetProperty("signins").EnumerateArray().Last();
            Assert.Equal(14400, last.GetProperty("sessionDuration").GetInt32());
            Assert.Equal("ReadOnly", last.GetProperty("roleName").GetString());
        }

        [Fact]
        public async Task CachedCredentialsAreUsedUnlessForced()
        {
            await SignIn();
            await Url(new ConsoleRequest(null, null, null));
            await Url(new ConsoleRequest(null, "us-west-2", null));
            Assert.Equal(1, _emu.Count("GetRoleCredentials"));
            await Url(new ConsoleRequest(null, null, null), force: true);
            Assert.Equal(2, _emu.Count("GetRoleCredentials"));
            Assert.Equal(3, _emu.Count("GetSigninToken"));
        }

        [Fact]
        public async Task ARegionOfAnotherPartitionIsRefusedBeforeTheEndpointIsAsked()
        {
            await SignIn();
            var ex = await Assert.ThrowsAsync<SsoException>(() => Url(new ConsoleRequest(null, "cn-north-1", null)));
            Assert.Equal(ErrorIds.InvalidValue, ex.ErrorId);
            Assert.Equal(0, _emu.Count("GetSigninToken"));
        }

        [Fact]
        public void ABadRequestIsRefusedWhenItIsMade()
        {
            Assert.Equal(ErrorIds.InvalidRegion, Assert.Throws<SsoException>(() => new ConsoleRequest(null, "moon-1", null)).ErrorId);
            Assert.Equal(ErrorIds.InvalidValue, Assert.Throws<SsoException>(() => new ConsoleRequest(null, null, TimeSpan.FromMinutes(10))).ErrorId);
        }
    }
}
