using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SSOOIDC.Model;
using SsoTools.Core.Cache;
using SsoTools.Core.Errors;

namespace SsoTools.Core.Auth
{
    /// <summary>Device authorization (compat.md section 4): show a code, poll CreateToken.</summary>
    public sealed class DeviceCodeFlow
    {
        public const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";
        readonly SsoContext _ctx;

        public DeviceCodeFlow(SsoContext ctx) { _ctx = ctx; }

        public async Task<CreateTokenResponse> RunAsync(SsoTarget target, ClientRegistration registration, bool noBrowser,
            TimeSpan timeout, ILoginFeedback feedback, CancellationToken ct)
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
            catch (OperationCanceledException) { throw; }
            catch (InvalidClientException) { throw; }
            catch (Exception ex) { throw ServiceErrors.Map(ex, target, "StartDeviceAuthorization"); }

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
                catch (OperationCanceledException) { throw; }
                catch (InvalidClientException) { throw; }
                catch (Exception ex) { throw ServiceErrors.Map(ex, target, "CreateToken"); }

                if (_ctx.Clock.UtcNow + TimeSpan.FromSeconds(interval) > deadline) throw TimedOut(target, null);
                await _ctx.Clock.Delay(TimeSpan.FromSeconds(interval), ct).ConfigureAwait(false);
            }
        }

        static SsoException TimedOut(SsoTarget target, Exception? inner) =>
            new SsoException(ErrorIds.LoginTimedOut, SsoErrorKind.OperationTimeout,
                $"The sign-in to '{target.DisplayName}' took too long and the code expired. Run '{target.LoginHint}' to start again.", target.DisplayName, inner);
    }
}
