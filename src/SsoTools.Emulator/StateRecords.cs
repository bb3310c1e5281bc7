using System;
using System.Collections.Generic;

namespace SsoTools.Emulator;

/// <summary>Grant type names as RegisterClient and CreateToken spell them.</summary>
internal static class GrantTypes
{
    public const string DeviceCode = "urn:ietf:params:oauth:grant-type:device_code";
    public const string AuthorizationCode = "authorization_code";
    public const string RefreshToken = "refresh_token";

    // jwt-bearer and token-exchange are accepted at registration (the service knows them)
    // but the emulator cannot redeem them.
    public static readonly string[] Known =
    {
        DeviceCode, AuthorizationCode, RefreshToken,
        "urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:ietf:params:oauth:grant-type:token-exchange",
    };

    /// <summary>Counter suffix: CreateToken:device_code etc.</summary>
    public static string? CounterName(string? grantType) => grantType switch
    {
        DeviceCode => "device_code",
        AuthorizationCode => "authorization_code",
        RefreshToken => "refresh_token",
        _ => null,
    };
}

internal sealed class ClientRecord
{
    public required string ClientId { get; init; }
    public required string ClientSecret { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    /// <summary>Empty when registered without grantTypes (the device-flow way).</summary>
    public required IReadOnlyList<string> GrantTypes { get; init; }
    public required IReadOnlyList<string> RedirectUris { get; init; }
    public required IReadOnlyList<string> Scopes { get; init; }

    public bool Registered(string grantType) => ((IList<string>)GrantTypes).Contains(grantType);
}

internal enum DeviceStatus { Pending, Approved, Denied, Consumed }

internal sealed class DeviceAuthorization
{
    public required string DeviceCode { get; init; }
    public required string UserCode { get; init; }
    public required string ClientId { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    /// <summary>The interval the server expects now; grows by 5 s with every SlowDown (RFC 8628).</summary>
    public int IntervalSeconds { get; set; }
    public DateTimeOffset? LastPoll { get; set; }
    /// <summary>Polls that passed the interval check.</summary>
    public int Polls { get; set; }
    public DeviceStatus Status { get; set; }
}

internal sealed class AuthorizationCodeRecord
{
    public required string Code { get; init; }
    public required string ClientId { get; init; }
    public required string RedirectUri { get; init; }
    public required string CodeChallenge { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public bool Used { get; set; }
}

internal sealed class AccessTokenRecord
{
    public required string Token { get; init; }
    public required string ClientId { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public string? RefreshToken { get; init; }
    /// <summary>The server-side sign-in session this token belongs to (Logout ends all of it).</summary>
    public required string SignInSession { get; init; }
    public bool Revoked { get; set; }
}

internal sealed class RefreshTokenRecord
{
    public required string Token { get; init; }
    public required string ClientId { get; init; }
    public required string SignInSession { get; init; }
    /// <summary>Used (single-use mode) or revoked by Logout: either way it no longer works.</summary>
    public bool Spent { get; set; }
}

/// <summary>What CreateToken returns on success.</summary>
internal readonly record struct TokenGrant(string AccessToken, int ExpiresIn, string? RefreshToken);

/// <summary>What the simulated user's browser visit to /device did.</summary>
internal enum VerifyOutcome { Unknown, Expired, AlreadyUsed, Approved, Denied, Waiting }

/// <summary>Counts for GET /_emulator/state.</summary>
internal sealed record StateSummary(int Clients, int AccessTokens, int RefreshTokens, int PendingDeviceAuthorizations, int AuthorizationCodes);

/// <summary>Temporary credentials this emulator issued: what STS and the console accept.</summary>
internal sealed class IssuedCredential
{
    public required string AccessKeyId { get; init; }
    public required string SecretAccessKey { get; init; }
    public required string SessionToken { get; init; }
    public required DateTimeOffset Expiration { get; init; }
    public required string AccountId { get; init; }
    public required string RoleName { get; init; }
    /// <summary>Set for AssumeRole credentials (a chained role session); null for GetRoleCredentials.</summary>
    public string? RoleArn { get; init; }
    public string? RoleSessionName { get; init; }
    public bool Chained => RoleArn != null;
}

internal sealed record SigninTokenRecord(IssuedCredential Credential, DateTimeOffset IssuedAt, int? SessionDuration);

internal sealed record ConsoleSignin(string AccountId, string RoleName, bool Chained, string Destination, string Issuer, int? SessionDuration);
