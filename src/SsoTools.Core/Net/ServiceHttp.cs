using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace SsoTools.Core.Net
{
    /// <summary>
    /// How long one request to AWS (OIDC, the portal, STS, the console federation endpoint) may take,
    /// whole answer included: SSOTOOLS_SERVICE_TIMEOUT_SECONDS (1 to 3600), else 30 s. Read at every
    /// request, so a changed variable applies at once.
    /// </summary>
    public static class ServiceTimeout
    {
        public const string Variable = "SSOTOOLS_SERVICE_TIMEOUT_SECONDS";
        public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

        public static TimeSpan Current
        {
            get
            {
                string? text = Environment.GetEnvironmentVariable(Variable);
                if (!string.IsNullOrWhiteSpace(text) &&
                    double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double s) &&
                    s >= 1 && s <= 3600)
                    return TimeSpan.FromSeconds(s);
                return Default;
            }
        }
    }

    /// <summary>A request that did not get its whole answer within ServiceTimeout.</summary>
    public sealed class ServiceDeadlineException : Exception
    {
        public ServiceDeadlineException(string host, TimeSpan limit, Exception? inner)
            : base($"No complete answer from {host} within {limit.TotalSeconds:0.#} s.", inner) { Host = host; Limit = limit; }
        public string Host { get; }
        public TimeSpan Limit { get; }
    }

    /// <summary>An endpoint that answered with a redirect. AWS APIs never redirect: it is not followed.</summary>
    public sealed class ServiceRedirectException : Exception
    {
        public ServiceRedirectException(string host, int status, string? targetHost)
            : base($"{host} answered HTTP {status}, a redirect" + (targetHost != null ? " to " + targetHost : "") + "; it was not followed.") { Host = host; Status = status; TargetHost = targetHost; }
        public string Host { get; }
        public int Status { get; }
        public string? TargetHost { get; }
    }

    /// <summary>
    /// The HTTP handler under every call SsoTools makes to AWS: a redirect is an error (the bearer token,
    /// client secret or credentials never go to a host that was not asked), and the whole answer, body
    /// included, must arrive within ServiceTimeout (a server that sends a few bytes at a time cannot hold a
    /// command). The body is read here, so the SDK's own reading never waits on the network.
    /// </summary>
    public sealed class GuardedHttpHandler : DelegatingHandler
    {
        public GuardedHttpHandler() : base(new HttpClientHandler { AllowAutoRedirect = false }) { }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            TimeSpan limit = ServiceTimeout.Current;
            string host = request.RequestUri?.Authority ?? "the endpoint";
            HttpResponseMessage? response = null;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(limit);
                Stream? body = null;
                // Where a stream read ignores its token (.NET Framework), disposing the stream ends it.
                using (deadline.Token.Register(() => { try { Volatile.Read(ref body)?.Dispose(); } catch (Exception) { } }))
                {
                    try
                    {
                        response = await base.SendAsync(request, deadline.Token).ConfigureAwait(false);
                        int status = (int)response.StatusCode;
                        if (status >= 300 && status < 400)
                        {
                            // Only the host of the Location is named: its path or query may carry anything.
                            Uri? location = response.Headers.Location;
                            if (location != null && !location.IsAbsoluteUri && request.RequestUri != null) location = new Uri(request.RequestUri, location);
                            throw new ServiceRedirectException(host, status, location?.Authority);
                        }
                        if (response.Content != null)
                        {
                            var buffer = new MemoryStream();
                            using (Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                            {
                                Volatile.Write(ref body, stream);
                                byte[] chunk = new byte[16384];
                                int n;
                                while ((n = await stream.ReadAsync(chunk, 0, chunk.Length, deadline.Token).ConfigureAwait(false)) > 0) buffer.Write(chunk, 0, n);
                                Volatile.Write(ref body, null);
                            }
                            var content = new ByteArrayContent(buffer.ToArray());
                            foreach (var header in response.Content.Headers)
                                if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                                    content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                            response.Content.Dispose();
                            response.Content = content;
                        }
                        deadline.Token.ThrowIfCancellationRequested();
                        return response;
                    }
                    catch (Exception) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                    {
                        response?.Dispose();
                        // No inner exception: the SDK retries anything with a timeout or I/O error inside, and the deadline is for the whole call.
                        throw new ServiceDeadlineException(host, limit, null);
                    }
                    catch
                    {
                        response?.Dispose();
                        throw;
                    }
                }
            }
        }

        /// <summary>One client for every AWS call: its handler pools connections; the deadline is the handler's.</summary>
        public static readonly HttpClient Client = new HttpClient(new GuardedHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Gives the AWS SDK clients the guarded HttpClient (the SDK's own follows redirects).</summary>
    public sealed class GuardedHttpClientFactory : HttpClientFactory
    {
        public static readonly GuardedHttpClientFactory Instance = new GuardedHttpClientFactory();

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => GuardedHttpHandler.Client;
        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;
        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
        public override string GetConfigUniqueString(IClientConfig clientConfig) => "SsoTools.Guarded";
    }
}
