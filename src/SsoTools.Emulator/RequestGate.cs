using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace SsoTools.Emulator;

/// <summary>
/// What happens to every service request before the operation itself runs: it is counted,
/// delayed (LatencyMs), failed (FailNext) or throttled (ThrottlePerSecond). Browser pages and
/// control endpoints do not pass through here, so that a test's FailNext hits the API call
/// it aims at and not the simulated user's browser.
/// </summary>
internal sealed class RequestGate
{
    private readonly EmulatorOptions _options;
    private readonly OperationCounters _counters;
    private readonly TimeProvider _time;
    private readonly object _sync = new();
    // Fixed one-second windows per operation: "N requests a second per operation" is what
    // tests reason about, and a fixed window makes the 429 boundary exact and predictable.
    private readonly Dictionary<string, (long Second, int Count)> _windows = new(StringComparer.Ordinal);

    public RequestGate(EmulatorOptions options, OperationCounters counters, TimeProvider time)
    {
        _options = options;
        _counters = counters;
        _time = time;
    }

    /// <summary>Null to go on; otherwise the error to answer with. OIDC has no throttling
    /// exception of its own: its model offers SlowDownException ("making the request too
    /// frequently and is more than the service can handle") on every operation.</summary>
    public async Task<WireError?> AdmitAsync(string operation, bool oidc)
    {
        _counters.Increment(operation);
        int latency = _options.LatencyMs;
        if (latency > 0)
        {
            await Task.Delay(latency).ConfigureAwait(false);
        }
        if (_options.TryConsumeMalformed())
        {
            _counters.Increment("InjectedMalformed");
            return WireError.Malformed();
        }
        if (_options.TryConsumeFailure())
        {
            _counters.Increment("InjectedFailures");
            return WireError.InternalServer();
        }
        int limit = _options.ThrottlePerSecond;
        if (limit > 0 && !TryAcquire(operation, limit))
        {
            _counters.Increment("Throttled");
            return oidc ? WireError.SlowDown("Rate exceeded.") : WireError.TooManyRequests();
        }
        return null;
    }

    private bool TryAcquire(string operation, int limit)
    {
        long second = _time.GetUtcNow().ToUnixTimeSeconds();
        lock (_sync)
        {
            _windows.TryGetValue(operation, out (long Second, int Count) w);
            if (w.Second != second)
            {
                w = (second, 0);
            }
            if (w.Count >= limit)
            {
                _windows[operation] = w;
                return false;
            }
            _windows[operation] = (second, w.Count + 1);
            return true;
        }
    }
}
