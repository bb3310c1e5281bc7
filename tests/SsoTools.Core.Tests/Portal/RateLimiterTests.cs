using System;
using System.Collections.Generic;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Portal;
using Xunit;

namespace SsoTools.Core.Tests.Portal
{
    /// <summary>
    /// A rate limiter on a clock the test moves: the time is what the test sets, and every wait the
    /// limiter hands out is recorded instead of waited.
    /// </summary>
    public sealed class PaceClock
    {
        public double Now { get; set; }
        public List<double> Waits { get; } = new List<double>();

        public RateLimiter Limiter(double rate = 10, double burst = 5, double ceiling = 50, double floor = 0.5) =>
            new RateLimiter(rate, burst, ceiling, floor, () => TimeSpan.FromSeconds(Now), (wait, ct) =>
            {
                lock (Waits) Waits.Add(wait.TotalSeconds);
                return Task.CompletedTask;
            });

        /// <summary>
        /// The rate the limiter paces at now, read from what it hands out: calls at this instant until
        /// two in a row must wait; the second waits one call's worth (1/rate) longer than the first.
        /// </summary>
        public double ObservedRate(RateLimiter limiter)
        {
            int before = Waits.Count;
            for (int i = 0; i < 1000 && Waits.Count < before + 2; i++)
                Assert.True(limiter.WaitAsync(CancellationToken.None).IsCompleted);
            Assert.Equal(before + 2, Waits.Count);
            return 1 / (Waits[before + 1] - Waits[before]);
        }

        /// <summary>How many calls go through at this instant before one must wait.</summary>
        public int FreeCalls(RateLimiter limiter)
        {
            int before = Waits.Count, free = 0;
            while (Waits.Count == before && free < 1000)
            {
                limiter.WaitAsync(CancellationToken.None);
                if (Waits.Count == before) free++;
            }
            return free;
        }
    }

    /// <summary>docs/DESIGN.md "The pace": each of RateLimiter's rules, on a clock the test moves.</summary>
    public class RateLimiterTests
    {
        // Waits are TimeSpans: whole ticks of 100 ns.
        const double Precision = 2e-7;

        /// <summary>Rates read from two tick-rounded waits: close to 1e-4, far closer than any two rules below tell apart.</summary>
        static void Near(double expected, double actual) =>
            Assert.True(Math.Abs(expected - actual) < 1e-4 * Math.Max(1, expected), $"expected {expected}, got {actual}");

        [Fact]
        public void ThePortalsPaceIsTheDesignedOne()
        {
            // 10 calls a second, a burst of 5, floor 0.5, ceiling 50: read from the shared instance itself.
            var portal = RateLimiter.Portal;
            double Field(string name) => (double)typeof(RateLimiter).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(portal)!;
            Assert.Equal(50, Field("_ceiling"));
            Assert.Equal(0.5, Field("_floor"));
            Assert.Equal(5, Field("_burst"));
        }

        [Fact]
        public void TheWaitsHandedOutMatchTheRate()
        {
            var clock = new PaceClock();
            var limiter = clock.Limiter();
            // A full bucket: five calls at once, then each caller waits one more call's worth (1/10 s).
            for (int i = 0; i < 5; i++) Assert.True(limiter.WaitAsync(CancellationToken.None).IsCompleted);
            Assert.Empty(clock.Waits);
            for (int i = 0; i < 3; i++) limiter.WaitAsync(CancellationToken.None);
            Assert.Equal(new[] { 0.1, 0.2, 0.3 }, clock.Waits.ConvertAll(w => Math.Round(w, 7)));

            // 0.3 s later those three calls are paid for: the next waits 1/10 s again.
            clock.Now = 0.3;
            limiter.WaitAsync(CancellationToken.None);
            Assert.Equal(0.1, clock.Waits[3], Precision);

            // A long quiet time fills the bucket to the burst, no further.
            clock.Now = 100;
            Assert.Equal(5, clock.FreeCalls(limiter));
            Assert.Equal(0.1, clock.Waits[4], Precision);
        }

        [Fact]
        public void SlowStartGrowsThreePercentACallUntilTheFirstThrottle()
        {
            var clock = new PaceClock();
            var limiter = clock.Limiter();
            for (int i = 0; i < 10; i++) limiter.Succeeded();
            Near(10 * Math.Pow(1.03, 10), clock.ObservedRate(limiter));
            for (int i = 0; i < 10; i++) limiter.Succeeded();
            Near(10 * Math.Pow(1.03, 20), clock.ObservedRate(limiter));
        }

        [Fact]
        public void AfterTheFirstThrottleEachCallAddsAFixedStep()
        {
            var clock = new PaceClock();
            var limiter = clock.Limiter();
            limiter.Throttled();
            Near(7, clock.ObservedRate(limiter));
            for (int i = 0; i < 20; i++) limiter.Succeeded();
            // +0.05 a call (7 * 1.03^20 = 12.6 if the slow start went on).
            Near(8, clock.ObservedRate(limiter));
        }

        [Fact]
        public void AThrottleDropsTheBurst()
        {
            var clock = new PaceClock();
            var limiter = clock.Limiter();
            Assert.True(limiter.WaitAsync(CancellationToken.None).IsCompleted); // four calls left in the bucket
            limiter.Throttled();
            limiter.WaitAsync(CancellationToken.None);
            Assert.Equal(1 / 7.0, Assert.Single(clock.Waits), Precision);
        }

        [Fact]
        public void AThrottleThatArrivesAfterTheCallsRoundTripDropsTheBurstToo()
        {
            // A 429 comes back a round trip after the call was let through: the time in between must not refill the bucket.
            var clock = new PaceClock();
            var limiter = clock.Limiter();
            Assert.True(limiter.WaitAsync(CancellationToken.None).IsCompleted);
            clock.Now = 1;
            limiter.Throttled();
            Assert.Equal(0, clock.FreeCalls(limiter));
        }

        [Fact]
        public void ThrottlesWithinHalfASecondCountOnce()
        {
            var clock = new PaceClock();
            var limiter = clock.Limiter();
            clock.Now = 1.0;
            limiter.Throttled();
            // Calls that were in flight together meet the same burst of 429s, from any thread.
            Parallel.For(0, 8, _ => limiter.Throttled());
            clock.Now = 1.2;
            limiter.Throttled();
            clock.Now = 1.49;
            limiter.Throttled();
            // Once: 10 * 0.7, recovering since 1.0 (it would be 10 * 0.7^11, recovering since 1.49, if each counted).
            Near(7 + 0.49, clock.ObservedRate(limiter));

            // Half a second after the one that counted, the next does.
            clock.Now = 1.5;
            limiter.Throttled();
            Near(7.49 * 0.7, clock.ObservedRate(limiter));
        }

        [Fact]
        public void TheRateNeverFallsBelowTheFloor()
        {
            var clock = new PaceClock();
            var limiter = clock.Limiter();
            for (int i = 0; i < 20; i++)
            {
                clock.Now = i * 0.5;
                limiter.Throttled();
            }
            // 10 * 0.7^20 would be 0.008 a second.
            Near(0.5, clock.ObservedRate(limiter));
            Assert.Equal(2, clock.Waits[clock.Waits.Count - 1] - clock.Waits[clock.Waits.Count - 2], Precision);
        }

        [Fact]
        public void TheRateNeverExceedsTheCeiling()
        {
            var clock = new PaceClock();
            var slowStart = clock.Limiter();
            for (int i = 0; i < 200; i++) slowStart.Succeeded(); // 10 * 1.03^200 = 3690
            Near(50, clock.ObservedRate(slowStart));

            var probing = clock.Limiter();
            probing.Throttled();
            for (int i = 0; i < 2000; i++) probing.Succeeded(); // 7 + 100
            Near(50, clock.ObservedRate(probing));

            var recovering = clock.Limiter();
            recovering.Throttled();
            clock.Now = 1000; // 7 + 1000 quiet seconds
            Near(50, clock.ObservedRate(recovering));
        }

        [Fact]
        public void EachQuietSecondGivesBackOneCallASecond()
        {
            var clock = new PaceClock();
            var limiter = clock.Limiter();
            clock.Now = 10;
            limiter.Throttled();
            Near(7, clock.ObservedRate(limiter));
            clock.Now = 10.5;
            Near(7.5, clock.ObservedRate(limiter));
            clock.Now = 13;
            Near(10, clock.ObservedRate(limiter));
        }

        [Fact]
        public void RecoveryNeverLowersARateTheProbingRaised()
        {
            var clock = new PaceClock();
            var limiter = clock.Limiter();
            limiter.Throttled();
            for (int i = 0; i < 100; i++) limiter.Succeeded(); // 7 + 5 = 12
            clock.Now = 1; // recovery alone would say 8
            Near(12, clock.ObservedRate(limiter));
        }

        [Fact]
        public void TheWaitIsTheLimitersOwnDelayAndHonoursCancellation()
        {
            // Production: RateLimiter(rate, burst) waits with Task.Delay; a cancelled caller stops waiting.
            var limiter = new RateLimiter(ratePerSecond: 0.01, burst: 1);
            Assert.True(limiter.WaitAsync(CancellationToken.None).IsCompleted);
            using (var cts = new CancellationTokenSource())
            {
                var wait = limiter.WaitAsync(cts.Token);
                Assert.False(wait.IsCompleted); // 100 s
                cts.Cancel();
                Assert.True(wait.IsCanceled);
            }
        }
    }
}
