using System;
using System.Net;
using System.IO;
using System.Net.Http;
using Amazon.Runtime;
using SsoTools.Core.Errors;
using SsoTools.Core.Resolution;

namespace SsoTools.Core.Net
{
    /// <summary>Turns what the AWS SDK throws into an SsoException a user can act on.</summary>
    public static class ServiceErrors
    {
        static readonly System.Text.RegularExpressions.Regex TokenLike =
            new System.Text.RegularExpressions.Regex("[A-Za-z0-9+/=_.-]{32,}", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>What the service said, fit to show: error_description (OIDC) or the message, one line,
        /// at most 300 characters, with any run of 32 token-like characters replaced by "…".</summary>
#if NET5_0_OR_GREATER
        [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075",
            Justification = "Error_description is read when present; trimmed away (the native helper), the exception's Message is used instead.")]
#endif
        internal static string Reason(AmazonServiceException ase)
        {
            string? text = null;
            var description = ase.GetType().GetProperty("Error_description");
            if (description != null) text = description.GetValue(ase) as string;
            if (string.IsNullOrWhiteSpace(text)) text = ase.Message;
            if (string.IsNullOrWhiteSpace(text) || text == ase.ErrorCode) return "";
            var sb = new System.Text.StringBuilder();
            foreach (char c in text!) sb.Append(char.IsControl(c) ? ' ' : c);
            string clean = TokenLike.Replace(sb.ToString().Trim(), "…");
            return clean.Length > 300 ? clean.Substring(0, 300) + "…" : clean;
        }

        static string NextStep(string operation, SignIn target)
        {
            string where = target.SessionName != null ? Remedy.ShowSession(target.SessionName) : $"the profile '{target.DisplayName}'";
            switch (operation)
            {
                case "RegisterClient":
                case "StartDeviceAuthorization":
                    return $"Check the sso_start_url and sso_region of {where}: they must be your AWS access portal URL and the Region of IAM Identity Center.";
                case "CreateToken":
                    return $"Run '{target.ForcedLoginHint}' to sign in again.";
                default:
                    return $"Check {where}, or run '{target.ForcedLoginHint}'.";
            }
        }

        static readonly string[] PortalOperations = { "ListAccounts", "ListAccountRoles", "GetRoleCredentials", "Logout" };

        /// <summary>The endpoint an IAM Identity Center operation goes to: the portal's, else OIDC's.</summary>
        public static ServiceEndpoint EndpointOf(string operation, string region) =>
            Array.IndexOf(PortalOperations, operation) >= 0 ? ServiceEndpoint.Portal(region) : ServiceEndpoint.Oidc(region);

        /// <summary>
        /// The one path from an exception of any AWS call to the SsoException a user sees: Classify
        /// (transport, unreadable answers, throttling, 5xx), then the caller's wording of a refusal
        /// (only the caller knows what a 4xx of its operation means), else Unknown.
        /// </summary>
        public static SsoException Map(Exception ex, ServiceEndpoint endpoint, string operation, string? subject, Func<AmazonServiceException, SsoException?>? refused)
        {
            var failure = Classify(ex, endpoint, operation, subject);
            if (failure != null) return failure;
            if (ex is AmazonServiceException ase && refused != null)
            {
                var refusal = refused(ase);
                if (refusal != null) return refusal;
            }
            return Unknown(ex, endpoint, operation, subject);
        }

        /// <summary>An IAM Identity Center call (OIDC or portal) for a sign-in.</summary>
        public static SsoException Map(Exception ex, SignIn target, string operation) =>
            Map(ex, EndpointOf(operation, target.Region), operation, target.DisplayName, ase => IdentityCenterRefusal(ase, ex, target, operation));

        static SsoException IdentityCenterRefusal(AmazonServiceException ase, Exception ex, SignIn target, string operation)
        {
            string code = Code(ase);
            if (code == "UnauthorizedException" || code == "Unauthorized" || ase.StatusCode == HttpStatusCode.Unauthorized && code != "InvalidClientException")
                return new SsoException(ErrorIds.TokenRejected, SsoErrorKind.AuthenticationError,
                    $"The sign-in for '{target.DisplayName}' expired or was revoked on the server. Run '{target.ForcedLoginHint}' to sign in again.", target.DisplayName, ex);
            // The service's own reason (error_description, message) helps: a mistyped start URL says so.
            // It is cleaned first: one line, short, and anything token-like cut out.
            string reason = Reason(ase);
            return new SsoException(ErrorIds.ServiceError, SsoErrorKind.InvalidOperation,
                $"IAM Identity Center refused {operation} for '{target.DisplayName}': {code} (HTTP {(int)ase.StatusCode}, request {ase.RequestId})" +
                (reason.Length > 0 ? $": {reason}" : "") + ". " + NextStep(operation, target), target.DisplayName, ex);
        }

        internal static string Code(AmazonServiceException ase) => ase.ErrorCode ?? ase.GetType().Name.Replace("Exception", "");

        /// <summary>Anything Classify does not know: named by type and endpoint (never the exception's text, which may quote a request).</summary>
        public static SsoException Unknown(Exception ex, ServiceEndpoint endpoint, string operation, string? subject) =>
            new SsoException(ErrorIds.ServiceError, SsoErrorKind.InvalidOperation,
                $"{operation} at {endpoint.Host} failed: {ex.GetType().Name}. Try again; if it persists, check the network, {endpoint.Check}.", subject, ex);

        /// <summary>
        /// The one classifier of failures on the way to any AWS endpoint, for every caller: no complete answer
        /// in time, a redirect, a connection that failed, an answer that is not the API's JSON, throttling
        /// and the service's own 5xx. Null for a refusal (a 4xx from the API): the caller words that, as
        /// only it knows what the refusal means.
        /// </summary>
        public static SsoException? Classify(Exception ex, ServiceEndpoint endpoint, string operation, string? subject)
        {
            if (ex is SsoException sso) return sso;
            for (Exception? e = ex; e != null; e = e.InnerException)
            {
                if (e is ServiceDeadlineException deadline)
                    return new SsoException(ErrorIds.ServiceUnreachable, SsoErrorKind.OperationTimeout,
                        $"{Cap(endpoint.Service)} at {endpoint.Host} did not answer {operation} within {deadline.Limit.TotalSeconds:0.#} s ({ServiceTimeout.Variable} sets the limit). " +
                        $"Check the network (a proxy, a VPN, a firewall), {endpoint.Check}, then try again.", subject, ex);
                if (e is ServiceRedirectException redirect)
                    return new SsoException(ErrorIds.ServiceError, SsoErrorKind.InvalidData,
                        $"{Cap(endpoint.Service)} at {endpoint.Host} answered {operation} with HTTP {redirect.Status}, a redirect" +
                        (redirect.TargetHost != null ? $" to {redirect.TargetHost}" : "") +
                        ". AWS APIs never redirect, so it was not followed and nothing was sent there. " +
                        $"Something else answers for AWS (a proxy, a captive portal), or the endpoint is wrong: check {endpoint.Check}.", subject, ex);
            }
            if (ex is AmazonUnmarshallingException || HasInChain<System.Text.Json.JsonException>(ex) || HasInChain<System.Xml.XmlException>(ex))
                return Unreadable(endpoint, operation, subject, ex);
            if (ex is AmazonServiceException ase && ase.StatusCode != 0)
            {
                string code = Code(ase);
                if (code.IndexOf("TooManyRequests", StringComparison.Ordinal) >= 0 || code.IndexOf("Throttl", StringComparison.Ordinal) >= 0 || (int)ase.StatusCode == 429)
                    return new SsoException(ErrorIds.ServiceThrottled, SsoErrorKind.LimitsExceeded,
                        $"{Cap(endpoint.Service)} kept throttling {operation} although SsoTools slowed down and retried. Wait a minute and try again.", subject, ex);
                if ((int)ase.StatusCode >= 500)
                    return new SsoException(ErrorIds.ServiceError, SsoErrorKind.ResourceUnavailable,
                        $"{Cap(endpoint.Service)} at {endpoint.Host} failed ({operation}: {code}, HTTP {(int)ase.StatusCode}, request {ase.RequestId}). " +
                        "The fault is on the service's side: try again in a few minutes.", subject, ex);
                return null;
            }
            if (ex is OperationCanceledException || ex is TimeoutException)
                // Not the user's Ctrl+C (callers rethrow that): a client gave up waiting.
                return new SsoException(ErrorIds.ServiceUnreachable, SsoErrorKind.OperationTimeout,
                    $"{Cap(endpoint.Service)} at {endpoint.Host} did not answer {operation} in time. Check the network (a proxy, a VPN, a firewall), {endpoint.Check}, then try again.", subject, ex);
            string? cause = NetworkCause(ex);
            if (cause != null || ex is AmazonClientException)
                return new SsoException(ErrorIds.ServiceUnreachable, SsoErrorKind.ConnectionError,
                    $"Could not reach {endpoint.Service} at {endpoint.Host} ({operation}): {cause ?? "the request did not complete"}. " +
                    $"Check the network (a proxy, a VPN, a firewall), {endpoint.Check}.", subject, ex);
            return null;
        }

        /// <summary>A 200 whose body is not what the API defines: a proxy or captive portal in the way, or a cut-off answer.</summary>
        public static SsoException Unreadable(ServiceEndpoint endpoint, string operation, string? subject, Exception? inner) =>
            new SsoException(ErrorIds.ServiceError, SsoErrorKind.InvalidData,
                $"The answer of {endpoint.Service} at {endpoint.Host} to {operation} could not be read (not the JSON or XML the API defines). " +
                $"Something else may answer for AWS (a proxy, a captive portal), or the endpoint is wrong: check {endpoint.Check}; otherwise try again.", subject, inner);

        static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);

        static bool HasInChain<T>(Exception ex) where T : Exception
        {
            for (Exception? e = ex; e != null; e = e.InnerException) if (e is T) return true;
            return false;
        }

        /// <summary>What went wrong on the way, in words, or null when nothing in the chain is a network failure.</summary>
        static string? NetworkCause(Exception ex)
        {
            string? found = null;
            for (Exception? e = ex; e != null; e = e.InnerException)
            {
                if (e is System.Net.Sockets.SocketException se)
                {
                    switch (se.SocketErrorCode)
                    {
                        case System.Net.Sockets.SocketError.ConnectionRefused: return "the connection was refused";
                        case System.Net.Sockets.SocketError.ConnectionReset:
                        case System.Net.Sockets.SocketError.ConnectionAborted: return "the connection was reset";
                        case System.Net.Sockets.SocketError.HostNotFound:
                        case System.Net.Sockets.SocketError.TryAgain:
                        case System.Net.Sockets.SocketError.NoData: return "the host name could not be resolved";
                        case System.Net.Sockets.SocketError.TimedOut: return "the connection timed out";
                        case System.Net.Sockets.SocketError.NetworkUnreachable:
                        case System.Net.Sockets.SocketError.HostUnreachable: return "the network or host is unreachable";
                        default: return "a socket error (" + se.SocketErrorCode + ")";
                    }
                }
                if (e is System.Security.Authentication.AuthenticationException) return "the TLS handshake failed (a proxy that inspects TLS, or a wrong endpoint)";
                if (e is IOException && found == null) found = "the connection closed before the answer was complete";
                if ((e is HttpRequestException || e is WebException) && found == null) found = "the request did not complete";
            }
            return found;
        }
    }

    /// <summary>An AWS endpoint as messages name it: the service, the host asked, and what the user can check.</summary>
    public sealed class ServiceEndpoint
    {
        public ServiceEndpoint(string service, string host, string check) { Service = service; Host = host; Check = check; }

        public string Service { get; }
        public string Host { get; }
        public string Check { get; }

        static string Suffix(string region) => region.StartsWith("cn-", StringComparison.Ordinal) ? ".amazonaws.com.cn" : ".amazonaws.com";

        static string HostOf(string? url, string fallback)
        {
            if (url != null && Uri.TryCreate(url, UriKind.Absolute, out Uri? uri)) return uri.Authority;
            return fallback;
        }

        public static ServiceEndpoint Oidc(string region) =>
            new ServiceEndpoint("IAM Identity Center", HostOf(SsoClients.EndpointOverride("AWS_ENDPOINT_URL_SSO_OIDC"), "oidc." + region + Suffix(region)),
                "the sso_region (" + region + ") and AWS_ENDPOINT_URL_SSO_OIDC if it is set");

        public static ServiceEndpoint Portal(string region) =>
            new ServiceEndpoint("the AWS access portal", HostOf(SsoClients.EndpointOverride("AWS_ENDPOINT_URL_SSO"), "portal.sso." + region + Suffix(region)),
                "the sso_region (" + region + ") and AWS_ENDPOINT_URL_SSO if it is set");

        public static ServiceEndpoint Sts(string region) =>
            new ServiceEndpoint("STS", HostOf(SsoClients.EndpointOverride("AWS_ENDPOINT_URL_STS"), "sts." + region + Suffix(region)),
                "the profile's region (" + region + ") and AWS_ENDPOINT_URL_STS if it is set");

        public static ServiceEndpoint Signin(string baseUrl) =>
            new ServiceEndpoint("the console sign-in endpoint", HostOf(baseUrl, baseUrl), "AWS_ENDPOINT_URL_SIGNIN if it is set");
    }
}
