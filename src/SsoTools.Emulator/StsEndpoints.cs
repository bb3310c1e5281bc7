using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;


namespace SsoTools.Emulator;

/// <summary>
/// STS AssumeRole in the AWS Query protocol (form POST, XML answer), as strict about its caller as
/// STS: the request must be SigV4-signed with credentials this emulator issued (unexpired, the
/// matching session token), the role ARN and session name well-formed, and a role chained from a
/// role session (every caller here is one) gets at most one hour.
/// </summary>
internal sealed class StsEndpoints
{
    private const string Ns = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static readonly Regex RoleArnPattern = new(@"\Aarn:(aws|aws-cn|aws-us-gov):iam::([0-9]{12}):role/((?:[\w+=,.@-]+/)*)([\w+=,.@-]{1,64})\z", RegexOptions.CultureInvariant);
    private static readonly Regex SessionNamePattern = new(@"\A[\w+=,.@-]{2,64}\z", RegexOptions.CultureInvariant);

    private readonly EmulatorContext _ctx;

    public StsEndpoints(EmulatorContext ctx) { _ctx = ctx; }

    // POST / (Action=AssumeRole&Version=2011-06-15&...)
    public async Task HandleAsync(HttpContext http)
    {
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await http.Request.Body.CopyToAsync(buffer);
            body = buffer.ToArray();
        }
        NameValueCollection parsed = HttpRequest.ParseUrlEncoded(Encoding.UTF8.GetString(body));
        var form = parsed.AllKeys.Where(k => k != null).ToDictionary(k => k!, k => parsed[k]!, StringComparer.Ordinal);
        form.TryGetValue("Action", out string? action);
        if (action == "GetCallerIdentity")
        {
            await GetCallerIdentityAsync(http, body);
            return;
        }
        if (action != "AssumeRole")
        {
            await WriteErrorAsync(http, 400, "InvalidAction", "Could not find operation " + (action ?? "(none)") + " for version " + (form.GetValueOrDefault("Version") ?? "(none)") + ".");
            return;
        }
        WireError? gated = await _ctx.Gate.AdmitAsync(Operations.AssumeRole, oidc: false);
        if (gated is not null && gated.IsMalformed)
        {
            await WriteXmlAsync(http, 200, "<AssumeRoleResponse xmlns=\"" + Ns + "\">\n  <AssumeRoleResult>\n    <Credentials>\n      <AccessKeyId>ASIA");
            return;
        }
        if (gated is not null)
        {
            await WriteErrorAsync(http, gated.Status, gated.Status == 429 ? "Throttling" : "ServiceUnavailable", gated.Message);
            return;
        }

        // Who is calling: SigV4 with credentials issued here.
        (int status, string code, string message)? refused = Authenticate(http, body, out IssuedCredential? caller);
        if (refused is { } r)
        {
            await WriteErrorAsync(http, r.status, r.code, r.message);
            return;
        }

        string roleArn = form.GetValueOrDefault("RoleArn") ?? "";
        string sessionName = form.GetValueOrDefault("RoleSessionName") ?? "";
        Match arn = RoleArnPattern.Match(roleArn);
        if (!arn.Success)
        {
            await WriteErrorAsync(http, 400, "ValidationError", "1 validation error detected: Value '" + roleArn + "' at 'roleArn' failed to satisfy constraint: Member must be a valid role ARN.");
            return;
        }
        if (!SessionNamePattern.IsMatch(sessionName))
        {
            await WriteErrorAsync(http, 400, "ValidationError", "1 validation error detected: Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
            return;
        }
        int duration = 3600;
        if (form.TryGetValue("DurationSeconds", out string? durationText))
        {
            if (!int.TryParse(durationText, NumberStyles.None, CultureInfo.InvariantCulture, out duration) || duration < 900 || duration > 43200)
            {
                await WriteErrorAsync(http, 400, "ValidationError", "1 validation error detected: Value '" + durationText + "' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200.");
                return;
            }
            if (duration > 3600)
            {
                await WriteErrorAsync(http, 400, "ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
                return;
            }
        }
        if (form.ContainsKey("SerialNumber") || form.ContainsKey("TokenCode"))
        {
            await WriteErrorAsync(http, 403, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.");
            return;
        }
        string required = _ctx.Options.RequiredExternalId;
        if (required.Length > 0 && form.GetValueOrDefault("ExternalId") != required)
        {
            await WriteErrorAsync(http, 403, "AccessDenied", "User: arn:aws:sts::" + caller!.AccountId + ":assumed-role/" + caller.RoleName + "/" + (caller.RoleSessionName ?? "sso") +
                " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
            return;
        }

        string account = arn.Groups[2].Value, roleName = arn.Groups[4].Value, partition = arn.Groups[1].Value;
        IssuedCredential issued = _ctx.State.IssueCredential(account, roleName, roleArn, sessionName, duration);
        string roleId = "AROA" + RandomIds.Alphanumeric(17).ToUpperInvariant();
        string xml =
            "<AssumeRoleResponse xmlns=\"" + Ns + "\">\n" +
            "  <AssumeRoleResult>\n" +
            "    <SourceIdentity/>\n" +
            "    <AssumedRoleUser>\n" +
            "      <AssumedRoleId>" + X(roleId + ":" + sessionName) + "</AssumedRoleId>\n" +
            "      <Arn>" + X("arn:" + partition + ":sts::" + account + ":assumed-role/" + roleName + "/" + sessionName) + "</Arn>\n" +
            "    </AssumedRoleUser>\n" +
            "    <Credentials>\n" +
            "      <AccessKeyId>" + issued.AccessKeyId + "</AccessKeyId>\n" +
            "      <SecretAccessKey>" + X(issued.SecretAccessKey) + "</SecretAccessKey>\n" +
            "      <SessionToken>" + X(issued.SessionToken) + "</SessionToken>\n" +
            "      <Expiration>" + issued.Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "</Expiration>\n" +
            "    </Credentials>\n" +
            "  </AssumeRoleResult>\n" +
            "  <ResponseMetadata>\n    <RequestId>" + http.Response.Headers["x-amzn-RequestId"] + "</RequestId>\n  </ResponseMetadata>\n" +
            "</AssumeRoleResponse>\n";
        await WriteXmlAsync(http, 200, xml);
    }

    // Action=GetCallerIdentity: who the signed request's credentials belong to.
    private async Task GetCallerIdentityAsync(HttpContext http, byte[] body)
    {
        (int status, string code, string message)? refused = Authenticate(http, body, out IssuedCredential? caller);
        if (refused is { } r)
        {
            await WriteErrorAsync(http, r.status, r.code, r.message);
            return;
        }
        string session = caller!.RoleSessionName ?? "sso";
        await WriteXmlAsync(http, 200,
            "<GetCallerIdentityResponse xmlns=\"" + Ns + "\">\n  <GetCallerIdentityResult>\n" +
            "    <Arn>" + X("arn:aws:sts::" + caller.AccountId + ":assumed-role/" + caller.RoleName + "/" + session) + "</Arn>\n" +
            "    <UserId>" + X("AROAEMULATOR:" + session) + "</UserId>\n" +
            "    <Account>" + caller.AccountId + "</Account>\n" +
            "  </GetCallerIdentityResult>\n" +
            "  <ResponseMetadata>\n    <RequestId>" + http.Response.Headers["x-amzn-RequestId"] + "</RequestId>\n  </ResponseMetadata>\n" +
            "</GetCallerIdentityResponse>\n");
    }

    /// <summary>Null when the request is signed (SigV4, service sts) with unexpired credentials issued here.</summary>
    private (int, string, string)? Authenticate(HttpContext http, byte[] body, out IssuedCredential? caller)
    {
        caller = null;
        string auth = http.Request.Headers.Authorization.ToString();
        const string Algorithm = "AWS4-HMAC-SHA256 ";
        if (!auth.StartsWith(Algorithm, StringComparison.Ordinal))
            return (403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        var parts = auth.Substring(Algorithm.Length).Split(',').Select(p => p.Trim()).Where(p => p.Contains('='))
            .ToDictionary(p => p.Substring(0, p.IndexOf('=')), p => p.Substring(p.IndexOf('=') + 1), StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out string? credential) || !parts.TryGetValue("SignedHeaders", out string? signedHeaders) || !parts.TryGetValue("Signature", out string? signature))
            return (400, "IncompleteSignature", "Authorization header requires Credential, SignedHeaders and Signature.");
        string[] scope = credential.Split('/');
        if (scope.Length != 5 || scope[3] != "sts" || scope[4] != "aws4_request")
            return (400, "IncompleteSignature", "Credential should be scoped to a valid region and the sts service.");
        caller = _ctx.State.FindCredential(scope[0]);
        if (caller is null)
            return (403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        if (http.Request.Headers["X-Amz-Security-Token"].ToString() != caller.SessionToken)
            return (403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        if (caller.Expiration <= _ctx.State.Now)
            return (400, "ExpiredToken", "The security token included in the request is expired");

        string amzDate = http.Request.Headers["X-Amz-Date"].ToString();
        var headerNames = signedHeaders.Split(';');
        if (!headerNames.Contains("host") || amzDate.Length == 0)
            return (400, "IncompleteSignature", "The request must sign the host and x-amz-date headers.");
        var canonical = new StringBuilder();
        canonical.Append(http.Request.Method).Append('\n');
        canonical.Append(string.IsNullOrEmpty(http.Request.Path.Value) ? "/" : http.Request.Path.Value).Append('\n');
        canonical.Append(CanonicalQuery(http.Request.QueryString.Value)).Append('\n');
        foreach (string name in headerNames)
        {
            string value = name == "host" ? http.Request.Headers.Host.ToString() : http.Request.Headers[name].ToString();
            canonical.Append(name).Append(':').Append(Regex.Replace(value.Trim(), " +", " ")).Append('\n');
        }
        canonical.Append('\n').Append(signedHeaders).Append('\n');
        canonical.Append(Hex(SHA256.HashData(body)));
        string stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + string.Join('/', scope.Skip(1)) + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
        byte[] key = Hmac(Encoding.UTF8.GetBytes("AWS4" + caller.SecretAccessKey), scope[1]);
        key = Hmac(key, scope[2]);
        key = Hmac(key, scope[3]);
        key = Hmac(key, scope[4]);
        string expected = Hex(Hmac(key, stringToSign));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
            return (403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
        return null;
    }

    private static string CanonicalQuery(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?") return "";
        var pairs = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => { int eq = p.IndexOf('='); return (K: eq < 0 ? p : p.Substring(0, eq), V: eq < 0 ? "" : p.Substring(eq + 1)); })
            .Select(p => (K: Uri.EscapeDataString(Uri.UnescapeDataString(p.K)), V: Uri.EscapeDataString(Uri.UnescapeDataString(p.V))))
            .OrderBy(p => p.K, StringComparer.Ordinal).ThenBy(p => p.V, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => p.K + "=" + p.V));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static string X(string text) => System.Security.SecurityElement.Escape(text) ?? "";

    private static Task WriteErrorAsync(HttpContext http, int status, string code, string message) =>
        WriteXmlAsync(http, status,
            "<ErrorResponse xmlns=\"" + Ns + "\">\n  <Error>\n    <Type>" + (status >= 500 ? "Receiver" : "Sender") + "</Type>\n    <Code>" + code + "</Code>\n    <Message>" + X(message) + "</Message>\n  </Error>\n" +
            "  <RequestId>" + http.Response.Headers["x-amzn-RequestId"] + "</RequestId>\n</ErrorResponse>\n");

    private static async Task WriteXmlAsync(HttpContext http, int status, string xml)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/xml";
        await http.Response.WriteAsync(xml);
    }
}
