using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Errors;
using SsoTools.Core.Net;
using SsoTools.Core.Resolution;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using Xunit;

namespace SsoTools.Core.Tests.Auth
{
    /// <summary>Where a browser can answer a sign-in: the signals of SSH, WSL, containers and CI.</summary>
    public class BrowserAvailabilityTests
    {
        static HostSignals Signals(Dictionary<string, string> env, bool windows = false, bool mac = false, string[]? files = null, string? osrelease = null) =>
            new HostSignals(n => env.TryGetValue(n, out var v) ? v : null,
                path => files != null && files.Contains(path),
                path => path == "/proc/sys/kernel/osrelease" ? osrelease : null,
                windows, mac);

        static Dictionary<string, string> Env(params string[] pairs)
        {
            var d = new Dictionary<string, string>();
            for (int i = 0; i < pairs.Length; i += 2) d[pairs[i]] = pairs[i + 1];
            return d;
        }

        const string XdgPath = "/usr/bin/xdg-open";

        [Fact]
        public void ADesktopWithXdgOpenOpens()
        {
            var a = BrowserAvailability.Of(Signals(Env("DISPLAY", ":0", "PATH", "/usr/bin"), files: new[] { XdgPath }));
            Assert.Equal(BrowserOpener.XdgOpen, a.Opener);
            Assert.Equal(XdgPath, a.Program);
            Assert.False(a.Remote);
        }

        [Fact]
        public void SshWithoutADisplayOpensNothing()
        {
            foreach (var variable in new[] { "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY" })
            {
                var a = BrowserAvailability.Of(Signals(Env(variable, "10.0.0.2 50000 10.0.0.1 22", "PATH", "/usr/bin"), files: new[] { XdgPath }));
                Assert.False(a.CanOpen);
                Assert.Contains("SSH session without a forwarded display", a.Reason);
            }
            // X11 forwarding: the browser opens on the user's display.
            Assert.True(BrowserAvailability.Of(Signals(Env("SSH_CONNECTION", "x", "DISPLAY", "localhost:10.0", "PATH", "/usr/bin"), files: new[] { XdgPath })).CanOpen);
            Assert.False(BrowserAvailability.Of(Signals(Env("SSH_TTY", "/dev/pts/1"), windows: true)).CanOpen);
            Assert.False(BrowserAvailability.Of(Signals(Env("SSH_CONNECTION", "x"), mac: true)).CanOpen);
        }

        [Fact]
        public void BrowserVariableWinsOverEverySignal()
        {
            var a = BrowserAvailability.Of(Signals(Env("BROWSER", "/usr/local/bin/devcontainer-open", "SSH_CONNECTION", "x", "CI", "true")));
            Assert.Equal(BrowserOpener.BrowserVariable, a.Opener);
            Assert.False(BrowserAvailability.Of(Signals(Env("BROWSER", "  ", "SSH_CONNECTION", "x"))).CanOpen);
        }

        [Fact]
        public void CiRunsOpenNothing()
        {
            foreach (var (name, value) in new[] { ("CI", "true"), ("CI", "1"), ("GITHUB_ACTIONS", "true"), ("TF_BUILD", "True"), ("GITLAB_CI", "true"), ("JENKINS_URL", "http://j/"), ("CODEBUILD_BUILD_ID", "b:1") })
            {
                var a = BrowserAvailability.Of(Signals(Env(name, value, "DISPLAY", ":0", "PATH", "/usr/bin"), files: new[] { XdgPath }));
                Assert.False(a.CanOpen);
                Assert.Contains("CI run", a.Reason);
                Assert.Contains(name, a.Reason);
            }
            Assert.True(BrowserAvailability.Of(Signals(Env("CI", "false", "DISPLAY", ":0", "PATH", "/usr/bin"), files: new[] { XdgPath })).CanOpen);
            Assert.True(BrowserAvailability.Of(Signals(Env("CI", "0"), windows: true)).CanOpen);
        }

        [Fact]
        public void WindowsAndMacOpenTheirOwn()
        {
            Assert.Equal(BrowserOpener.WindowsShell, BrowserAvailability.Of(Signals(Env(), windows: true)).Opener);
            Assert.Equal(BrowserOpener.MacOpen, BrowserAvailability.Of(Signals(Env(), mac: true)).Opener);
        }

        [Fact]
        public void WslOpensTheWindowsBrowser()
        {
            var view = BrowserAvailability.Of(Signals(Env("WSL_DISTRO_NAME", "Debian", "PATH", "/usr/bin:/mnt/c/Windows/System32"), files: new[] { "/usr/bin/wslview", "/mnt/c/Windows/System32/rundll32.exe" }));
            Assert.Equal(BrowserOpener.WslView, view.Opener);
            Assert.Equal("/usr/bin/wslview", view.Program);
            Assert.True(view.Remote);
            var interop = BrowserAvailability.Of(Signals(Env("WSL_INTEROP", "/run/WSL/1_interop", "PATH", "/usr/bin:/mnt/c/Windows/System32"), files: new[] { "/mnt/c/Windows/System32/rundll32.exe" }));
            Assert.Equal(BrowserOpener.WslInterop, interop.Opener);
            // Interop's folders left off PATH: the usual place still serves; WSL told by the kernel alone.
            var kernel = BrowserAvailability.Of(Signals(Env("PATH", "/usr/bin"), files: new[] { "/mnt/c/Windows/System32/rundll32.exe" }, osrelease: "5.15.153.1-microsoft-standard-WSL2"));
            Assert.Equal(BrowserOpener.WslInterop, kernel.Opener);
            Assert.False(BrowserAvailability.Of(Signals(Env("WSL_DISTRO_NAME", "Debian", "PATH", "/usr/bin"))).CanOpen);
            // SSH into WSL: the Windows browser would open on the far machine.
            Assert.False(BrowserAvailability.Of(Signals(Env("WSL_DISTRO_NAME", "Debian", "SSH_CONNECTION", "x", "PATH", "/usr/bin"), files: new[] { "/usr/bin/wslview" })).CanOpen);
        }

        [Fact]
        public void ContainersAndDisplaylessLinuxOpenNothing()
        {
            var docker = BrowserAvailability.Of(Signals(Env("PATH", "/usr/bin"), files: new[] { "/.dockerenv", XdgPath }));
            Assert.False(docker.CanOpen);
            Assert.Contains("container (/.dockerenv)", docker.Reason);
            Assert.Contains("Kubernetes", BrowserAvailability.Of(Signals(Env("KUBERNETES_SERVICE_HOST", "10.0.0.1"))).Reason);
            Assert.Contains("DISPLAY", BrowserAvailability.Of(Signals(Env("PATH", "/usr/bin"), files: new[] { XdgPath })).Reason);
            var noOpener = BrowserAvailability.Of(Signals(Env("WAYLAND_DISPLAY", "wayland-0", "PATH", "/usr/bin")));
            Assert.False(noOpener.CanOpen);
            Assert.Contains("xdg-open", noOpener.Reason);
        }
    }

    /// <summary>Sign-in where the browser is elsewhere: the switch to a device code, a fixed port, a pasted redirect.</summary>
    [Collection(EmulatorCollection.Name)]
    public class RemoteLoginTests
    {
        readonly EmulatorFixture _emu;
        static readonly SignIn Dev = new SignIn("dev", "https://d-123.awsapps.com/start", "us-east-1", new[] { "sso:account:access" });
        static readonly BrowserAvailability OverSsh = BrowserAvailability.Of(new HostSignals(
            n => n == "SSH_CONNECTION" ? "10.0.0.2 50000 10.0.0.1 22" : null, _ => false, _ => null, false, false));
        static readonly HttpClient NoRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        public RemoteLoginTests(EmulatorFixture emu)
        {
            _emu = emu;
            _emu.Reset();
        }

        static Task<Model.SsoToken> Login(Sandbox s, SignIn t, LoginOptions o, IFeedback f) =>
            new LoginService(s.Context).LoginAsync(t, o, f, CancellationToken.None);

        static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        /// <summary>The URL on the last line of the last prompt.</summary>
        static string PromptedUrl(RecordingFeedback f) =>
            f.Lines.Last(l => l.StartsWith("PROMPT ", StringComparison.Ordinal)).Split('\n').Last().Trim();

        /// <summary>What the user's browser ends on after approving: the /authorize redirect's Location, not followed.</summary>
        static async Task<string> RedirectOf(string authorizeUrl)
        {
            using var response = await NoRedirects.GetAsync(authorizeUrl);
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            return response.Headers.Location!.ToString();
        }

        [Fact]
        public async Task WithNoBrowserHereTheSignInUsesADeviceCodeAndSaysSoInOneLine()
        {
            var browser = new FollowingBrowser { Availability = OverSsh };
            using var s = new Sandbox(browser);
            var f = new RecordingFeedback();
            var token = await Login(s, Dev, new LoginOptions(), f);
            Assert.True(token.Refreshable);
            Assert.Equal(1, _emu.Count("StartDeviceAuthorization"));
            Assert.Equal(0, _emu.Count("Authorize"));
            Assert.Null(browser.LastUrl);
            var line = Assert.Single(f.Lines, l => l.Contains("with a device code instead"));
            Assert.Contains("SSH session without a forwarded display", line);
            Assert.DoesNotContain("\n", line);
            // The code is on the host, on a line of its own.
            string code = System.Text.RegularExpressions.Regex.Match(f.All, "enter the code ([A-Z0-9]{4}-[A-Z0-9]{4})").Groups[1].Value;
            Assert.Contains("\n    " + code + "\n", f.All.Replace("\r", ""));
        }

        [Fact]
        public async Task UseBrowserForcesTheBrowserFlowWhereNoneOpensAndTheRedirectMayBePasted()
        {
            var browser = new FollowingBrowser { Availability = OverSsh };
            using var s = new Sandbox(browser);
            var f = new RecordingFeedback();
            f.BeforeRead = async prompt => f.Typed.Enqueue(await RedirectOf(PromptedUrl(f)));
            var token = await Login(s, Dev, new LoginOptions { Flow = LoginFlow.Browser }, f);
            Assert.True(token.Refreshable);
            Assert.Null(browser.LastUrl); // nothing was opened here
            Assert.Equal(1, _emu.Count("CreateToken:authorization_code"));
            Assert.Equal(0, _emu.Count("StartDeviceAuthorization"));
            Assert.Contains("No browser can be opened here (SSH session", f.All);
            Assert.Contains("completed with the pasted address", f.All);
            Assert.Contains("READ If the browser cannot reach this computer", f.All);
            Assert.DoesNotContain(token.AccessToken, f.All);
        }

        [Fact]
        public async Task APastedRedirectWithAnotherStateIsRefusedAndNothingIsSent()
        {
            using var s = new Sandbox(new FollowingBrowser());
            var f = new RecordingFeedback();
            f.BeforeRead = async prompt =>
            {
                string redirect = await RedirectOf(PromptedUrl(f));
                f.Typed.Enqueue(System.Text.RegularExpressions.Regex.Replace(redirect, "state=[^&]+", "state=forged-state"));
            };
            var ex = await Assert.ThrowsAsync<SsoException>(() => Login(s, Dev, new LoginOptions { NoBrowser = true }, f));
            Assert.Equal(ErrorIds.LoginStateMismatch, ex.ErrorId);
            Assert.Contains("does not belong to this sign-in", ex.Message);
            Assert.Equal(0, _emu.Count("CreateToken:authorization_code"));
            Assert.False(File.Exists(s.Context.Tokens.PathFor("dev", Dev.StartUrl)));
        }

        [Fact]
        public async Task TextThatIsNoRedirectIsAskedForAgain()
        {
            using var s = new Sandbox(new FollowingBrowser());
            var f = new RecordingFeedback();
            int reads = 0;
            f.BeforeRead = async prompt =>
            {
                if (++reads == 1) { f.Typed.Enqueue("the page said signed in"); return; }
                if (reads == 2) { f.Typed.Enqueue(""); return; }
                f.Typed.Enqueue("  " + await RedirectOf(PromptedUrl(f)) + "  ");
            };
            var token = await Login(s, Dev, new LoginOptions { NoBrowser = true }, f);
            Assert.True(token.Refreshable);
            Assert.Equal(3, reads);
            Assert.Single(f.Lines, l => l.StartsWith("WARNING That is not the address of this sign-in's redirect", StringComparison.Ordinal));
        }

        [Fact]
        public async Task AHostThatCannotAskLeavesTheListenerToFinish()
        {
            // -NoBrowser and the user opens the URL on this machine: the listener gets the redirect; nothing is typed.
            using var s = new Sandbox(new FollowingBrowser());
            var f = new RecordingFeedback();
            f.BeforeRead = async prompt => { await NoRedirects.GetAsync(await RedirectOf(PromptedUrl(f))); };
            var token = await Login(s, Dev, new LoginOptions { NoBrowser = true }, f);
            Assert.True(token.Refreshable);
            Assert.DoesNotContain("pasted address", f.All);
        }

        [Fact]
        public async Task AFixedCallbackPortIsUsedByTheAuthorizeRequestAndTheToken()
        {
            int port = FreePort();
            var browser = new FollowingBrowser();
            using var s = new Sandbox(browser);
            var f = new RecordingFeedback();
            var token = await Login(s, Dev, new LoginOptions { CallbackPort = port }, f);
            Assert.True(token.Refreshable);
            Assert.Contains("redirect_uri=" + Uri.EscapeDataString("http://127.0.0.1:" + port + "/oauth/callback") + "&", browser.LastUrl);
            Assert.Contains("Waiting for the browser on http://127.0.0.1:" + port + "/oauth/callback", f.All);
            Assert.Equal(1, _emu.Count("CreateToken:authorization_code"));

            // The session's setting, when no option gives one.
            _emu.Server.ResetCounters();
            int other = FreePort();
            var fromSession = new SignIn("dev2", Dev.StartUrl, Dev.Region, Dev.ConfiguredScopes) { CallbackPort = other };
            await Login(s, fromSession, new LoginOptions(), new RecordingFeedback());
            Assert.Contains("127.0.0.1%3A" + other + "%2F", browser.LastUrl);
        }

        [Fact]
        public async Task AFixedCallbackPortInUseIsAClearErrorBeforeAnythingOpens()
        {
            var taken = new TcpListener(IPAddress.Loopback, 0);
            taken.Start();
            try
            {
                int port = ((IPEndPoint)taken.LocalEndpoint).Port;
                var browser = new FollowingBrowser();
                using var s = new Sandbox(browser);
                var ex = await Assert.ThrowsAsync<SsoException>(() => Login(s, Dev, new LoginOptions { CallbackPort = port }, new RecordingFeedback()));
                Assert.Equal(ErrorIds.CallbackPortUnavailable, ex.ErrorId);
                Assert.Contains($"Port {port} on 127.0.0.1 is in use", ex.Message);
                Assert.Contains("-CallbackPort", ex.Message);
                Assert.Null(browser.LastUrl);
                Assert.Equal(0, _emu.Count("Authorize"));
            }
            finally { taken.Stop(); }
        }

        [Fact]
        public async Task AHeadlessSessionWithAFixedPortKeepsTheBrowserFlow()
        {
            var browser = new FollowingBrowser { Availability = OverSsh };
            using var s = new Sandbox(browser);
            var f = new RecordingFeedback();
            // The ssh -L tunnel: the user's browser on the laptop reaches the listener here.
            f.BeforeRead = async prompt => { await NoRedirects.GetAsync(await RedirectOf(PromptedUrl(f))); };
            var target = new SignIn("dev", Dev.StartUrl, Dev.Region, Dev.ConfiguredScopes) { CallbackPort = FreePort() };
            await Login(s, target, new LoginOptions(), f);
            Assert.Equal(0, _emu.Count("StartDeviceAuthorization"));
            Assert.Equal(1, _emu.Count("CreateToken:authorization_code"));
            Assert.Contains("has a fixed callback port", f.All);
        }

        [Fact]
        public async Task TheUserCodeIsShownWhenTheServiceSendsNoCompleteUrl()
        {
            _emu.Server.Options.DeviceCompleteUri = false;
            var browser = new FollowingBrowser();
            using var s = new Sandbox(browser);
            var f = new RecordingFeedback();
            await Login(s, Dev, new LoginOptions { UseDeviceCode = true }, f);
            string all = f.All.Replace("\r", "");
            var code = System.Text.RegularExpressions.Regex.Match(all, "enter the code ([A-Z0-9]{4}-[A-Z0-9]{4})").Groups[1].Value;
            Assert.NotEmpty(code);
            Assert.Contains("\n    " + code + "\n", all);
            Assert.Contains("Check that the page shows this code", all);
            Assert.Equal(_emu.Server.BaseUrl + "/device", browser.LastUrl); // the page without the code
        }

        [Fact]
        public void TheFlowSwitchesGoTogetherAsTheyCan()
        {
            Assert.Equal(LoginFlow.Auto, LoginFlows.From(false, false, null));
            Assert.Equal(LoginFlow.Browser, LoginFlows.From(false, true, null));
            Assert.Equal(LoginFlow.Browser, LoginFlows.From(false, false, 8400));
            Assert.Equal(LoginFlow.DeviceCode, LoginFlows.From(true, false, null));
            Assert.Equal(ErrorIds.InvalidValue, Assert.Throws<SsoException>(() => LoginFlows.From(true, true, null)).ErrorId);
            Assert.Equal(ErrorIds.InvalidValue, Assert.Throws<SsoException>(() => LoginFlows.From(true, false, 8400)).ErrorId);
            var legacy = new SignIn(null, Dev.StartUrl, Dev.Region, null, "old");
            var ex = Assert.Throws<SsoException>(() => LoginService.ChooseBrowserFlow(legacy, new LoginOptions { Flow = LoginFlow.Browser }, BrowserAvailability.HostApproves, NullFeedback.Instance));
            Assert.Contains("device code only", ex.Message);
            Assert.False(LoginService.ChooseBrowserFlow(legacy, new LoginOptions(), BrowserAvailability.HostApproves, NullFeedback.Instance));
        }
    }
}
