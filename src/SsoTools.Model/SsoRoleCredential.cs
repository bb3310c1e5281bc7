using System;

namespace SsoTools.Core.Model
{
    /// <summary>Temporary credentials for one role. SecretAccessKey and SessionToken never show in default views.</summary>
    public sealed class SsoRoleCredential
    {
        public string AccessKeyId { get; set; } = "";
        public string SecretAccessKey { get; set; } = "";
        public string SessionToken { get; set; } = "";
        public DateTime Expiration { get; set; }
        public string AccountId { get; set; } = "";
        public string RoleName { get; set; } = "";
        public string? ProfileName { get; set; }
        public string? SessionName { get; set; }
        public string? Region { get; set; }

        public override string ToString() => AccessKeyId;
    }
}
