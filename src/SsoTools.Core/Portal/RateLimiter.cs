using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace SsoTools.Core.Portal
{
    /// <summary>
    /// Paces portal calls below the service's throttle, shared by every caller in the process: the
    /// SDK's own retries do not survive a burst (design.md). A token bucket whose rate learns what the
    /// service allows (additive increase, multiplicative decrease): it starts at a safe pace, grows by
    /// 3% a call until the service first throttles (a slow start, as TCP's), then probes upward a
    /// little with every call that goes through (up to a ceiling), drops by 30% at each
    /// throttled answer (down to a floor), and climbs back by one call a second for each quiet second,
    /// so a later command in the same session does not start at a storm's pace.
    /// </summary>
    public sealed class RateLimiter
    {
        public static readonly RateLimiter Portal = new RateLimiter(ratePerSecond: 10, burst: 5, ceiling: 50);

        const double ProbeStep = 0.05;   // calls a second added per call that went through
        const double SlowStart = 1.03;   // until the first throttle, the rate grows by 3% per call
        const double Backoff = 0.7;      // the rate kept after a throttled call

        readonly double _ceiling;
        readonly double _floor;
        readonly double _burst;
        readonly object _gate = new object();
        readonly Func<TimeSpan> _elapsed;
        readonly Func<TimeSpan, CancellationToken, Task> _delay;
        double _rate;
        double _tokens;
        double _last;
        double _lastThrottle = double.NegativeInfinity;
        double _rateAtThrottle;
        bool _throttledYet;

        public RateLimiter(double ratePerSecond, double burst, double ceiling = 0, double floor = 0.5)
            : this(ratePerSecond, burst, ceiling, floor, Watch(), Task.Delay) { }

        /// <summary>Tests drive time: elapsed is the time since the limiter was made, delay waits (or records) what WaitAsync hands out.</summary>
        internal RateLimiter(double ratePerSecond, double burst, double ceiling, double floor, Func<TimeSpan> elapsed, Func<TimeSpan, CancellationToken, Task> delay)
        {
            _elapsed = elapsed;
            _delay = delay;
            _rate = ratePerSecond;
            _ceiling = Math.Max(ceiling, ratePerSecond);
            _floor = Math.Min(floor, ratePerSecond);
            _burst = burst;
            _tokens = burst;
        }

        static Func<TimeSpan> Watch()
        {
            var watch = Stopwatch.StartNew();
            return () => watch.Elapsed;
        }

        public Task WaitAsync(CancellationToken ct)
        {
            TimeSpan wait;
            lock (_gate)
            {
                double now = _elapsed().TotalSeconds;
                if (!double.IsNegativeInfinity(_lastThrottle))
                    _rate = Math.Max(_rate, Math.Min(_ceiling, _rateAtThrottle + (now - _lastThrottle)));
                _tokens = Math.Min(_burst, _tokens + (now - _last) * _rate);
                _last = now;
                _tokens -= 1;
                if (_tokens >= 0) return Task.CompletedTask;
                wait = TimeSpan.FromSeconds(-_tokens / _rate);
            }
            return _delay(wait, ct);
        }

        /// <summary>The service throttled a call: slow down, and drop any burst.</summary>
        public void Throttled()
        {
            lock (_gate)
            {
                // Several calls in flight meet one burst of 429s: slow down once for it, not once per call.
                double now = _elapsed().TotalSeconds;
                if (now - _lastThrottle < 0.5) return;
                // Credit the time since the last call first (at the old rate): otherwise the next WaitAsync
                // would add it after the clamp, and the burst this 429 drops would come back at once.
                _tokens = Math.Min(_burst, _tokens + (now - _last) * _rate);
                _last = now;
                _rate = Math.Max(_floor, _rate * Backoff);
                _tokens = Math.Min(_tokens, 0);
                _lastThrottle = now;
                _rateAtThrottle = _rate;
                _throttledYet = true;
            }
        }

        /// <summary>A call went through: probe a little faster.</summary>
        public void Succeeded()
        {
            lock (_gate) _rate = Math.Min(_ceiling, _throttledYet ? _rate + ProbeStep : _rate * SlowStart);
        }
    }
}
