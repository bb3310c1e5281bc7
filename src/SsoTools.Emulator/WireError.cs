namespace SsoTools.Emulator;

/// <summary>
/// A service error as it goes on the wire. Both SDKs take the exception name from the
/// x-amzn-ErrorType header; SSO OIDC bodies follow OAuth 2.0 ({"error","error_description"},
/// botocore copies error_description into the message), portal bodies carry {"message"}.
/// </summary>
internal sealed record WireError(int Status, string Type, string OAuthCode, string Message)
{
    // SSO OIDC (status codes from the sso-oidc service model)
    public static WireError AuthorizationPending() =>
        new(400, "AuthorizationPendingException", "authorization_pending", "Authorization is still pending.");
    public static WireError SlowDown(string message = "Polling too fast; slow down.") =>
        new(400, "SlowDownException", "slow_down", message);
    public static WireError ExpiredToken(string message) => new(400, "ExpiredTokenException", "expired_token", message);
    public static WireError AccessDenied(string message) => new(400, "AccessDeniedException", "access_denied", message);
    public static WireError InvalidClient(string message) => new(401, "InvalidClientException", "invalid_client", message);
    public static WireError InvalidGrant(string message) => new(400, "InvalidGrantException", "invalid_grant", message);
    public static WireError InvalidRequest(string message) => new(400, "InvalidRequestException", "invalid_request", message);
    public static WireError UnauthorizedClient(string message) =>
        new(400, "UnauthorizedClientException", "unauthorized_client", message);
    public static WireError UnsupportedGrantType(string message) =>
        new(400, "UnsupportedGrantTypeException", "unsupported_grant_type", message);
    public static WireError InvalidClientMetadata(string message) =>
        new(400, "InvalidClientMetadataException", "invalid_client_metadata", message);
    public static WireError InvalidRedirectUri(string message) =>
        new(400, "InvalidRedirectUriException", "invalid_redirect_uri", message);
    /// <summary>Not an error the service names: a 200 whose body is cut off (MalformedNext).</summary>
    public static WireError Malformed() => new(200, "Malformed", "malformed", "");
    public bool IsMalformed => Type == "Malformed";

    public static WireError InternalServer() =>
        new(500, "InternalServerException", "server_error", "Injected failure (FailNext).");

    // SSO portal (status codes from the sso service model)
    public static WireError Unauthorized() =>
        new(401, "UnauthorizedException", "unauthorized", "Session token not found or invalid");
    public static WireError ResourceNotFound(string message) =>
        new(404, "ResourceNotFoundException", "not_found", message);
    public static WireError TooManyRequests() =>
        new(429, "TooManyRequestsException", "too_many_requests", "Rate exceeded");
    public static WireError UnknownOperation() =>
        new(404, "UnknownOperationException", "unknown_operation", "No such operation.");
}
