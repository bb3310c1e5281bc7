using System.Collections.Generic;

namespace SsoTools.Core.Resolution
{
    /// <summary>One profile of a chain: the role it assumes with its source profile's credentials (compat.md section 9).</summary>
    public sealed class AssumeRoleStep
    {
        public AssumeRoleStep(string profileName, string roleArn, string? roleSessionName, string? externalId, int? durationSeconds, string? region)
        {
            ProfileName = profileName;
            RoleArn = roleArn;
            RoleSessionName = roleSessionName;
            ExternalId = externalId;
            DurationSeconds = durationSeconds;
            Region = region;
        }

        public string ProfileName { get; }
        public string RoleArn { get; }
        /// <summary>As configured; null means botocore's made-up botocore-session-&lt;unix seconds&gt; (not part of the cache key).</summary>
        public string? RoleSessionName { get; }
        public string? ExternalId { get; }
        public int? DurationSeconds { get; }
        /// <summary>The profile's own region: where STS is called, and the credentials' Region.</summary>
        public string? Region { get; }

        /// <summary>The account in the role ARN.</summary>
        public string AccountId => RoleArn.Split(':')[4];

        /// <summary>The role's name: the last segment of the ARN's resource (a path may come before it).</summary>
        public string RoleName
        {
            get
            {
                string resource = RoleArn.Substring(RoleArn.IndexOf(":role/", System.StringComparison.Ordinal) + 6);
                return resource.Substring(resource.LastIndexOf('/') + 1);
            }
        }

        /// <summary>The AWS CLI's cache key for this AssumeRole (no MFA: SsoTools refuses mfa_serial).</summary>
        public string CacheKey => Cache.CacheKeys.AssumeRole(RoleArn, RoleSessionName, ExternalId, null, DurationSeconds);
    }

    /// <summary>
    /// How to get a profile's credentials: the SSO role at the start of the chain, then each AssumeRole
    /// in order (none for an SSO profile). Region and ProfileName are those of the profile asked for.
    /// </summary>
    public sealed class CredentialPlan
    {
        public CredentialPlan(RoleTarget start, IReadOnlyList<AssumeRoleStep> steps, string? profileName)
        {
            Start = start;
            Steps = steps;
            ProfileName = profileName;
        }

        public RoleTarget Start { get; }
        public IReadOnlyList<AssumeRoleStep> Steps { get; }
        public string? ProfileName { get; }
        public bool IsChained => Steps.Count > 0;
        public string? Region => IsChained ? Steps[Steps.Count - 1].Region : Start.Region;
    }
}
