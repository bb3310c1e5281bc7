using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SSOOIDC.Model;
using SsoTools.Core.Cache;
using SsoTools.Core.Errors;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;

namespace SsoTools.Core.Tokens
{
    /// <summary>Device authorization (compat.md section 4): show a code, poll CreateToken.</summary>
    public sealed class DeviceCodeFlow
    {
        public const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";
        readonly SsoContext _ctx;

        public DeviceCodeFlow(SsoContext ctx) { _ctx = ctx; }

        public async Task<CreateTokenResponse> RunAsync(SignIn target, ClientRegistration registration, bool noBrowser,
            TimeSpan timeout, IFeedback feedback, CancellationToken ct)
        {
            var oidc = _ctx.Clients.Oidc(target.Region);
            StartDeviceAuthorizationResponse start;
            try
            {
                start = await oidc.StartDeviceAuthorizationAsync(new StartDeviceAuthorizationRequest
                {
                    ClientId = registration.ClientId,
                    ClientSecret = registration.ClientSecret,
                    StartUrl = target.StartUrl,
                }, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; } // Ctrl+C; a client timeout is mapped below
            catch (InvalidClientException) { throw; }
            catch (Exception ex) { throw ServiceErrors.Map(ex, target, "StartDeviceAuthorization"); }

            // The service's answer decides where the browser goes: only https (or http to this machine).
            // The complete URL is optional: the service may stop sending it (or stop filling the code in).
            string? complete = string.IsNullOrEmpty(start.VerificationUriComplete) ? null : start.VerificationUriComplete;
            if (!IsBrowserSafe(start.VerificationUri) || (complete != null && !IsBrowserSafe(complete)))
                throw new SsoException(ErrorIds.InvalidServiceResponse, SsoErrorKind.SecurityError,
                    $"IAM Identity Center answered the sign-in to '{target.DisplayName}' with a verification URL that is not https; no browser was opened. " +
                    "Check that AWS_ENDPOINT_URL_SSO_OIDC (or AWS_ENDPOINT_URL) points at IAM Identity Center.", target.DisplayName);
            if (string.IsNullOrEmpty(start.UserCode))
                throw new SsoException(ErrorIds.InvalidServiceResponse, SsoErrorKind.InvalidData,
                    $"IAM Identity Center answered the sign-in to '{target.DisplayName}' without a user code. Run '{target.LoginHint}' again; use the browser sign-in if it persists.", target.DisplayName);

            // The code is always on the host: the page may not carry it in its URL (or fill it in).
            string message = DeviceMessage(target, start.VerificationUri, start.UserCode, complete);
            var availability = _ctx.Browser.Availability;
            if (noBrowser || !availability.CanOpen)
            {
                feedback.Prompt(message);
            }
            else
            {
                feedback.Prompt("Opening the browser. " + message);
                if (!_ctx.Browser.TryOpen(complete ?? start.VerificationUri, out var problem))
                    feedback.Warning($"Could not open a browser: {problem}. Open the URL above yourself.");
            }

            int interval = start.Interval.HasValue && start.Interval.Value > 0 ? start.Interval.Value : 5;
            var now = _ctx.Clock.UtcNow;
            var codeExpires = now + TimeSpan.FromSeconds(start.ExpiresIn ?? 600);
            var deadline = now + timeout < codeExpires ? now + timeout : codeExpires;

            while (true)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    return await oidc.CreateTokenAsync(new CreateTokenRequest
                    {
                        ClientId = registration.ClientId,
                        ClientSecret = registration.ClientSecret,
                        GrantType = GrantType,
                        DeviceCode = start.DeviceCode,
                    }, ct).ConfigureAwait(false);
                }
                catch (AuthorizationPendingException) { }
                catch (SlowDownException)
                {
                    interval += 5;
                    feedback.Verbose($"The service asked to poll more slowly; now every {interval} seconds.");
                }
                catch (ExpiredTokenException ex)
                {
                    throw TimedOut(target, ex);
                }
                catch (AccessDeniedException ex)
                {
                    throw new SsoException(ErrorIds.LoginDenied, SsoErrorKind.PermissionDenied,
                        $"The sign-in to '{target.DisplayName}' was denied in the browser. Run '{target.LoginHint}' to try again.", target.DisplayName, ex);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; } // Ctrl+C; a client timeout is mapped below
                catch (InvalidClientException) { throw; }
                catch (Exception ex) { throw ServiceErrors.Map(ex, target, "CreateToken"); }

                if (_ctx.Clock.UtcNow + TimeSpan.FromSeconds(interval) > deadline) throw TimedOut(target, null);
                await _ctx.Clock.Delay(TimeSpan.FromSeconds(interval), ct).ConfigureAwait(false);
            }
        }

        /// <summary>The lines a device sign-in shows: where to go, and the code on a line of its own.</summary>
        internal static string DeviceMessage(SignIn target, string verificationUri, string userCode, string? complete) =>
            $"To sign in to '{target.DisplayName}', open {verificationUri} and enter the code {userCode}" + Environment.NewLine +
            "    " + userCode + Environment.NewLine +
            (complete != null ? $"(or open {complete}, which may fill in the code; check that it shows {userCode})." : "Check that the page shows this code before you approve.");

        internal static bool IsBrowserSafe(string? url)
        {
            if (url == null || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
            if (url.IndexOfAny(new[] { '\r', '\n', ' ', '\t', '"', '\'' }) >= 0) return false;
            return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
        }

        static SsoException TimedOut(SignIn target, Exception? inner) =>
            new SsoException(ErrorIds.LoginTimedOut, SsoErrorKind.OperationTimeout,
                $"The sign-in to '{target.DisplayName}' took too long and the code expired. Run '{target.LoginHint}' to start again.", target.DisplayName, inner);
    }
}
