using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;


namespace SsoTools.Emulator;

/// <summary>
/// /_emulator/*: how tests outside the process (Pester, botocore scripts) steer and observe
/// the emulator. Not part of any AWS API; never counted, delayed or failed.
/// </summary>
internal sealed class ControlEndpoints
{
    private readonly EmulatorContext _ctx;

    public ControlEndpoints(EmulatorContext ctx) => _ctx = ctx;

    // GET /_emulator/counters
    public Task CountersAsync(HttpContext http)
    {
        var body = new JsonObject();
        foreach (KeyValuePair<string, long> kv in _ctx.Counters.Snapshot())
        {
            body[kv.Key] = kv.Value;
        }
        return Wire.WriteJsonAsync(http, body);
    }

    // POST /_emulator/reset
    public Task ResetAsync(HttpContext http)
    {
        _ctx.Counters.Reset();
        return Ok(http);
    }

    // GET /_emulator/options
    public Task GetOptionsAsync(HttpContext http) => Wire.WriteJsonAsync(http, OptionBinder.ToJson(_ctx.Options));

    // POST /_emulator/options  {"user": "deny", "throttlePerSecond": 5}
    public async Task SetOptionsAsync(HttpContext http)
    {
        try
        {
            using JsonDocument doc = await JsonDocument.ParseAsync(http.Request.Body);
            OptionBinder.Merge(_ctx.Options, doc.RootElement);
        }
        catch (Exception e) when (e is JsonException || e is ArgumentException)
        {
            await Wire.WriteJsonAsync(http, new JsonObject { ["error"] = e.Message }, 400);
            return;
        }
        await Wire.WriteJsonAsync(http, OptionBinder.ToJson(_ctx.Options));
    }

    // POST /_emulator/expire-tokens
    public Task ExpireTokensAsync(HttpContext http)
    {
        _ctx.State.ExpireAllTokens();
        return Ok(http);
    }

    // POST /_emulator/forget-clients
    public Task ForgetClientsAsync(HttpContext http)
    {
        _ctx.State.ForgetClients();
        return Ok(http);
    }

    // GET /_emulator/state
    public Task StateAsync(HttpContext http)
    {
        StateSummary s = _ctx.State.Summarize();
        return Wire.WriteJsonAsync(http, new JsonObject
        {
            ["clients"] = s.Clients,
            ["accessTokens"] = s.AccessTokens,
            ["refreshTokens"] = s.RefreshTokens,
            ["pendingDeviceAuthorizations"] = s.PendingDeviceAuthorizations,
            ["authorizationCodes"] = s.AuthorizationCodes,
        });
    }

    // GET /_emulator/secrets: every secret handed out so far, {"kind": ..., "value": ...}; a test
    // scans what the client printed for each of them.
    public Task SecretsAsync(HttpContext http)
    {
        var list = new JsonArray();
        foreach ((string kind, string value) in _ctx.State.Issued())
        {
            list.Add(new JsonObject { ["kind"] = kind, ["value"] = value });
        }
        return Wire.WriteJsonAsync(http, new JsonObject { ["secrets"] = list });
    }

    // GET /_emulator/logouts: the tokens /logout was called with, in order.
    public Task LogoutsAsync(HttpContext http)
    {
        var list = new JsonArray();
        foreach (string token in _ctx.State.Logouts()) list.Add(token);
        return Wire.WriteJsonAsync(http, new JsonObject { ["logouts"] = list });
    }

    // GET /_emulator/signins: every console sign-in (federation login) with the role it was for
    public Task SigninsAsync(HttpContext http)
    {
        var list = new JsonArray();
        foreach (ConsoleSignin s in _ctx.State.Signins())
            list.Add(new JsonObject
            {
                ["accountId"] = s.AccountId, ["roleName"] = s.RoleName, ["chained"] = s.Chained,
                ["destination"] = s.Destination, ["issuer"] = s.Issuer, ["sessionDuration"] = s.SessionDuration,
            });
        return Wire.WriteJsonAsync(http, new JsonObject { ["signins"] = list });
    }

    // GET /_emulator/trap: every request that reached the redirect faults' other host, headers and body.
    public Task TrapAsync(HttpContext http) =>
        Wire.WriteJsonAsync(http, new JsonObject { ["url"] = _ctx.TrapBaseUrl, ["requests"] = _ctx.Trap?.Requests() ?? new JsonArray() });

    // POST /_emulator/trap/clear
    public Task ClearTrapAsync(HttpContext http)
    {
        _ctx.Trap?.Clear();
        return Ok(http);
    }

    // POST /_emulator/refresh-token {"refreshToken": "..."}: live, spent or unknown. A session is lost when
    // the token file holds a refresh token that is not live.
    public async Task RefreshTokenStateAsync(HttpContext http)
    {
        (JsonElement body, WireError? error) = await Wire.ReadBodyAsync(http);
        string? token = error is null ? Wire.GetString(body, "refreshToken", ref error) : null;
        await Wire.WriteJsonAsync(http, new JsonObject { ["state"] = token is null ? "unknown" : _ctx.State.RefreshTokenState(token) });
    }

    private static Task Ok(HttpContext http) => Wire.WriteJsonAsync(http, new JsonObject { ["ok"] = true });
}
