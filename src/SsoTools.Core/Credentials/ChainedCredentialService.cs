using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;
using SsoTools.Core.Cache;
using SsoTools.Core.Errors;
using SsoTools.Core.Portal;
using SsoTools.Model;

namespace SsoTools.Core.Credentials
{
    /// <summary>
    /// Credentials for a CredentialPlan: an SSO role through RoleCredentialService, or a chain of STS
    /// AssumeRoles on top of it. Each AssumeRole's result is cached where and as the AWS CLI caches it
    /// (compat.md section 9), so either tool reuses the other's while 15 minutes remain. As with SSO role
    /// credentials, nothing cached is used while the chain's sso-session is signed out.
    /// </summary>
    public sealed class ChainedCredentialService
    {
        readonly SsoContext _ctx;
        readonly RoleCredentialService _roles;

        public ChainedCredentialService(SsoContext ctx)
        {
            _ctx = ctx;
            _roles = new RoleCredentialService(ctx);
        }

        public string PathFor(AssumeRoleStep step) => System.IO.Path.Combine(_ctx.RoleCredentials.Directory, step.CacheKey + ".json");

        /// <summary>Cached credentials for the whole plan, good for 15 more minutes, with no network call; else null.</summary>
        public SsoRoleCredential? TryCached(CredentialPlan plan)
        {
            if (!plan.IsChained)
            {
                var sso = _roles.TryCached(plan.Start.SignIn, plan.Start.AccountId, plan.Start.RoleName);
                if (sso != null) sso.Region = plan.Region;
                return sso;
            }
            return TryCachedStep(plan, plan.Steps.Count - 1);
        }

        SsoRoleCredential? TryCachedStep(CredentialPlan plan, int index) => TryCachedStep(plan, index, out _);

        SsoRoleCredential? TryCachedStep(CredentialPlan plan, int index, out string? distrust)
        {
            var step = plan.Steps[index];
            var cached = _roles.TryCachedFile(plan.Start.SignIn, PathFor(step), step.AccountId, step.RoleName, assumed: true, out distrust);
            return cached == null ? null : Complete(cached, plan, step);
        }

        /// <summary>The plan's credentials: cached while 15 minutes remain (unless force, which renews only the last step), else fetched.</summary>
        public async Task<SsoRoleCredential> GetAsync(CredentialPlan plan, bool force, IFeedback feedback, CancellationToken ct)
        {
            if (!plan.IsChained)
            {
                var sso = await _roles.GetAsync(plan.Start.SignIn, plan.Start.AccountId, plan.Start.RoleName, force, feedback, ct).ConfigureAwait(false);
                sso.Region = plan.Region;
                return sso;
            }
            return await StepAsync(plan, plan.Steps.Count - 1, force, feedback, ct).ConfigureAwait(false);
        }

        async Task<SsoRoleCredential> StepAsync(CredentialPlan plan, int index, bool force, IFeedback feedback, CancellationToken ct)
        {
            var step = plan.Steps[index];
            if (!force)
            {
                var cached = TryCachedStep(plan, index, out string? distrust);
                if (cached != null) return cached;
                RoleCredentialService.TellOnce(distrust, PathFor(step), feedback);
            }
            SsoRoleCredential source = index == 0
                ? await _roles.GetAsync(plan.Start.SignIn, plan.Start.AccountId, plan.Start.RoleName, false, feedback, ct).ConfigureAwait(false)
                : await StepAsync(plan, index - 1, false, feedback, ct).ConfigureAwait(false);
            var (fresh, user, requestId) = await AssumeRoleAsync(step, source, ct).ConfigureAwait(false);
            CredentialValues.Check(fresh, "STS AssumeRole for " + step.RoleArn, "Try again; if it persists, check AWS_ENDPOINT_URL_STS.");
            AssumeRoleCacheFile.Save(PathFor(step), fresh, user, requestId);
            feedback.Verbose($"Assumed {step.RoleArn} for the profile '{step.ProfileName}'; the credentials expire at {CacheTime.Format(fresh.Expiration)}.");
            return Complete(fresh, plan, step);
        }

        static SsoRoleCredential Complete(SsoRoleCredential c, CredentialPlan plan, AssumeRoleStep step)
        {
            c.AccountId = step.AccountId;
            c.RoleName = step.RoleName;
            c.RoleArn = step.RoleArn;
            c.SessionName = plan.Start.SignIn.SessionName;
            c.ProfileName = step.ProfileName;
            c.Region = step.Region;
            return c;
        }

        /// <summary>One STS AssumeRole with the source credentials; the endpoint is the SDK's (AWS_ENDPOINT_URL_STS honoured).</summary>
        async Task<(SsoRoleCredential, AssumedRoleUser?, string?)> AssumeRoleAsync(AssumeRoleStep step, SsoRoleCredential source, CancellationToken ct)
        {
            string region = step.Region ?? SsoClients.EnvironmentRegion() ?? "us-east-1";
            var request = new AssumeRoleRequest
            {
                RoleArn = step.RoleArn,
                // botocore's own default when the profile names none.
                RoleSessionName = step.RoleSessionName ?? "botocore-session-" + DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            };
            if (step.ExternalId != null) request.ExternalId = step.ExternalId;
            if (step.DurationSeconds != null) request.DurationSeconds = step.DurationSeconds.Value;
            try
            {
                using (var sts = _ctx.Clients.Sts(region, new SessionAWSCredentials(source.AccessKeyId, source.SecretAccessKey, source.SessionToken)))
                {
                    var response = await sts.AssumeRoleAsync(request, ct).ConfigureAwait(false);
                    var c = response.Credentials;
                    // An HTML page parses as XML with nothing the SDK looks for: no credentials, no error.
                    if (c == null) throw ServiceErrors.Unreadable(ServiceEndpoint.Sts(region), "AssumeRole for the profile '" + step.ProfileName + "'", step.ProfileName, null);
                    var credential = new SsoRoleCredential
                    {
                        AccessKeyId = c.AccessKeyId,
                        SecretAccessKey = c.SecretAccessKey,
                        SessionToken = c.SessionToken,
                        Expiration = CacheTime.Truncate((c.Expiration ?? DateTime.UtcNow).ToUniversalTime()),
                    };
                    return (credential, response.AssumedRoleUser, response.ResponseMetadata?.RequestId);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (Exception ex)
            {
                throw Map(ex, step, region);
            }
        }

        static SsoException Map(Exception ex, AssumeRoleStep step, string region) =>
            ServiceErrors.Map(ex, ServiceEndpoint.Sts(region), "AssumeRole for the profile '" + step.ProfileName + "'", step.ProfileName,
                ase => AssumeRoleRefusal(ase, ex, step, region));

        /// <summary>What STS's refusal of an AssumeRole means, and what to change.</summary>
        internal static SsoException AssumeRoleRefusal(AmazonServiceException ase, Exception ex, AssumeRoleStep step, string region)
        {
            string code = ServiceErrors.Code(ase);
            string reason = ServiceErrors.Reason(ase);
            string said = $"STS refused to let the profile '{step.ProfileName}' assume {step.RoleArn}: {code} (HTTP {(int)ase.StatusCode}, request {ase.RequestId})" +
                          (reason.Length > 0 ? ": " + reason : "") + ". ";
            switch (code)
            {
                case "RegionDisabledException":
                case "RegionDisabled":
                    return new SsoException(ErrorIds.AssumeRoleFailed, SsoErrorKind.ResourceUnavailable,
                        said + $"STS is not activated in {region} for this account: activate it (IAM > Account settings), or give the profile a region where it is.", step.ProfileName, ex);
                case "ExpiredToken":
                case "ExpiredTokenException":
                    return new SsoException(ErrorIds.AssumeRoleFailed, SsoErrorKind.AuthenticationError,
                        said + "The source profile's credentials expired on the way: " + Remedy.FetchNewCredentials(), step.ProfileName, ex);
                default:
                    return new SsoException(ErrorIds.AssumeRoleFailed, code == "AccessDenied" ? SsoErrorKind.PermissionDenied : SsoErrorKind.InvalidOperation,
                        said + "Check role_arn, external_id and duration_seconds, and that the role trusts its source profile's role.", step.ProfileName, ex);
            }
        }
    }

    /// <summary>The AWS CLI's assume-role cache file: the whole AssumeRole response, as json.dumps writes it.</summary>
    internal static class AssumeRoleCacheFile
    {
        public static void Save(string path, SsoRoleCredential c, AssumedRoleUser? user, string? requestId)
        {
            var credentials = new List<KeyValuePair<string, object?>>
            {
                new KeyValuePair<string, object?>("AccessKeyId", c.AccessKeyId),
                new KeyValuePair<string, object?>("SecretAccessKey", c.SecretAccessKey),
                new KeyValuePair<string, object?>("SessionToken", c.SessionToken),
                // datetime.isoformat() of the parsed UTC time, as the CLI writes it.
                new KeyValuePair<string, object?>("Expiration", CacheTime.FormatWithOffset(c.Expiration)),
            };
            var file = new List<KeyValuePair<string, object?>> { new KeyValuePair<string, object?>("Credentials", credentials) };
            if (user != null)
                file.Add(new KeyValuePair<string, object?>("AssumedRoleUser", new List<KeyValuePair<string, object?>>
                {
                    new KeyValuePair<string, object?>("AssumedRoleId", user.AssumedRoleId),
                    new KeyValuePair<string, object?>("Arn", user.Arn),
                }));
            file.Add(new KeyValuePair<string, object?>("ResponseMetadata", new List<KeyValuePair<string, object?>>
            {
                new KeyValuePair<string, object?>("RequestId", requestId ?? ""),
                new KeyValuePair<string, object?>("HTTPStatusCode", 200),
                new KeyValuePair<string, object?>("RetryAttempts", 0),
            }));
            JsonCacheFile.Write(path, PythonJson.Dumps(file));
        }
    }
}
