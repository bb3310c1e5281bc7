using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;


namespace SsoTools.Emulator;

/// <summary>The SSO OIDC API: RegisterClient, StartDeviceAuthorization, CreateToken.</summary>
internal sealed class OidcEndpoints
{
    private readonly EmulatorContext _ctx;

    public OidcEndpoints(EmulatorContext ctx) => _ctx = ctx;

    // POST /client/register
    public async Task RegisterClientAsync(HttpContext http)
    {
        (JsonElement body, WireError? error) = await Wire.ReadBodyAsync(http);
        error ??= await _ctx.Gate.AdmitAsync(Operations.RegisterClient, oidc: true);
        if (error is not null)
        {
            await Wire.WriteOidcErrorAsync(http, error);
            return;
        }

        string? clientName = Wire.GetString(body, "clientName", ref error);
        string? clientType = Wire.GetString(body, "clientType", ref error);
        List<string> scopes = Wire.GetStringList(body, "scopes", ref error) ?? new List<string>();
        List<string> grantTypes = Wire.GetStringList(body, "grantTypes", ref error) ?? new List<string>();
        List<string> redirectUris = Wire.GetStringList(body, "redirectUris", ref error) ?? new List<string>();
        string? issuerUrl = Wire.GetString(body, "issuerUrl", ref error);

        if (error is null && (string.IsNullOrEmpty(clientName) || string.IsNullOrEmpty(clientType)))
        {
            error = WireError.InvalidRequest("clientName and clientType are required.");
        }
        if (error is null && clientType != "public")
        {
            error = WireError.InvalidClientMetadata("clientType must be public.");
        }
        string? unknownGrant = grantTypes.FirstOrDefault(g => !GrantTypes.Known.Contains(g));
        if (error is null && unknownGrant is not null)
        {
            error = WireError.UnsupportedGrantType("Unsupported grant type: " + unknownGrant);
        }
        if (error is null && grantTypes.Contains(GrantTypes.AuthorizationCode))
        {
            if (redirectUris.Count == 0 || !redirectUris.All(LoopbackRedirect.IsLoopback))
            {
                error = WireError.InvalidRedirectUri("authorization_code clients need loopback http redirectUris.");
            }
            else if (string.IsNullOrEmpty(issuerUrl))
            {
                error = WireError.InvalidRequest("issuerUrl is required for authorization_code clients.");
            }
            else if (!_ctx.Options.IsKnownStartUrl(issuerUrl))
            {
                error = WireError.InvalidRequest("The issuerUrl is not the AWS access portal URL of this instance.");
            }
        }
        if (error is not null)
        {
            await Wire.WriteOidcErrorAsync(http, error);
            return;
        }

        ClientRecord client = _ctx.State.RegisterClient(grantTypes, redirectUris, scopes);
        await Wire.WriteJsonAsync(http, new JsonObject
        {
            ["clientId"] = client.ClientId,
            ["clientSecret"] = client.ClientSecret,
            ["clientIdIssuedAt"] = _ctx.State.Now.ToUnixTimeSeconds(),
            ["clientSecretExpiresAt"] = client.ExpiresAt.ToUnixTimeSeconds(),
        });
    }

    // POST /device_authorization
    public async Task StartDeviceAuthorizationAsync(HttpContext http)
    {
        (JsonElement body, WireError? error) = await Wire.ReadBodyAsync(http);
        error ??= await _ctx.Gate.AdmitAsync(Operations.StartDeviceAuthorization, oidc: true);
        ClientRecord? client = null;
        string? startUrl = null;
        if (error is null)
        {
            string? clientId = Wire.GetString(body, "clientId", ref error);
            string? clientSecret = Wire.GetString(body, "clientSecret", ref error);
            startUrl = Wire.GetString(body, "startUrl", ref error);
            error ??= _ctx.State.Authenticate(clientId, clientSecret, out client);
        }
        if (error is null && string.IsNullOrEmpty(startUrl))
        {
            error = WireError.InvalidRequest("startUrl is required.");
        }
        if (error is null && !_ctx.Options.IsKnownStartUrl(startUrl))
        {
            error = WireError.InvalidRequest("The start URL is not the AWS access portal URL of this instance.");
        }
        if (error is null && client!.GrantTypes.Count > 0 && !client.Registered(GrantTypes.DeviceCode))
        {
            error = WireError.UnauthorizedClient("The client is not registered for the device_code grant.");
        }
        if (error is not null)
        {
            await Wire.WriteOidcErrorAsync(http, error);
            return;
        }

        DeviceAuthorization auth = _ctx.State.StartDeviceAuthorization(client!);
        string verificationUri = _ctx.BaseUrl + "/device";
        var answer = new JsonObject
        {
            ["deviceCode"] = auth.DeviceCode,
            ["userCode"] = auth.UserCode,
            ["verificationUri"] = verificationUri,
            ["verificationUriComplete"] = verificationUri + "?user_code=" + Uri.EscapeDataString(auth.UserCode),
            ["expiresIn"] = _ctx.Options.DeviceCodeLifetimeSeconds,
            ["interval"] = auth.IntervalSeconds,
        };
        if (!_ctx.Options.DeviceCompleteUri)
        {
            answer.Remove("verificationUriComplete");
        }
        await Wire.WriteJsonAsync(http, answer);
    }

    // POST /token
    public async Task CreateTokenAsync(HttpContext http)
    {
        (JsonElement body, WireError? error) = await Wire.ReadBodyAsync(http);
        string? grantType = error is null ? Wire.GetString(body, "grantType", ref error) : null;
        if (GrantTypes.CounterName(grantType) is string sub)
        {
            _ctx.Counters.Increment(Operations.CreateToken + ":" + sub);
        }
        error ??= await _ctx.Gate.AdmitAsync(Operations.CreateToken, oidc: true);

        ClientRecord? client = null;
        if (error is null)
        {
            string? clientId = Wire.GetString(body, "clientId", ref error);
            string? clientSecret = Wire.GetString(body, "clientSecret", ref error);
            error ??= _ctx.State.Authenticate(clientId, clientSecret, out client);
        }
        if (error is null && string.IsNullOrEmpty(grantType))
        {
            error = WireError.InvalidRequest("grantType is required.");
        }

        TokenGrant grant = default;
        if (error is null)
        {
            error = grantType switch
            {
                GrantTypes.DeviceCode => DeviceCodeGrant(client!, body, out grant),
                GrantTypes.AuthorizationCode => AuthorizationCodeGrant(client!, body, out grant),
                GrantTypes.RefreshToken => RefreshTokenGrant(client!, body, out grant),
                _ => WireError.UnsupportedGrantType("Unsupported grant type: " + grantType),
            };
        }
        if (error is not null)
        {
            await Wire.WriteOidcErrorAsync(http, error);
            return;
        }

        var response = new JsonObject
        {
            ["accessToken"] = grant.AccessToken,
            ["tokenType"] = "Bearer",
            ["expiresIn"] = grant.ExpiresIn,
        };
        if (grant.RefreshToken is not null)
        {
            response["refreshToken"] = grant.RefreshToken;
        }
        await Wire.WriteJsonAsync(http, response);
    }

    private WireError? DeviceCodeGrant(ClientRecord client, JsonElement body, out TokenGrant grant)
    {
        grant = default;
        WireError? error = null;
        string? deviceCode = Wire.GetString(body, "deviceCode", ref error);
        if (error is not null)
        {
            return error;
        }
        if (client.GrantTypes.Count > 0 && !client.Registered(GrantTypes.DeviceCode))
        {
            return WireError.UnauthorizedClient("The client is not registered for the device_code grant.");
        }
        if (string.IsNullOrEmpty(deviceCode))
        {
            return WireError.InvalidRequest("deviceCode is required.");
        }
        return _ctx.State.PollDeviceCode(client, deviceCode, out grant);
    }

    private WireError? AuthorizationCodeGrant(ClientRecord client, JsonElement body, out TokenGrant grant)
    {
        grant = default;
        WireError? error = null;
        string? code = Wire.GetString(body, "code", ref error);
        string? verifier = Wire.GetString(body, "codeVerifier", ref error);
        string? redirectUri = Wire.GetString(body, "redirectUri", ref error);
        if (error is not null)
        {
            return error;
        }
        if (!client.Registered(GrantTypes.AuthorizationCode))
        {
            return WireError.UnauthorizedClient("The client is not registered for the authorization_code grant.");
        }
        if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(verifier))
        {
            return WireError.InvalidRequest("code and codeVerifier are required.");
        }
        return _ctx.State.RedeemAuthorizationCode(client, code, redirectUri, verifier, out grant);
    }

    private WireError? RefreshTokenGrant(ClientRecord client, JsonElement body, out TokenGrant grant)
    {
        grant = default;
        WireError? error = null;
        string? refreshToken = Wire.GetString(body, "refreshToken", ref error);
        if (error is not null)
        {
            return error;
        }
        bool allowed = client.GrantTypes.Count == 0 ? _ctx.Options.DeviceRefreshTokens : client.Registered(GrantTypes.RefreshToken);
        if (!allowed)
        {
            return WireError.UnauthorizedClient("The client is not registered for the refresh_token grant.");
        }
        if (string.IsNullOrEmpty(refreshToken))
        {
            return WireError.InvalidRequest("refreshToken is required.");
        }
        return _ctx.State.Refresh(client, refreshToken, out grant);
    }
}
