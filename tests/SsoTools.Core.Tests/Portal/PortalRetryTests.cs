using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Errors;
using SsoTools.Core.Net;
using SsoTools.Core.Portal;
using SsoTools.Core.Resolution;
using SsoTools.Core.Tests.Auth;
using SsoTools.Core.Tokens;
using SsoTools.Core.UseCases;
using Xunit;

namespace SsoTools.Core.Tests.Portal
{
    /// <summary>Real time for the tokens, recorded (not waited) delays for the retries.</summary>
    public sealed class RecordingClock : IClock
    {
        readonly List<TimeSpan> _delays = new List<TimeSpan>();

        /// <summary>Runs at each delay with how many there have been (1 for the first), before it returns.</summary>
        public Action<int>? OnDelay { get; set; }

        public DateTime UtcNow => DateTime.UtcNow;

        public IReadOnlyList<TimeSpan> Delays { get { lock (_delays) return _delays.ToArray(); } }

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n;
            lock (_delays)
            {
                _delays.Add(delay);
                n = _delays.Count;
            }
            OnDelay?.Invoke(n);
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// PortalService's retries against the in-process emulator: throttling (ThrottleAttempts, each
    /// slowing the shared pace), 5xx and broken connections (FailureAttempts, with backoff), answers
    /// that cannot be read and a refused token (never retried). Retry delays go through the context's
    /// clock, which records them: nothing here waits.
    /// </summary>
    [Collection(EmulatorCollection.Name)]
    public sealed class PortalRetryTests : IDisposable
    {
        static readonly SignIn Dev = new SignIn("dev", "https://d-123.awsapps.com/start", "us-east-1", new[] { "sso:account:access" });
        const string Account = "111111110001";

        readonly EmulatorFixture _emu;
        readonly Sandbox _sandbox;
        RecordingClock _clock = null!;
        PaceClock _pace = null!;
        RateLimiter _limiter = null!;
        PortalService _portal = null!;
        string _token = "";

        public PortalRetryTests(EmulatorFixture emu)
        {
            _emu = emu;
            _emu.Reset();
            _sandbox = new Sandbox();
            Rewire();
        }

        /// <summary>A portal service of its own: a clock that records its delays, and a pace that stands still (its waits recorded, not waited).</summary>
        void Rewire()
        {
            _clock = new RecordingClock();
            _pace = new PaceClock();
            _limiter = _pace.Limiter();
            _portal = new PortalService(Context(_clock), _limiter);
        }

        SsoContext Context(IClock clock) =>
            new SsoContext(Path.Combine(_sandbox.Dir, "sso", "cache"), Path.Combine(_sandbox.Dir, "cli", "cache"), clock, new FollowingBrowser(), SsoClients.Shared);

        public void Dispose()
        {
            var o = _emu.Server.Options;
            o.ThrottlePerSecond = 0;
            o.FailNext = 0;
            o.MalformedNext = 0;
            o.FaultPath = "";
            o.FaultMode = "500";
            o.FaultCount = 0;
            _sandbox.Dispose();
        }

        async Task SignIn()
        {
            // PKCE through the following browser: no device-code polling, so nothing waits here either.
            var token = await new LoginService(_sandbox.Context).LoginAsync(Dev, new LoginOptions(), new RecordingFeedback(), CancellationToken.None);
            _token = token.AccessToken;
            _emu.Server.ResetCounters();
        }

        Task ListAccounts() => _portal.ListAccountsAsync(Dev, _token, CancellationToken.None);
        Task ListRoles() => _portal.ListRolesAsync(Dev, _token, Account, "Account 1", CancellationToken.None);
        Task GetCredentials() => _portal.GetRoleCredentialsAsync(Dev, _token, Account, "ReadOnly", CancellationToken.None);

        /// <summary>Each operation, its counter, and how many calls one success takes (3 accounts in pages of 2: two).</summary>
        public static IEnumerable<object[]> Operations() => new[]
        {
            new object[] { "ListAccounts", 2 },
            new object[] { "ListAccountRoles", 1 },
            new object[] { "GetRoleCredentials", 1 },
        };

        Task Call(string operation) => operation switch
        {
            "ListAccounts" => ListAccounts(),
            "ListAccountRoles" => ListRoles(),
            "GetRoleCredentials" => GetCredentials(),
            _ => throw new ArgumentException(operation),
        };

        static long Second() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        /// <summary>
        /// Runs the operation with every call of it throttled (unless onDelay lifts the throttle) and returns what it threw.
        /// The emulator allows ThrottlePerSecond calls in each wall-clock second: one call at the start of a new second
        /// spends that second's allowance, so the calls under test, which wait for nothing, are throttled while they
        /// stay in that second. A run that ends in a later second (a loaded machine) proves nothing and is made again,
        /// on a fresh portal service.
        /// </summary>
        async Task<SsoException?> WhileThrottled(string operation, Action<int>? onDelay = null)
        {
            for (int run = 0; run < 5; run++)
            {
                _emu.Server.Options.ThrottlePerSecond = 1;
                long start = Second();
                while (Second() == start) await Task.Delay(2);
                long second = Second();
                var warmUp = new PortalService(Context(new RecordingClock()), new PaceClock().Limiter());
                switch (operation)
                {
                    case "ListAccounts": await warmUp.FirstAccountAsync(Dev, _token, CancellationToken.None); break;
                    case "ListAccountRoles": await warmUp.ListRolesAsync(Dev, _token, Account, null, CancellationToken.None); break;
                    default: await warmUp.GetRoleCredentialsAsync(Dev, _token, Account, "ReadOnly", CancellationToken.None); break;
                }
                _emu.Server.ResetCounters();
                Rewire();
                _clock.OnDelay = onDelay;
                SsoException? error = null;
                try { await Call(operation); }
                catch (SsoException ex) { error = ex; }
                if (Second() == second) return error;
            }
            throw new Xunit.Sdk.XunitException("Five runs in a row crossed a second boundary: the machine is too slow for this test.");
        }

        static void InBackoff(TimeSpan delay, int attempt, int capMs)
        {
            // Exponential from 200 ms with full jitter over the top half, capped.
            double ceiling = Math.Min(capMs, 200 * Math.Pow(2, attempt - 1));
            Assert.InRange(delay.TotalMilliseconds, ceiling / 2, ceiling);
        }

        [Theory]
        [MemberData(nameof(Operations))]
        public async Task ThrottledAnswersAreRetriedUntilOneGoesThrough(string operation, int calls)
        {
            await SignIn();
            const int throttled = 3;

            var error = await WhileThrottled(operation, n => { if (n == throttled) _emu.Server.Options.ThrottlePerSecond = 0; });

            Assert.Null(error);
            Assert.Equal(throttled, _emu.Count("Throttled"));
            Assert.Equal(throttled + calls, _emu.Count(operation));
            var delays = _clock.Delays;
            Assert.Equal(throttled, delays.Count);
            for (int i = 0; i < delays.Count; i++) InBackoff(delays[i], i + 1, 8000);
            // The shared pace heard of it: one burst (×0.7, the 429s came within 0.5 s), then +0.05 per call that went through.
            Assert.Equal(7 + 0.05 * calls, _pace.ObservedRate(_limiter), 1e-3);
        }

        [Theory]
        [MemberData(nameof(Operations))]
        public async Task ThrottlingThatOutlastsTheRetriesIsServiceThrottled(string operation, int calls)
        {
            _ = calls;
            await SignIn();

            var ex = await WhileThrottled(operation);

            Assert.NotNull(ex);
            Assert.Equal(ErrorIds.ServiceThrottled, ex.ErrorId);
            Assert.Equal(SsoErrorKind.LimitsExceeded, ex.Kind);
            Assert.Equal(PortalService.ThrottleAttempts, _emu.Count(operation));
            Assert.Equal(PortalService.ThrottleAttempts, _emu.Count("Throttled"));
            var delays = _clock.Delays;
            Assert.Equal(PortalService.ThrottleAttempts - 1, delays.Count);
            for (int i = 0; i < delays.Count; i++) InBackoff(delays[i], i + 1, 8000);
            Assert.True(delays[delays.Count - 1].TotalMilliseconds >= 4000, "the last wait is in the top half of the 8 s cap"); // 200 ms · 2^8 would be 51 s
        }

        [Fact]
        public void TheRetryLimitsAreTheDocumentedOnes()
        {
            // DESIGN.md: 429s up to 10 attempts, 5xx and connection failures 4.
            Assert.Equal(10, PortalService.ThrottleAttempts);
            Assert.Equal(4, PortalService.FailureAttempts);
        }

        [Theory]
        [MemberData(nameof(Operations))]
        public async Task ServerErrorsAreRetriedWithBackoff(string operation, int calls)
        {
            await SignIn();
            _emu.Server.Options.FailNext = PortalService.FailureAttempts - 1; // 500s, then the real answer

            await Call(operation);

            Assert.Equal(PortalService.FailureAttempts - 1, _emu.Count("InjectedFailures"));
            Assert.Equal(PortalService.FailureAttempts - 1 + calls, _emu.Count(operation));
            var delays = _clock.Delays;
            Assert.Equal(PortalService.FailureAttempts - 1, delays.Count);
            for (int i = 0; i < delays.Count; i++) InBackoff(delays[i], i + 1, 2000);
            // A 5xx is not throttling: the pace is not slowed (10 · 1.03^calls, still in its slow start).
            Assert.Equal(10 * Math.Pow(1.03, calls), _pace.ObservedRate(_limiter), 1e-3);
        }

        [Theory]
        [MemberData(nameof(Operations))]
        public async Task ServerErrorsThatOutlastTheRetriesAreServiceErrors(string operation, int calls)
        {
            _ = calls;
            await SignIn();
            _emu.Server.Options.FailNext = 100;

            var ex = await Assert.ThrowsAsync<SsoException>(() => Call(operation));

            Assert.Equal(ErrorIds.ServiceError, ex.ErrorId);
            Assert.Equal(SsoErrorKind.ResourceUnavailable, ex.Kind);
            Assert.Contains("HTTP 500", ex.Message);
            Assert.Equal(PortalService.FailureAttempts, _emu.Count(operation));
            Assert.Equal(PortalService.FailureAttempts - 1, _clock.Delays.Count);
        }

        [Fact]
        public async Task A503IsRetriedLikeA500()
        {
            await SignIn();
            var o = _emu.Server.Options;
            o.FaultMode = "503";
            o.FaultCount = 2;
            o.FaultPath = "/federation/credentials";

            var credential = await _portal.GetRoleCredentialsAsync(Dev, _token, Account, "ReadOnly", CancellationToken.None);

            Assert.StartsWith("ASIA", credential.AccessKeyId);
            Assert.Equal(2, _emu.Count("FaultsInjected"));
            Assert.Equal(1, _emu.Count("GetRoleCredentials")); // faulted requests never reach the operation
            Assert.Equal(2, _clock.Delays.Count);
        }

        /// <summary>
        /// The requests one PortalService attempt makes when the connection breaks: the SDK retries what it takes for a
        /// stale pooled connection (a reset, an answer cut short) at once, MaxStaleConnectionRetries times, even with
        /// MaxErrorRetry = 0.
        /// </summary>
        static int RequestsPerBrokenAttempt() =>
            1 + ((Amazon.Runtime.ClientConfig)((Amazon.Runtime.AmazonServiceClient)SsoClients.Shared.Portal(Dev.Region)).Config).MaxStaleConnectionRetries;

        [Fact]
        public async Task AResetConnectionIsRetried()
        {
            await SignIn();
            var o = _emu.Server.Options;
            o.FaultMode = "reset";
            o.FaultCount = RequestsPerBrokenAttempt(); // every request of the first attempt
            o.FaultPath = "/assignment/accounts";

            var accounts = await _portal.ListAccountsAsync(Dev, _token, CancellationToken.None);

            Assert.Equal(3, accounts.Count);
            Assert.Equal(RequestsPerBrokenAttempt(), _emu.Count("FaultsInjected"));
            Assert.Equal(2, _emu.Count("ListAccounts")); // the two pages; reset requests never reach the operation
            InBackoff(Assert.Single(_clock.Delays), 1, 2000);
        }

        [Fact]
        public async Task AConnectionThatKeepsResettingIsServiceUnreachableAfterTheRetries()
        {
            await SignIn();
            var o = _emu.Server.Options;
            o.FaultMode = "reset";
            o.FaultPath = "/assignment/roles";

            var ex = await Assert.ThrowsAsync<SsoException>(ListRoles);

            Assert.Equal(ErrorIds.ServiceUnreachable, ex.ErrorId);
            Assert.Equal(SsoErrorKind.ConnectionError, ex.Kind);
            Assert.Contains("the connection was reset", ex.Message);
            Assert.Contains("(ListAccountRoles)", ex.Message);
            Assert.Equal(PortalService.FailureAttempts * RequestsPerBrokenAttempt(), _emu.Count("FaultsInjected"));
            var delays = _clock.Delays;
            Assert.Equal(PortalService.FailureAttempts - 1, delays.Count);
            for (int i = 0; i < delays.Count; i++) InBackoff(delays[i], i + 1, 2000);
        }

        [Fact]
        public async Task AnAnswerCutShortOfItsLengthIsAConnectionFailureAndRetried()
        {
            await SignIn();
            var o = _emu.Server.Options;
            o.FaultMode = "truncated";
            o.FaultPath = "/assignment/accounts";

            var ex = await Assert.ThrowsAsync<SsoException>(ListAccounts);

            Assert.Equal(ErrorIds.ServiceUnreachable, ex.ErrorId);
            Assert.Equal(SsoErrorKind.ConnectionError, ex.Kind);
            Assert.Contains("closed before the answer was complete", ex.Message);
            Assert.Equal(PortalService.FailureAttempts * RequestsPerBrokenAttempt(), _emu.Count("FaultsInjected"));
            Assert.Equal(PortalService.FailureAttempts - 1, _clock.Delays.Count);
        }

        [Theory]
        [InlineData("nonjson")]
        [InlineData("html")]
        public async Task AnAnswerThatIsNotTheApisJsonIsUnreadableAndNotRetried(string mode)
        {
            await SignIn();
            var o = _emu.Server.Options;
            o.FaultMode = mode;
            o.FaultPath = "/federation/credentials";

            var ex = await Assert.ThrowsAsync<SsoException>(GetCredentials);

            Assert.Equal(ErrorIds.ServiceError, ex.ErrorId);
            Assert.Equal(SsoErrorKind.InvalidData, ex.Kind);
            Assert.Contains("could not be read", ex.Message);
            Assert.Equal(1, _emu.Count("FaultsInjected"));
            Assert.Empty(_clock.Delays);
        }

        [Fact]
        public async Task JsonCutOffInACompleteAnswerIsUnreadableAndNotRetried()
        {
            await SignIn();
            _emu.Server.Options.MalformedNext = 1;

            var ex = await Assert.ThrowsAsync<SsoException>(ListAccounts);

            Assert.Equal(ErrorIds.ServiceError, ex.ErrorId);
            Assert.Equal(SsoErrorKind.InvalidData, ex.Kind);
            Assert.Equal(1, _emu.Count("ListAccounts"));
            Assert.Empty(_clock.Delays);
        }

        [Theory]
        [MemberData(nameof(Operations))]
        public async Task ARefusedTokenIsTokenRejectedAndNotRetried(string operation, int calls)
        {
            _ = calls;
            await SignIn();
            _token = "not-a-token-the-service-issued";

            var ex = await Assert.ThrowsAsync<SsoException>(() => Call(operation));

            Assert.Equal(ErrorIds.TokenRejected, ex.ErrorId);
            Assert.Equal(SsoErrorKind.AuthenticationError, ex.Kind);
            Assert.Contains("Invoke-SsoLogin", ex.Message);
            Assert.Equal(1, _emu.Count(operation));
            Assert.Empty(_clock.Delays);
        }
    }
}
