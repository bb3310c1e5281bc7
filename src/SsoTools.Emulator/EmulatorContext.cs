using System;

namespace SsoTools.Emulator;

/// <summary>The pieces every endpoint group shares; one per running server.</summary>
internal sealed class EmulatorContext
{
    public EmulatorContext(EmulatorOptions options, TimeProvider time)
    {
        Options = options;
        Time = time;
        Counters = new OperationCounters();
        State = new EmulatorState(options, Counters, time);
        Gate = new RequestGate(options, Counters, time);
    }

    public EmulatorOptions Options { get; }
    public TimeProvider Time { get; }
    public OperationCounters Counters { get; }
    public EmulatorState State { get; }
    public RequestGate Gate { get; }

    /// <summary>The other host redirect faults send clients to; started with the server.</summary>
    public Trap? Trap { get; set; }

    public string TrapBaseUrl => Trap?.BaseUrl ?? "http://127.0.0.2:9";

    /// <summary>http://127.0.0.1:PORT, known once the listener has bound; used in verification URIs.</summary>
    public string BaseUrl { get; set; } = string.Empty;
}
