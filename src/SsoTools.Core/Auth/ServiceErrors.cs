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
        public static SsoException Map(Exception ex, SsoTarget target, string operation)
        {
            if (ex is SsoException sso) return sso;
            if (ex is AmazonServiceException ase)
            {
                string code = ase.ErrorCode ?? ase.GetType().Name.Replace("Exception", "");
                if (code == "UnauthorizedException" || code == "Unauthorized" || ase.StatusCode == HttpStatusCode.Unauthorized && code != "InvalidClientException")
                    return new SsoException(ErrorIds.TokenRejected, SsoErrorKind.AuthenticationError,
                        $"The sign-in for '{target.DisplayName}' expired or was revoked on the server. Run '{target.LoginHint} -Force' to sign in again.", target.DisplayName, ex);
                if (code.IndexOf("TooManyRequests", StringComparison.Ordinal) >= 0 || code.IndexOf("Throttl", StringComparison.Ordinal) >= 0 || (int)ase.StatusCode == 429)
                    return new SsoException(ErrorIds.ServiceThrottled, SsoErrorKind.LimitsExceeded,
                        $"IAM Identity Center is throttling requests ({operation}). Wait a few seconds and try again.", target.DisplayName, ex);
                if ((int)ase.StatusCode >= 500)
                    return new SsoException(ErrorIds.ServiceError, SsoErrorKind.ResourceUnavailable,
                        $"IAM Identity Center failed ({operation}: {code}, HTTP {(int)ase.StatusCode}). Try again later.", target.DisplayName, ex);
                // Code, status and request ID only: an SDK message may quote a response body.
                return new SsoException(ErrorIds.ServiceError, SsoErrorKind.InvalidOperation,
                    $"IAM Identity Center refused {operation} for '{target.DisplayName}': {code} (HTTP {(int)ase.StatusCode}, request {ase.RequestId}).", target.DisplayName, ex);
            }
            if (ex is HttpRequestException || ex is WebException || ex is System.Net.Sockets.SocketException || ex is AmazonClientException)
                return new SsoException(ErrorIds.ServiceUnreachable, SsoErrorKind.ConnectionError,
                    $"Could not reach IAM Identity Center in {target.Region} ({operation}): {ex.Message}. Check the network and the sso_region.", target.DisplayName, ex);
            return new SsoException(ErrorIds.ServiceError, SsoErrorKind.InvalidOperation, $"{operation} failed: {ex.GetType().Name}.", target.DisplayName, ex);
        }
    }
}
