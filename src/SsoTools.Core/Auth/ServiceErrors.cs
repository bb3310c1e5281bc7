using System;
using System.Net;
using System.Net.Http;
using Amazon.Runtime;
using SsoTools.Core.Errors;

namespace SsoTools.Core.Auth
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

        static string NextStep(string operation, SsoTarget target)
        {
            string where = target.SessionName != null ? $"the sso-session '{target.SessionName}' (Get-SsoSession {target.SessionName})" : $"the profile '{target.DisplayName}'";
            switch (operation)
            {
                case "RegisterClient":
                case "StartDeviceAuthorization":
                    return $"Check the sso_start_url and sso_region of {where}: they must be your AWS access portal URL and the Region of IAM Identity Center.";
                case "CreateToken":
                    return $"Run '{target.LoginHint} -Force' to sign in again.";
                default:
                    return $"Check {where}, or run '{target.LoginHint} -Force'.";
            }
        }

        public static SsoException Map(Exception ex, SsoTarget target, string operation)
        {
            if (ex is SsoException sso) return sso;
            if (ex is OperationCanceledException || ex is TimeoutException)
                // Not the user's Ctrl+C (callers rethrow that): the client gave up waiting.
                return new SsoException(ErrorIds.ServiceUnreachable, SsoErrorKind.OperationTimeout,
                    $"IAM Identity Center in {target.Region} did not answer {operation} in time. Check the network (a proxy, a VPN) and try again.", target.DisplayName, ex);
            if (ex is AmazonUnmarshallingException)
                // A 200 whose body is not the JSON the API defines: a proxy in the way, or a cut-off answer.
                return new SsoException(ErrorIds.ServiceError, SsoErrorKind.InvalidData,
                    $"IAM Identity Center's answer to {operation} could not be read (not the JSON the API defines). If a proxy or AWS_ENDPOINT_URL_SSO points elsewhere, check it; otherwise try again.", target.DisplayName, ex);
            if (ex is AmazonServiceException ase)
            {
                string code = ase.ErrorCode ?? ase.GetType().Name.Replace("Exception", "");
                if (code == "UnauthorizedException" || code == "Unauthorized" || ase.StatusCode == HttpStatusCode.Unauthorized && code != "InvalidClientException")
                    return new SsoException(ErrorIds.TokenRejected, SsoErrorKind.AuthenticationError,
                        $"The sign-in for '{target.DisplayName}' expired or was revoked on the server. Run '{target.LoginHint} -Force' to sign in again.", target.DisplayName, ex);
                if (code.IndexOf("TooManyRequests", StringComparison.Ordinal) >= 0 || code.IndexOf("Throttl", StringComparison.Ordinal) >= 0 || (int)ase.StatusCode == 429)
                    return new SsoException(ErrorIds.ServiceThrottled, SsoErrorKind.LimitsExceeded,
                        $"IAM Identity Center kept throttling requests ({operation}) although SsoTools slowed down and retried. Wait a minute and try again.", target.DisplayName, ex);
                if ((int)ase.StatusCode >= 500)
                    return new SsoException(ErrorIds.ServiceError, SsoErrorKind.ResourceUnavailable,
                        $"IAM Identity Center failed ({operation}: {code}, HTTP {(int)ase.StatusCode}). Try again later.", target.DisplayName, ex);
                // The service's own reason (error_description, message) helps: a mistyped start URL says so.
                // It is cleaned first: one line, short, and anything token-like cut out.
                string reason = Reason(ase);
                return new SsoException(ErrorIds.ServiceError, SsoErrorKind.InvalidOperation,
                    $"IAM Identity Center refused {operation} for '{target.DisplayName}': {code} (HTTP {(int)ase.StatusCode}, request {ase.RequestId})" +
                    (reason.Length > 0 ? $": {reason}" : "") + ". " + NextStep(operation, target), target.DisplayName, ex);
            }
            if (ex is HttpRequestException || ex is WebException || ex is System.Net.Sockets.SocketException || ex is AmazonClientException)
                return new SsoException(ErrorIds.ServiceUnreachable, SsoErrorKind.ConnectionError,
                    $"Could not reach IAM Identity Center in {target.Region} ({operation}): {ex.Message}. Check the network and the sso_region.", target.DisplayName, ex);
            return new SsoException(ErrorIds.ServiceError, SsoErrorKind.InvalidOperation, $"{operation} failed: {ex.GetType().Name}.", target.DisplayName, ex);
        }
    }
}
