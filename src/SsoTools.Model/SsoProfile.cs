namespace SsoTools.Model
{
    /// <summary>A [profile NAME] (or [default]) section that signs in through IAM Identity Center.</summary>
    public sealed class SsoProfile
    {
        /// <summary>For scripts and runbook tests: [SsoTools.Model.SsoProfile]@{ ProfileName = 'dev'; ... }.</summary>
        public SsoProfile() { }

        public SsoProfile(string profileName, string? sessionName, string startUrl, string ssoRegion,
            string? accountId, string? roleName, string? region, string? output, string configPath)
        {
            ProfileName = profileName;
            SessionName = sessionName;
            StartUrl = startUrl;
            SsoRegion = ssoRegion;
            AccountId = accountId;
            RoleName = roleName;
            Region = region;
            Output = output;
            ConfigPath = configPath;
        }

        public string ProfileName { get; set; } = "";
        /// <summary>Null for a legacy profile (start URL and region in the profile itself).</summary>
        public string? SessionName { get; set; }
        public string StartUrl { get; set; } = "";
        public string SsoRegion { get; set; } = "";
        public string? AccountId { get; set; }
        public string? RoleName { get; set; }
        /// <summary>The profile's own `region` (where role credentials are used), not sso_region.</summary>
        public string? Region { get; set; }
        public string? Output { get; set; }
        public string ConfigPath { get; set; } = "";
        public bool IsLegacy => SessionName == null;
        public string? CredentialProcess { get; set; }

        public override string ToString() => ProfileName;
    }
}
