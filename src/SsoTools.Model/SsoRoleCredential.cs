using System;
using System.Management.Automation;

namespace SsoTools.Model
{
    /// <summary>
    /// Temporary credentials for one role. SecretAccessKey and SessionToken are [Hidden]: no
    /// rendering shows them (default output of mixed types, Format-List *, Format-Table *,
    /// Select-Object *, Out-String, transcripts); `$c.SecretAccessKey` and the export cmdlets do.
    /// </summary>
    public sealed class SsoRoleCredential
    {
        public string AccessKeyId { get; set; } = "";
        [Hidden] public string SecretAccessKey { get; set; } = "";
        [Hidden] public string SessionToken { get; set; } = "";
        public DateTime Expiration { get; set; }
        public string AccountId { get; set; } = "";
        public string RoleName { get; set; } = "";
        public string? ProfileName { get; set; }
        public string? SessionName { get; set; }
        public string? Region { get; set; }
        /// <summary>The role assumed, for credentials of a chained profile (role_arn + source_profile); null for an IAM Identity Center role.</summary>
        public string? RoleArn { get; set; }

        public override string ToString() => AccessKeyId;
    }
}
