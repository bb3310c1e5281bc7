using System.Collections.Generic;
using System.Threading;

namespace SsoTools.Emulator;

/// <summary>
/// Request counts per operation. Every known key exists from the start (at zero) so that a
/// test can read any counter without guarding against a missing key.
/// </summary>
internal sealed class OperationCounters
{
    public static readonly string[] Keys =
    {
        Operations.RegisterClient,
        Operations.StartDeviceAuthorization,
        Operations.CreateToken,
        Operations.CreateToken + ":device_code",
        Operations.CreateToken + ":refresh_token",
        Operations.CreateToken + ":authorization_code",
        Operations.Authorize,
        Operations.VerifyDevice,
        Operations.ListAccounts,
        Operations.ListAccountRoles,
        Operations.GetRoleCredentials,
        Operations.Logout,
        Operations.AssumeRole,
        Operations.GetSigninToken,
        Operations.ConsoleLogin,
        "SlowDown",
        "Throttled",
        "InjectedFailures",
        "FaultsInjected",
        "FaultStalled",
        "TrapRequests",
    };

    // One slot per key; the dictionary itself is never mutated after construction,
    // so concurrent readers and Interlocked writers need no lock.
    private readonly Dictionary<string, long[]> _slots = new();

    public OperationCounters()
    {
        foreach (string key in Keys)
        {
            _slots[key] = new long[1];
        }
    }

    public void Increment(string key)
    {
        if (_slots.TryGetValue(key, out long[]? slot))
        {
            Interlocked.Increment(ref slot[0]);
        }
    }

    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var copy = new Dictionary<string, long>(Keys.Length);
        foreach (string key in Keys)
        {
            copy[key] = Interlocked.Read(ref _slots[key][0]);
        }
        return copy;
    }

    public void Reset()
    {
        foreach (long[] slot in _slots.Values)
        {
            Interlocked.Exchange(ref slot[0], 0);
        }
    }
}

/// <summary>Operation names as the AWS service models spell them (counter keys too).</summary>
internal static class Operations
{
    public const string RegisterClient = "RegisterClient";
    public const string StartDeviceAuthorization = "StartDeviceAuthorization";
    public const string CreateToken = "CreateToken";
    public const string Authorize = "Authorize";
    public const string VerifyDevice = "VerifyDevice";
    public const string ListAccounts = "ListAccounts";
    public const string ListAccountRoles = "ListAccountRoles";
    public const string GetRoleCredentials = "GetRoleCredentials";
    public const string AssumeRole = "AssumeRole";
    public const string GetSigninToken = "GetSigninToken";
    public const string ConsoleLogin = "ConsoleLogin";
    public const string Logout = "Logout";
}
