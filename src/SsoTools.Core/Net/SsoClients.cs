using System;
using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.SSO;
using Amazon.SSOOIDC;
using Amazon.SecurityToken;

namespace SsoTools.Core.Net
{
    /// <summary>
    /// AWS SDK clients per region, made once and reused (building one is not free). Both services
    /// are anonymous: OIDC calls carry client secrets, portal calls the bearer token. Endpoints
    /// come from the SDK, which honours AWS_ENDPOINT_URL_SSO_OIDC / AWS_ENDPOINT_URL_SSO. Every client
    /// sends through GuardedHttpHandler: no redirect is followed, and each answer has a deadline.
    /// </summary>
    public class SsoClients
    {
        public static readonly SsoClients Shared = new SsoClients();

        readonly ConcurrentDictionary<string, IAmazonSSOOIDC> _oidc = new ConcurrentDictionary<string, IAmazonSSOOIDC>();
        readonly ConcurrentDictionary<string, IAmazonSSO> _portal = new ConcurrentDictionary<string, IAmazonSSO>();

        public virtual IAmazonSSOOIDC Oidc(string region) =>
            _oidc.GetOrAdd(EndpointKey(region, "AWS_ENDPOINT_URL_SSO_OIDC"), _ => new AmazonSSOOIDCClient(new AnonymousAWSCredentials(),
                new AmazonSSOOIDCConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region), HttpClientFactory = GuardedHttpClientFactory.Instance }));

        /// <summary>
        /// The portal client makes one attempt per call: PortalService retries (throttling with a pace
        /// that adapts, failures with backoff), because the SDK's retry quota gives up in a 429 storm
        /// ("insufficient capacity") long before a large organisation's listing is done. The SDK's own
        /// stale-connection retry (10 by default, at once, without backoff) is cut to one: a pooled
        /// connection the server closed gets one fresh try, a server that resets every request costs
        /// PortalService's 4 attempts × 2 requests, not × 11.
        /// </summary>
        public virtual IAmazonSSO Portal(string region) =>
            _portal.GetOrAdd(EndpointKey(region, "AWS_ENDPOINT_URL_SSO"), _ => new AmazonSSOClient(new AnonymousAWSCredentials(),
                new AmazonSSOConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region), HttpClientFactory = GuardedHttpClientFactory.Instance, MaxErrorRetry = 0, MaxStaleConnectionRetries = 1 }));

        /// <summary>
        /// An STS client for one AssumeRole: made per call, since it signs with the credentials of the
        /// step below (the caller disposes it). The SDK resolves the endpoint, AWS_ENDPOINT_URL_STS
        /// included, and retries a failed call 3 times.
        /// </summary>
        public virtual IAmazonSecurityTokenService Sts(string region, AWSCredentials credentials) =>
            new AmazonSecurityTokenServiceClient(credentials, new AmazonSecurityTokenServiceConfig
            {
                RegionEndpoint = RegionEndpoint.GetBySystemName(region), HttpClientFactory = GuardedHttpClientFactory.Instance, MaxErrorRetry = 3,
            });

        // A client keeps the endpoint it resolved; key by the override too, so a changed variable gets a new client.
        static string EndpointKey(string region, string variable) =>
            region + "|" + Environment.GetEnvironmentVariable(variable) + "|" + Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL")
            + "|" + Environment.GetEnvironmentVariable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");

        /// <summary>
        /// The OIDC base URL the browser must visit for /authorize: the same endpoint the SDK uses
        /// (so an endpoint override moves it too), else the service's regional endpoint.
        /// </summary>
        public static string OidcBaseUrl(string region) =>
            EndpointOverride("AWS_ENDPOINT_URL_SSO_OIDC")
            ?? "https://oidc." + region + (region.StartsWith("cn-", StringComparison.Ordinal) ? ".amazonaws.com.cn" : ".amazonaws.com");

        /// <summary>
        /// A configured endpoint for a service the SDK does not call itself, as the SDKs read one: the
        /// service's variable, else AWS_ENDPOINT_URL; none when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true.
        /// Without a trailing slash.
        /// </summary>
        public static string? EndpointOverride(string variable)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase)) return null;
            string? url = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrWhiteSpace(url)) url = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
            return string.IsNullOrWhiteSpace(url) ? null : url!.Trim().TrimEnd('/');
        }

        /// <summary>The Region the environment names (AWS_REGION, else AWS_DEFAULT_REGION), or null.</summary>
        public static string? EnvironmentRegion()
        {
            string? region = Environment.GetEnvironmentVariable("AWS_REGION");
            if (string.IsNullOrEmpty(region)) region = Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
            return string.IsNullOrEmpty(region) ? null : region;
        }
    }
}
