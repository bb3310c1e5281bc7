using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace SsoTools.Emulator;

/// <summary>
/// Everything the emulated service remembers: client registrations, device and authorization
/// codes, access and refresh tokens. One lock guards it all: each operation is a few
/// dictionary look-ups, so contention is negligible even with many processes polling /token,
/// and a single lock makes every state transition (e.g. "refresh token used exactly once")
/// trivially atomic.
/// </summary>
internal sealed class EmulatorState
{
    // Polls this much early still count as on time: timers and network add jitter.
    private static readonly TimeSpan IntervalTolerance = TimeSpan.FromMilliseconds(100);
    private const int SlowDownStepSeconds = 5;
    private const int PruneEvery = 1024;

    private readonly object _sync = new();
    private readonly EmulatorOptions _options;
    private readonly OperationCounters _counters;
    private readonly TimeProvider _time;

    private readonly Dictionary<string, ClientRecord> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceAuthorization> _byDeviceCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceAuthorization> _byUserCode = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, AuthorizationCodeRecord> _authCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessTokenRecord> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshTokenRecord> _refreshTokens = new(StringComparer.Ordinal);
    private int _insertsSincePrune;
    // Every secret handed out, by kind, so a test can scan output for all of them.
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Kind, string Value)> _issued = new();

    /// <summary>Notes a secret this emulator handed out (client secrets, tokens, role credentials).</summary>
    public void NoteIssued(string kind, string value) => _issued.Enqueue((kind, value));

    public IReadOnlyList<(string Kind, string Value)> Issued() => _issued.ToArray();

    // Role credentials issued (GetRoleCredentials, AssumeRole), by access key ID: STS and the
    // federation endpoint accept only these, unexpired, with the matching secret and token.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IssuedCredential> _credentials = new(StringComparer.Ordinal);

    public IssuedCredential IssueCredential(string accountId, string roleName, string? roleArn, string? sessionName, int lifetimeSeconds)
    {
        var c = new IssuedCredential
        {
            AccessKeyId = RandomIds.AccessKeyId(),
            SecretAccessKey = RandomIds.SecretAccessKey(),
            SessionToken = RandomIds.SessionToken() + _options.SessionTokenSuffix,
            Expiration = Now.AddSeconds(lifetimeSeconds),
            AccountId = accountId,
            RoleName = roleName,
            RoleArn = roleArn,
            RoleSessionName = sessionName,
        };
        _credentials[c.AccessKeyId] = c;
        NoteIssued("secretAccessKey", c.SecretAccessKey);
        NoteIssued("sessionToken", c.SessionToken);
        return c;
    }

    public IssuedCredential? FindCredential(string? accessKeyId) =>
        accessKeyId != null && _credentials.TryGetValue(accessKeyId, out var c) ? c : null;

    // Console sign-in tokens (getSigninToken) and the sign-ins that used them.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SigninTokenRecord> _signinTokens = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentQueue<ConsoleSignin> _signins = new();

    public string IssueSigninToken(IssuedCredential credential, int? sessionDuration)
    {
        string token = RandomIds.Alphanumeric(120);
        _signinTokens[token] = new SigninTokenRecord(credential, Now, sessionDuration);
        NoteIssued("signinToken", token);
        return token;
    }

    public SigninTokenRecord? RedeemSigninToken(string? token)
    {
        if (token == null || !_signinTokens.TryRemove(token, out var record)) return null;
        return Now - record.IssuedAt > TimeSpan.FromMinutes(15) ? null : record;
    }

    public void NoteSignin(ConsoleSignin signin) => _signins.Enqueue(signin);
    public IReadOnlyList<ConsoleSignin> Signins() => _signins.ToArray();

    // The tokens Logout was called with, in order: which token a client signed out.
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _logouts = new();
    public void NoteLogout(string token) => _logouts.Enqueue(token);
    public IReadOnlyList<string> Logouts() => _logouts.ToArray();

    public EmulatorState(EmulatorOptions options, OperationCounters counters, TimeProvider time)
    {
        _options = options;
        _counters = counters;
        _time = time;
    }

    public DateTimeOffset Now => _time.GetUtcNow();

    // ---- clients ---------------------------------------------------------------------

    public ClientRecord RegisterClient(IReadOnlyList<string> grantTypes, IReadOnlyList<string> redirectUris, IReadOnlyList<string> scopes)
    {
        var client = new ClientRecord
        {
            ClientId = RandomIds.ClientId(),
            ClientSecret = RandomIds.ClientSecret(),
            ExpiresAt = Now.AddSeconds(_options.RegistrationLifetimeSeconds),
            GrantTypes = grantTypes,
            RedirectUris = redirectUris,
            Scopes = scopes,
        };
        NoteIssued("clientSecret", client.ClientSecret);
        lock (_sync)
        {
            _clients[client.ClientId] = client;
        }
        return client;
    }

    /// <summary>Finds a client by id only (the /authorize page gets no secret).</summary>
    public ClientRecord? FindClient(string? clientId)
    {
        if (clientId is null)
        {
            return null;
        }
        lock (_sync)
        {
            return _clients.TryGetValue(clientId, out ClientRecord? c) && c.ExpiresAt > Now ? c : null;
        }
    }

    public WireError? Authenticate(string? clientId, string? clientSecret, out ClientRecord? client)
    {
        client = null;
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(clientSecret))
        {
            return WireError.InvalidRequest("clientId and clientSecret are required.");
        }
        ClientRecord? found;
        lock (_sync)
        {
            _clients.TryGetValue(clientId, out found);
        }
        if (found is null)
        {
            return WireError.InvalidClient("Unknown client.");
        }
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(found.ClientSecret), Encoding.UTF8.GetBytes(clientSecret)))
        {
            return WireError.InvalidClient("Invalid client secret.");
        }
        if (found.ExpiresAt <= Now)
        {
            return WireError.InvalidClient("Client registration has expired.");
        }
        client = found;
        return null;
    }

    public void ForgetClients()
    {
        lock (_sync)
        {
            _clients.Clear();
        }
    }

    // ---- device authorization --------------------------------------------------------

    public DeviceAuthorization StartDeviceAuthorization(ClientRecord client)
    {
        lock (_sync)
        {
            string userCode;
            do
            {
                userCode = RandomIds.UserCode();
            }
            while (_byUserCode.ContainsKey(userCode));

            var auth = new DeviceAuthorization
            {
                DeviceCode = RandomIds.DeviceCode(),
                UserCode = userCode,
                ClientId = client.ClientId,
                ExpiresAt = Now.AddSeconds(_options.DeviceCodeLifetimeSeconds),
                IntervalSeconds = _options.DeviceInterval,
                Status = DeviceStatus.Pending,
            };
            _byDeviceCode[auth.DeviceCode] = auth;
            _byUserCode[auth.UserCode] = auth;
            NoteInsert();
            return auth;
        }
    }

    /// <summary>One CreateToken poll with the device_code grant.</summary>
    public WireError? PollDeviceCode(ClientRecord client, string deviceCode, out TokenGrant grant)
    {
        grant = default;
        lock (_sync)
        {
            if (!_byDeviceCode.TryGetValue(deviceCode, out DeviceAuthorization? auth) || auth.ClientId != client.ClientId)
            {
                return WireError.InvalidGrant("Invalid device code provided.");
            }
            if (auth.Status == DeviceStatus.Consumed)
            {
                return WireError.InvalidGrant("The device code has already been used.");
            }
            DateTimeOffset now = Now;
            if (now >= auth.ExpiresAt)
            {
                return WireError.ExpiredToken("The device code has expired.");
            }
            if (_options.EnforceInterval && auth.LastPoll is DateTimeOffset last &&
                now - last < TimeSpan.FromSeconds(auth.IntervalSeconds) - IntervalTolerance)
            {
                // Remember this poll too: a client that waits the new interval from now is on time.
                auth.LastPoll = now;
                auth.IntervalSeconds += SlowDownStepSeconds;
                _counters.Increment("SlowDown");
                return WireError.SlowDown("Client is polling too quickly; the interval is now " + auth.IntervalSeconds + " s.");
            }
            auth.LastPoll = now;
            auth.Polls++;

            // The simulated user acts once enough polls have been answered "pending";
            // a browser visit to /device may already have decided.
            if (auth.Status == DeviceStatus.Pending && auth.Polls - 1 >= _options.ApproveAfterPolls)
            {
                auth.Status = _options.User switch
                {
                    "approve" => DeviceStatus.Approved,
                    "deny" => DeviceStatus.Denied,
                    _ => DeviceStatus.Pending,
                };
            }

            switch (auth.Status)
            {
                case DeviceStatus.Approved:
                    auth.Status = DeviceStatus.Consumed;
                    bool refresh = client.GrantTypes.Count == 0 ? _options.DeviceRefreshTokens : client.Registered(GrantTypes.RefreshToken);
                    grant = IssueTokens(client, refresh, reuseRefreshToken: null, session: null);
                    return null;
                case DeviceStatus.Denied:
                    return WireError.AccessDenied("The user denied the authorization request.");
                default:
                    return WireError.AuthorizationPending();
            }
        }
    }

    /// <summary>The user opens verificationUriComplete in a browser.</summary>
    public VerifyOutcome VerifyUserCode(string userCode)
    {
        lock (_sync)
        {
            if (!_byUserCode.TryGetValue(userCode.Trim(), out DeviceAuthorization? auth))
            {
                return VerifyOutcome.Unknown;
            }
            if (auth.Status == DeviceStatus.Consumed)
            {
                return VerifyOutcome.AlreadyUsed;
            }
            if (Now >= auth.ExpiresAt)
            {
                return VerifyOutcome.Expired;
            }
            switch (_options.User)
            {
                case "approve":
                    if (auth.Status == DeviceStatus.Pending)
                    {
                        auth.Status = DeviceStatus.Approved;
                    }
                    return auth.Status == DeviceStatus.Denied ? VerifyOutcome.Denied : VerifyOutcome.Approved;
                case "deny":
                    if (auth.Status == DeviceStatus.Pending)
                    {
                        auth.Status = DeviceStatus.Denied;
                    }
                    return auth.Status == DeviceStatus.Approved ? VerifyOutcome.Approved : VerifyOutcome.Denied;
                default:
                    return VerifyOutcome.Waiting;
            }
        }
    }

    // ---- authorization code with PKCE ------------------------------------------------

    public string CreateAuthorizationCode(ClientRecord client, string redirectUri, string codeChallenge)
    {
        var record = new AuthorizationCodeRecord
        {
            Code = RandomIds.AuthorizationCode(),
            ClientId = client.ClientId,
            RedirectUri = redirectUri,
            CodeChallenge = codeChallenge,
            ExpiresAt = Now.AddSeconds(_options.DeviceCodeLifetimeSeconds),
        };
        lock (_sync)
        {
            _authCodes[record.Code] = record;
            NoteInsert();
        }
        return record.Code;
    }

    public WireError? RedeemAuthorizationCode(ClientRecord client, string code, string? redirectUri, string codeVerifier, out TokenGrant grant)
    {
        grant = default;
        lock (_sync)
        {
            if (!_authCodes.TryGetValue(code, out AuthorizationCodeRecord? record) || record.ClientId != client.ClientId)
            {
                return WireError.InvalidGrant("Invalid authorization code provided.");
            }
            if (record.Used)
            {
                return WireError.InvalidGrant("The authorization code has already been used.");
            }
            // Any attempt burns the code, as OAuth servers do: a wrong verifier is not retried.
            record.Used = true;
            if (Now >= record.ExpiresAt)
            {
                return WireError.InvalidGrant("The authorization code has expired.");
            }
            if (!string.Equals(redirectUri, record.RedirectUri, StringComparison.Ordinal))
            {
                return WireError.InvalidGrant("redirectUri does not match the one sent to /authorize.");
            }
            if (!Pkce.Matches(codeVerifier, record.CodeChallenge))
            {
                return WireError.InvalidGrant("Code verifier does not match the code challenge.");
            }
            grant = IssueTokens(client, client.Registered(GrantTypes.RefreshToken), reuseRefreshToken: null, session: null);
            return null;
        }
    }

    // ---- refresh ---------------------------------------------------------------------

    public WireError? Refresh(ClientRecord client, string refreshToken, out TokenGrant grant)
    {
        grant = default;
        lock (_sync)
        {
            if (!_refreshTokens.TryGetValue(refreshToken, out RefreshTokenRecord? record) || record.ClientId != client.ClientId)
            {
                return WireError.InvalidGrant("Invalid refresh token provided.");
            }
            if (record.Spent)
            {
                return WireError.InvalidGrant("The refresh token has already been used or revoked.");
            }
            if (_options.SingleUseRefreshTokens)
            {
                record.Spent = true;
                grant = IssueTokens(client, withRefreshToken: true, reuseRefreshToken: null, session: record.SignInSession);
            }
            else
            {
                grant = IssueTokens(client, withRefreshToken: true, reuseRefreshToken: record.Token, session: record.SignInSession);
            }
            return null;
        }
    }

    /// <summary>"live" (it would refresh), "spent" (used or revoked) or "unknown".</summary>
    public string RefreshTokenState(string refreshToken)
    {
        lock (_sync)
        {
            if (!_refreshTokens.TryGetValue(refreshToken, out RefreshTokenRecord? record)) return "unknown";
            return record.Spent ? "spent" : "live";
        }
    }

    // Caller holds _sync. A sign-in (device or authorization code) starts a server-side sign-in
    // session; refreshes continue it. Logout ends the whole session, as the real service does.
    private TokenGrant IssueTokens(ClientRecord client, bool withRefreshToken, string? reuseRefreshToken, string? session)
    {
        session ??= System.Guid.NewGuid().ToString("N");
        string? refresh = null;
        if (withRefreshToken)
        {
            refresh = reuseRefreshToken;
            if (refresh is null)
            {
                refresh = RandomIds.RefreshToken();
                _refreshTokens[refresh] = new RefreshTokenRecord { Token = refresh, ClientId = client.ClientId, SignInSession = session };
                NoteIssued("refreshToken", refresh);
            }
        }
        int lifetime = _options.TokenLifetimeSeconds;
        var access = new AccessTokenRecord
        {
            Token = RandomIds.AccessToken(),
            ClientId = client.ClientId,
            ExpiresAt = Now.AddSeconds(lifetime),
            RefreshToken = refresh,
            SignInSession = session,
        };
        NoteIssued("accessToken", access.Token);
        _accessTokens[access.Token] = access;
        NoteInsert();
        return new TokenGrant(access.Token, lifetime, refresh);
    }

    // ---- access tokens (portal) ------------------------------------------------------

    public bool IsValidAccessToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }
        lock (_sync)
        {
            return _accessTokens.TryGetValue(token, out AccessTokenRecord? t) && !t.Revoked && t.ExpiresAt > Now;
        }
    }

    /// <summary>Ends the sign-in session of the token: every access and refresh token issued in it
    /// (the first sign-in and each refresh since) stops working.</summary>
    public bool Logout(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }
        lock (_sync)
        {
            if (!_accessTokens.TryGetValue(token, out AccessTokenRecord? t) || t.Revoked || t.ExpiresAt <= Now)
            {
                return false;
            }
            t.Revoked = true;
            if (t.RefreshToken is not null && _refreshTokens.TryGetValue(t.RefreshToken, out RefreshTokenRecord? r))
            {
                r.Spent = true;
            }
            foreach (AccessTokenRecord other in _accessTokens.Values)
            {
                if (other.SignInSession == t.SignInSession) other.Revoked = true;
            }
            foreach (RefreshTokenRecord other in _refreshTokens.Values)
            {
                if (other.SignInSession == t.SignInSession) other.Spent = true;
            }
            return true;
        }
    }

    /// <summary>Every access token issued so far stops working; refresh tokens still work,
    /// which is how a test makes a client discover a server-side expiry and refresh.</summary>
    public void ExpireAllTokens()
    {
        lock (_sync)
        {
            foreach (AccessTokenRecord t in _accessTokens.Values)
            {
                t.Revoked = true;
            }
        }
    }

    public StateSummary Summarize()
    {
        lock (_sync)
        {
            DateTimeOffset now = Now;
            return new StateSummary(
                Clients: _clients.Values.Count(c => c.ExpiresAt > now),
                AccessTokens: _accessTokens.Values.Count(t => !t.Revoked && t.ExpiresAt > now),
                RefreshTokens: _refreshTokens.Values.Count(r => !r.Spent),
                PendingDeviceAuthorizations: _byDeviceCode.Values.Count(d => d.Status != DeviceStatus.Consumed && d.ExpiresAt > now),
                AuthorizationCodes: _authCodes.Values.Count(a => !a.Used && a.ExpiresAt > now));
        }
    }

    // Caller holds _sync. Drops records that can never succeed again, so a long soak test
    // does not grow memory without bound; the errors they would give are the same as for
    // unknown values (InvalidGrant, 401).
    private void NoteInsert()
    {
        if (++_insertsSincePrune < PruneEvery)
        {
            return;
        }
        _insertsSincePrune = 0;
        DateTimeOffset now = Now;
        foreach (DeviceAuthorization d in _byDeviceCode.Values.Where(d => d.ExpiresAt <= now).ToList())
        {
            _byDeviceCode.Remove(d.DeviceCode);
            _byUserCode.Remove(d.UserCode);
        }
        foreach (AuthorizationCodeRecord a in _authCodes.Values.Where(a => a.Used || a.ExpiresAt <= now).ToList())
        {
            _authCodes.Remove(a.Code);
        }
        foreach (AccessTokenRecord t in _accessTokens.Values.Where(t => t.Revoked || t.ExpiresAt <= now).ToList())
        {
            _accessTokens.Remove(t.Token);
        }
        foreach (RefreshTokenRecord r in _refreshTokens.Values.Where(r => r.Spent).ToList())
        {
            _refreshTokens.Remove(r.Token);
        }
    }
}
