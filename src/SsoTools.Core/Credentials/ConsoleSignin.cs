using System;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Cache;
using SsoTools.Core.Errors;
using SsoTools.Model;
using SsoTools.Core.Portal;

namespace SsoTools.Core.Credentials
{
    /// <summary>The sign-in and console hosts of an AWS partition (compat.md section 10).</summary>
    public sealed class ConsolePartition
    {
        ConsolePartition(string name, string signinHost, string consoleHost) { Name = name; SigninHost = signinHost; ConsoleHost = consoleHost; }

        public string Name { get; }
        public string SigninHost { get; }
        public string ConsoleHost { get; }

        public static readonly ConsolePartition Aws = new ConsolePartition("aws", "signin.aws.amazon.com", "console.aws.amazon.com");
        public static readonly ConsolePartition China = new ConsolePartition("aws-cn", "signin.amazonaws.cn", "console.amazonaws.cn");
        public static readonly ConsolePartition GovCloud = new ConsolePartition("aws-us-gov", "signin.amazonaws-us-gov.com", "console.amazonaws-us-gov.com");

        /// <summary>The partition of a Region name: cn-* is aws-cn, us-gov-* is aws-us-gov, anything else aws.</summary>
        public static ConsolePartition OfRegion(string region) =>
            region.StartsWith("cn-", StringComparison.Ordinal) ? China :
            region.StartsWith("us-gov-", StringComparison.Ordinal) ? GovCloud : Aws;

        /// <summary>The partition named in an ARN (arn:&lt;partition&gt;:...), else null.</summary>
        public static ConsolePartition? OfArn(string? arn)
        {
            string[] parts = (arn ?? "").Split(':');
            if (parts.Length < 2) return null;
            return parts[1] == "aws-cn" ? China : parts[1] == "aws-us-gov" ? GovCloud : parts[1] == "aws" ? Aws : null;
        }
    }

    /// <summary>
    /// Turns role credentials into a console sign-in URL, as the IAM guide's custom identity broker
    /// does: getSigninToken at the federation endpoint, then the login URL. AWS_ENDPOINT_URL_SIGNIN
    /// overrides the endpoint's base URL (compat.md section 10). The URL is a secret for 15 minutes:
    /// nothing here writes it anywhere.
    /// </summary>
    public sealed class ConsoleSignin
    {
        // The guarded client: the request carries the credentials in its query, so a redirect is never followed.
        static HttpClient Http => Net.GuardedHttpHandler.Client;
        public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);
        public const string Issuer = "SsoTools";

        /// <summary>The federation endpoint's base URL: AWS_ENDPOINT_URL_SIGNIN (then AWS_ENDPOINT_URL), else the partition's sign-in host.</summary>
        public static string BaseUrl(ConsolePartition partition) =>
            Net.SsoClients.EndpointOverride("AWS_ENDPOINT_URL_SIGNIN") ?? "https://" + partition.SigninHost;

        /// <summary>
        /// The console URL to land on: a service name (ec2, s3, cloudformation...) becomes
        /// https://&lt;console&gt;/&lt;service&gt;/home?region=...; an https URL must be on the partition's
        /// console host (or a Region's subdomain of it); nothing gives the console home page.
        /// </summary>
        public static string Destination(string? destination, ConsolePartition partition, string region)
        {
            string home = "https://" + partition.ConsoleHost;
            if (string.IsNullOrWhiteSpace(destination)) return home + "/console/home?region=" + Uri.EscapeDataString(region);
            string d = destination!.Trim();
            if (d.IndexOf("://", StringComparison.Ordinal) < 0)
            {
                foreach (char c in d)
                    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
                        throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                            $"The destination '{Config.SsoValidation.Printable(d)}' is neither a console service name (such as ec2, s3 or cloudformation) nor an https URL of the console.", d);
                return home + "/" + d + "/home?region=" + Uri.EscapeDataString(region);
            }
            if (!Uri.TryCreate(d, UriKind.Absolute, out Uri? uri) || uri.Scheme != "https" || !string.IsNullOrEmpty(uri.UserInfo) ||
                !(uri.Host == partition.ConsoleHost || uri.Host.EndsWith("." + partition.ConsoleHost, StringComparison.Ordinal)))
                throw new SsoException(ErrorIds.InvalidValue, SsoErrorKind.InvalidArgument,
                    $"The destination '{Config.SsoValidation.Printable(d)}' is not a page of the {partition.Name} console: use an https URL on {partition.ConsoleHost}, or a service name such as ec2.", d);
            return uri.AbsoluteUri;
        }

        /// <summary>getSigninToken, then the login URL. sessionDuration must be null for a chained role session (the service refuses it).</summary>
        public async Task<SsoConsoleUrl> GetUrlAsync(SsoRoleCredential credential, ConsolePartition partition, string region, string? destination, int? sessionDuration, CancellationToken ct)
        {
            CredentialValues.Check(credential, "the credentials for the console", "Fetch new ones with -Force.");
            string landing = Destination(destination, partition, region);
            string baseUrl = BaseUrl(partition);
            string session = PythonJson.Dumps(new[]
            {
                new System.Collections.Generic.KeyValuePair<string, object?>("sessionId", credential.AccessKeyId),
                new System.Collections.Generic.KeyValuePair<string, object?>("sessionKey", credential.SecretAccessKey),
                new System.Collections.Generic.KeyValuePair<string, object?>("sessionToken", credential.SessionToken),
            }, compact: true);
            var request = new StringBuilder(baseUrl).Append("/federation?Action=getSigninToken");
            if (sessionDuration != null) request.Append("&SessionDuration=").Append(sessionDuration.Value);
            request.Append("&Session=").Append(Uri.EscapeDataString(session));
            string token;
            DateTime issued = DateTime.UtcNow;
            try
            {
                using (var response = await Http.GetAsync(request.ToString(), ct).ConfigureAwait(false))
                {
                    string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    if ((int)response.StatusCode >= 500)
                        throw new SsoException(ErrorIds.ServiceError, SsoErrorKind.ResourceUnavailable,
                            $"The console sign-in endpoint at {new Uri(baseUrl).Authority} failed (getSigninToken: HTTP {(int)response.StatusCode}). The fault is on the service's side: try again in a few minutes.", credential.RoleName);
                    if (!response.IsSuccessStatusCode)
                        throw new SsoException(ErrorIds.ConsoleSigninFailed, SsoErrorKind.AuthenticationError,
                            $"The console sign-in endpoint ({baseUrl}) refused the credentials of {credential.RoleName} in {credential.AccountId} (HTTP {(int)response.StatusCode}). " +
                            "Fetch new credentials with -Force and try again; if it persists, the role may not allow console access.", credential.RoleName);
                    token = ReadToken(body, baseUrl);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (SsoException) { throw; }
            catch (Exception ex)
            {
                var endpoint = Net.ServiceEndpoint.Signin(baseUrl);
                throw Net.ServiceErrors.Map(ex, endpoint, "getSigninToken", credential.RoleName, refused: null);
            }
            string url = baseUrl + "/federation?Action=login&Issuer=" + Uri.EscapeDataString(Issuer) +
                         "&Destination=" + Uri.EscapeDataString(landing) + "&SigninToken=" + Uri.EscapeDataString(token);
            return new SsoConsoleUrl
            {
                Url = url,
                Destination = landing,
                AccountId = credential.AccountId,
                RoleName = credential.RoleName,
                ProfileName = credential.ProfileName,
                Region = region,
                Partition = partition.Name,
                ExpiresAt = (issued + TokenLifetime).ToLocalTime(),
            };
        }

        static string ReadToken(string body, string baseUrl)
        {
            try
            {
                using (var doc = JsonDocument.Parse(body))
                {
                    if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("SigninToken", out var t) &&
                        t.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(t.GetString()))
                        return t.GetString()!;
                }
            }
            catch (JsonException) { }
            throw new SsoException(ErrorIds.ServiceError, SsoErrorKind.InvalidData,
                $"The console sign-in endpoint ({baseUrl}) answered without a sign-in token. If AWS_ENDPOINT_URL_SIGNIN or a proxy points elsewhere, check it; otherwise try again.", null);
        }
    }
}
