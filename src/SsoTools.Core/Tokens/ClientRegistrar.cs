using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SSOOIDC;
using Amazon.SSOOIDC.Model;
using SsoTools.Core.Cache;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;
using SsoTools.Core.Errors;

namespace SsoTools.Core.Tokens
{
    /// <summary>RegisterClient, or the cached registration when it still fits (compat.md section 3).</summary>
    public sealed class ClientRegistrar
    {
        public const string RedirectUriWithoutPort = "http://127.0.0.1/oauth/callback";
        readonly SsoContext _ctx;

        public ClientRegistrar(SsoContext ctx) { _ctx = ctx; }

        public async Task<ClientRegistration> GetAsync(SignIn target, bool authorizationCode, bool forceNew, IFeedback feedback, CancellationToken ct)
        {
            string path = _ctx.Registrations.PathFor(target.StartUrl, target.Region, target.ConfiguredScopes, target.SessionName);
            if (!forceNew)
            {
                ClientRegistration? cached = null;
                try { cached = _ctx.Registrations.Load(path); }
                catch (CacheFileException) { feedback.Verbose("The cached client registration is unreadable; registering a new client."); }
                if (cached != null && cached.FitsFlow(authorizationCode, _ctx.Clock.UtcNow))
                {
                    feedback.Verbose("Reusing the cached client registration.");
                    cached.FromCache = true;
                    return cached;
                }
            }

            feedback.Verbose($"Registering a client with IAM Identity Center in {target.Region}.");
            var request = new RegisterClientRequest
            {
                ClientName = "ssotools-" + (target.SessionName ?? "legacy") ,
                ClientType = "public",
            };
            // botocore sends scopes for the device flow only when configured; PKCE always has them.
            if (authorizationCode || target.ConfiguredScopes != null) request.Scopes = new List<string>(target.EffectiveScopes);
            if (authorizationCode)
            {
                request.GrantTypes = new List<string> { "authorization_code", "refresh_token" };
                request.RedirectUris = new List<string> { RedirectUriWithoutPort };
                request.IssuerUrl = target.StartUrl;
            }
            RegisterClientResponse response;
            try
            {
                response = await _ctx.Clients.Oidc(target.Region).RegisterClientAsync(request, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; } // Ctrl+C; a client timeout is mapped below
            catch (Exception ex) { throw ServiceErrors.Map(ex, target, "RegisterClient"); }

            var registration = new ClientRegistration
            {
                ClientId = response.ClientId,
                ClientSecret = response.ClientSecret,
                ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(response.ClientSecretExpiresAt ?? 0).UtcDateTime,
                Scopes = target.ConfiguredScopes != null ? new List<string>(target.EffectiveScopes) : null,
                GrantTypes = authorizationCode ? request.GrantTypes : null,
            };
            _ctx.Registrations.Save(path, registration);
            return registration;
        }
    }
}
