using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace SsoTools.Core.Portal
{
    /// <summary>
    /// Paces portal calls below the service's throttle, shared by every caller in the process: the
    /// SDK's own retries do not survive a burst (design.md). A token bucket whose rate adapts to
    /// what the service allows: halved on each throttle (down to a floor), raised a little on each
    /// success and by one call a second for each quiet second since the last throttle (back up to
    /// the ceiling), so a listing slows down to the service's pace and finishes, and a later command
    /// in the same session does not start at a storm's pace.
    /// </summary>
    public sealed class RateLimiter
    {
        public static readonly RateLimiter Portal = new RateLimiter(ratePerSecond: 10, burst: 10);

        readonly double _ceiling;
        readonly double _floor;
        readonly double _burst;
        readonly object _gate = new object();
        readonly Stopwatch _clock = Stopwatch.StartNew();
        double _rate;
        double _tokens;
        double _last;
        double _lastThrottle = double.NegativeInfinity;
        double _rateAtThrottle;

        public RateLimiter(double ratePerSecond, double burst, double floor = 0.5)
        {
            _ceiling = _rate = ratePerSecond;
            _floor = Math.Min(floor, ratePerSecond);
            _burst = burst;
            _tokens = burst;
        }

        /// <summary>The current pace, in calls a second.</summary>
        public double Rate { get { lock (_gate) return _rate; } }

        public Task WaitAsync(CancellationToken ct)
        {
            TimeSpan wait;
            lock (_gate)
            {
                double now = _clock.Elapsed.TotalSeconds;
                if (_rate < _ceiling && !double.IsNegativeInfinity(_lastThrottle))
                    _rate = Math.Max(_rate, Math.Min(_ceiling, _rateAtThrottle + (now - _lastThrottle)));
                _tokens = Math.Min(_burst, _tokens + (now - _last) * _rate);
                _last = now;
                _tokens -= 1;
                if (_tokens >= 0) return Task.CompletedTask;
                wait = TimeSpan.FromSeconds(-_tokens / _rate);
            }
            return Task.Delay(wait, ct);
        }

        /// <summary>The service throttled a call: halve the pace and drop any burst.</summary>
        public void Throttled()
        {
            lock (_gate)
            {
                _rate = Math.Max(_floor, _rate / 2);
                _tokens = Math.Min(_tokens, 0);
                _lastThrottle = _clock.Elapsed.TotalSeconds;
                _rateAtThrottle = _rate;
            }
        }

        /// <summary>A call went through: creep back towards the ceiling.</summary>
        public void Succeeded()
        {
            lock (_gate) _rate = Math.Min(_ceiling, _rate + 0.1);
        }
    }
}
