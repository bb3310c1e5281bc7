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
            if (!IsBrowserSafe(start.VerificationUri) || !IsBrowserSafe(start.VerificationUriComplete))
                throw new SsoException(ErrorIds.InvalidServiceResponse, SsoErrorKind.SecurityError,
                    $"IAM Identity Center answered the sign-in to '{target.DisplayName}' with a verification URL that is not https; no browser was opened. " +
                    "Check that AWS_ENDPOINT_URL_SSO_OIDC (or AWS_ENDPOINT_URL) points at IAM Identity Center.", target.DisplayName);

            string message =
                $"To sign in to '{target.DisplayName}', open {start.VerificationUri} and enter the code {start.UserCode}" +
                Environment.NewLine + $"(or open {start.VerificationUriComplete} which fills in the code).";
            if (noBrowser)
            {
                feedback.Prompt(message);
            }
            else
            {
                feedback.Prompt("Opening the browser. " + message);
                if (!_ctx.Browser.TryOpen(start.VerificationUriComplete, out var problem))
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
