using System;
using System.Threading;

namespace SsoTools.Emulator;

/// <summary>
/// How the emulated IAM Identity Center behaves. Every property may be changed while the
/// server runs (tests flip them between steps); each request reads the current values.
/// Plain properties are enough for thread safety here: single int/bool/reference reads and
/// writes are atomic, and FailNext, the one counter that is consumed, is taken with a CAS.
/// </summary>
public sealed class EmulatorOptions
{
    private int _failNext;
    private string _user = "approve";
    private int? _accounts;
    private string[] _accountIds = Array.Empty<string>();

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one. Read only at start.</summary>
    public int Port { get; set; }

    /// <summary>Number of accounts assigned to the user (ids 111111110001, 111111110002, ...,
    /// or those of AccountIds). Defaults to the number of AccountIds when they are set, else 3.</summary>
    public int Accounts
    {
        get => _accounts ?? (_accountIds.Length > 0 ? _accountIds.Length : 3);
        set => _accounts = value;
    }

    /// <summary>Comma-separated 12-digit account ids, used in order for accounts 1, 2, ...;
    /// accounts past the list get generated ids. Empty = all generated.</summary>
    public string AccountIds
    {
        get => string.Join(",", Volatile.Read(ref _accountIds));
        set
        {
            string[] ids = (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (string id in ids)
            {
                if (id.Length != 12 || !ulong.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    throw new ArgumentException($"AccountIds: '{id}' is not a 12-digit account id.");
                }
            }
            if (new System.Collections.Generic.HashSet<string>(ids).Count != ids.Length)
            {
                throw new ArgumentException("AccountIds: the same id is listed twice.");
            }
            Volatile.Write(ref _accountIds, ids);
        }
    }

    /// <summary>The parsed AccountIds (an immutable snapshot).</summary>
    internal string[] AccountIdList => Volatile.Read(ref _accountIds);

    /// <summary>Roles per account, the first N of ReadOnly, Admin, PowerUser, Billing, Developer, ...</summary>
    public int RolesPerAccount { get; set; } = 2;

    /// <summary>Page size of ListAccounts/ListAccountRoles when the caller sends no max_result.
    /// Small by default so that every test walks more than one page.</summary>
    public int PageSize { get; set; } = 2;

    /// <summary>Access token lifetime (expiresIn of CreateToken).</summary>
    public int TokenLifetimeSeconds { get; set; } = 28800;

    /// <summary>Client registration lifetime (clientSecretExpiresAt); 90 days as the service.</summary>
    public long RegistrationLifetimeSeconds { get; set; } = 90L * 24 * 3600;

    /// <summary>Role credential lifetime (expiration of GetRoleCredentials).</summary>
    public int CredentialLifetimeSeconds { get; set; } = 3600;

    /// <summary>Polling interval announced by StartDeviceAuthorization, in seconds.</summary>
    public int DeviceInterval { get; set; } = 1;

    /// <summary>Lifetime of device codes and of PKCE authorization codes.</summary>
    public int DeviceCodeLifetimeSeconds { get; set; } = 600;

    /// <summary>Device-code polls answered AuthorizationPending before the simulated user acts
    /// (approves or denies). 0 = the user acted before the first poll.</summary>
    public int ApproveAfterPolls { get; set; } = 1;

    /// <summary>"approve", "deny" or "never": what the simulated user does in the browser.</summary>
    public string User
    {
        get => Volatile.Read(ref _user);
        set
        {
            string v = (value ?? string.Empty).Trim().ToLowerInvariant();
            if (v != "approve" && v != "deny" && v != "never")
            {
                throw new ArgumentException("User must be approve, deny or never.");
            }
            Volatile.Write(ref _user, v);
        }
    }

    /// <summary>A refresh token works once; the refresh returns a new one.</summary>
    public bool SingleUseRefreshTokens { get; set; } = true;

    /// <summary>StartDeviceAuthorization answers with verificationUriComplete (the page with the code
    /// filled in); false: only verificationUri, as the service may answer (the user must type the code).</summary>
    public bool DeviceCompleteUri { get; set; } = true;

    /// <summary>Device-flow clients registered without grantTypes get refresh tokens too.</summary>
    public bool DeviceRefreshTokens { get; set; } = true;

    /// <summary>Requests per second allowed per operation; above it 429 (portal) or
    /// SlowDownException (OIDC). 0 = unlimited.</summary>
    public int ThrottlePerSecond { get; set; }

    /// <summary>Delay added to every service operation.</summary>
    public int LatencyMs { get; set; }

    /// <summary>The next N service requests fail with 500 InternalServerException.</summary>
    public int FailNext
    {
        get => Volatile.Read(ref _failNext);
        set => Volatile.Write(ref _failNext, Math.Max(0, value));
    }

    /// <summary>Appended to every session token GetRoleCredentials hands out: a hostile or broken
    /// service (a quote character, say) that clients must refuse rather than print.</summary>
    public string SessionTokenSuffix { get; set; } = "";

    /// <summary>Comma-separated start URLs this instance answers to; empty = any. Another start URL
    /// (a typo) gets InvalidRequestException with a description, as the real service refuses it.</summary>
    public string KnownStartUrls { get; set; } = "";

    internal bool IsKnownStartUrl(string? url)
    {
        string known = KnownStartUrls;
        if (string.IsNullOrWhiteSpace(known)) return true;
        foreach (string k in known.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (string.Equals(k, url, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>When set, STS AssumeRole requires this ExternalId (AccessDenied otherwise), as a role
    /// whose trust policy has an sts:ExternalId condition.</summary>
    public string RequiredExternalId { get; set; } = "";

    /// <summary>Answer SlowDownException to device-code polls faster than the interval.</summary>
    public bool EnforceInterval { get; set; } = true;

    private int _faultCount;

    /// <summary>The service path the fault applies to ("/token", "/assignment/accounts", "/" for STS,
    /// "/federation" for the console endpoint), "*" for every service path; empty = no fault.</summary>
    public string FaultPath { get; set; } = "";

    /// <summary>What a faulted request gets: 500, 503, reset (connection closed before any byte),
    /// truncated (a 200 whose body stops short of its Content-Length), nonjson (a 200 of plain text),
    /// html (a 200 sign-in page, as a captive portal), dribble (the real answer, a byte every DribbleDelayMs),
    /// redirect302 / redirect307 (to the trap listener, same path and query), stall (the operation runs,
    /// e.g. a refresh token is rotated, then half the answer is sent and nothing more: FaultStalled counts it).</summary>
    public string FaultMode { get; set; } = "500";

    /// <summary>How many matching requests get the fault, after which FaultPath is cleared; 0 = all of them.</summary>
    public int FaultCount
    {
        get => Volatile.Read(ref _faultCount);
        set => Volatile.Write(ref _faultCount, value);
    }

    /// <summary>Milliseconds between the bytes of a dribbled answer.</summary>
    public int DribbleDelayMs { get; set; } = 200;

    internal bool TryConsumeFault()
    {
        while (true)
        {
            int current = Volatile.Read(ref _faultCount);
            if (current == 0) return true;
            if (Interlocked.CompareExchange(ref _faultCount, current - 1, current) == current)
            {
                if (current == 1) FaultPath = "";
                return true;
            }
        }
    }

    private int _malformedNext;

    /// <summary>The next N service requests get a 200 whose JSON body is cut off.</summary>
    public int MalformedNext
    {
        get => Volatile.Read(ref _malformedNext);
        set => Volatile.Write(ref _malformedNext, Math.Max(0, value));
    }

    internal bool TryConsumeMalformed()
    {
        while (true)
        {
            int current = Volatile.Read(ref _malformedNext);
            if (current <= 0) return false;
            if (Interlocked.CompareExchange(ref _malformedNext, current - 1, current) == current) return true;
        }
    }

    /// <summary>Takes one injected failure if any is pending; safe under concurrency.</summary>
    internal bool TryConsumeFailure()
    {
        while (true)
        {
            int current = Volatile.Read(ref _failNext);
            if (current <= 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _failNext, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
