using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace SsoTools.Core.Portal
{
    /// <summary>
    /// Paces portal calls below the service's throttle (about 20 a second per user), shared by
    /// every caller in the process: the SDK's own retries do not survive a burst (design.md).
    /// A token bucket: a small burst, then a steady rate.
    /// </summary>
    public sealed class RateLimiter
    {
        public static readonly RateLimiter Portal = new RateLimiter(ratePerSecond: 10, burst: 10);

        readonly double _rate;
        readonly double _burst;
        readonly object _gate = new object();
        readonly Stopwatch _clock = Stopwatch.StartNew();
        double _tokens;
        double _last;

        public RateLimiter(double ratePerSecond, double burst)
        {
            _rate = ratePerSecond;
            _burst = burst;
            _tokens = burst;
        }

        public Task WaitAsync(CancellationToken ct)
        {
            TimeSpan wait;
            lock (_gate)
            {
                double now = _clock.Elapsed.TotalSeconds;
                _tokens = Math.Min(_burst, _tokens + (now - _last) * _rate);
                _last = now;
                _tokens -= 1;
                if (_tokens >= 0) return Task.CompletedTask;
                wait = TimeSpan.FromSeconds(-_tokens / _rate);
            }
            return Task.Delay(wait, ct);
        }
    }
}
