using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using SsoTools.Core.Net;
using SsoTools.Emulator;
using Xunit;

namespace SsoTools.Core.Tests.Auth
{
    /// <summary>
    /// One in-process emulator for every test that talks to "AWS". The SDK finds it through
    /// AWS_ENDPOINT_URL_SSO(_OIDC), which are process-wide: hence one collection, run serially.
    /// </summary>
    public sealed class EmulatorFixture : IAsyncLifetime
    {
        public EmulatorServer Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Server = await EmulatorServer.StartAsync(new EmulatorOptions());
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SSO", Server.BaseUrl);
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SSO_OIDC", Server.BaseUrl);
        }

        public async Task DisposeAsync()
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SSO", null);
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SSO_OIDC", null);
            await Server.DisposeAsync();
        }

        /// <summary>Default behaviour between tests: an approving user, no faults.</summary>
        public void Reset()
        {
            var o = Server.Options;
            o.User = "approve";
            o.ApproveAfterPolls = 1;
            o.TokenLifetimeSeconds = 28800;
            o.SingleUseRefreshTokens = true;
            o.FailNext = 0;
            o.ThrottlePerSecond = 0;
            o.LatencyMs = 0;
            o.SessionTokenSuffix = "";
            o.DeviceCompleteUri = true;
            Server.ResetCounters();
        }

        public long Count(string counter) => Server.Counters.TryGetValue(counter, out var n) ? n : 0;
    }

    [CollectionDefinition(Name)]
    public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
    {
        public const string Name = "emulator";
    }

    /// <summary>A clock that can be moved ahead of real time (the emulator keeps real time).</summary>
    public sealed class OffsetClock : IClock
    {
        public TimeSpan Offset { get; set; }
        public DateTime UtcNow => DateTime.UtcNow + Offset;
        public Task Delay(TimeSpan delay, System.Threading.CancellationToken ct) => Task.Delay(delay, ct);
    }

    /// <summary>A browser that does what a user's browser does after the user approves: follows the redirect.</summary>
    public sealed class FollowingBrowser : IBrowser
    {
        static readonly HttpClient Http = new HttpClient();
        public string? LastUrl { get; private set; }
        public Func<string, string>? Rewrite { get; set; }
        public BrowserAvailability Availability { get; set; } = BrowserAvailability.HostApproves;

        public bool TryOpen(string url, out string? problem)
        {
            LastUrl = url;
            problem = null;
            string target = Rewrite != null ? Rewrite(url) : url;
            _ = Task.Run(async () => { try { await Http.GetAsync(target); } catch { } });
            return true;
        }
    }

    /// <summary>Every test's own HOME-like folder for the caches, and a context wired to it.</summary>
    public sealed class Sandbox : IDisposable
    {
        public Sandbox(IBrowser? browser = null, IClock? clock = null)
        {
            Dir = Path.Combine(Path.GetTempPath(), "ssotools-xunit-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            Directory.CreateDirectory(Dir);
            Clock = clock ?? new OffsetClock();
            InventoryPath = Path.Combine(Dir, "ssotools", "inventory.json");
            Context = new SsoContext(Path.Combine(Dir, "sso", "cache"), Path.Combine(Dir, "cli", "cache"), Clock, browser ?? new FollowingBrowser(), SsoClients.Shared,
                inventoryPath: InventoryPath);
        }

        public string Dir { get; }
        /// <summary>The completion cache listings record to (never the real ~/.aws/ssotools).</summary>
        public string InventoryPath { get; }
        public IClock Clock { get; }
        public SsoContext Context { get; }

        public void Dispose()
        {
            try { Directory.Delete(Dir, true); } catch { }
        }
    }

    public sealed class RecordingFeedback : IFeedback
    {
        public readonly System.Collections.Concurrent.ConcurrentQueue<string> Lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        public void Prompt(string message) => Lines.Enqueue("PROMPT " + message);
        public void Verbose(string message) => Lines.Enqueue("VERBOSE " + message);
        public void Warning(string message) => Lines.Enqueue("WARNING " + message);
        public void Progress(string activity, int done, int total) => Lines.Enqueue($"PROGRESS {activity} {done}/{total}");
        public string All => string.Join("\n", Lines);
        /// <summary>Lines "typed" at ReadLineAsync, in order; null (the host cannot ask) when none are left.</summary>
        public readonly System.Collections.Concurrent.ConcurrentQueue<string?> Typed = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        /// <summary>Called with the prompt before a line is taken (a test fetches the URL it just saw, say).</summary>
        public Func<string, Task>? BeforeRead { get; set; }
        public async Task<string?> ReadLineAsync(string prompt, System.Threading.CancellationToken ct)
        {
            Lines.Enqueue("READ " + prompt);
            if (BeforeRead != null) await BeforeRead(prompt);
            if (Typed.TryDequeue(out var line)) return line;
            return null;
        }
    }
}
