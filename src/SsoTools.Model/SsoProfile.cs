namespace SsoTools.Model
{
    /// <summary>A [profile NAME] (or [default]) section that signs in through IAM Identity Center.</summary>
    public sealed class SsoProfile
    {
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

        public string ProfileName { get; }
        /// <summary>Null for a legacy profile (start URL and region in the profile itself).</summary>
        public string? SessionName { get; }
        public string StartUrl { get; }
        public string SsoRegion { get; }
        public string? AccountId { get; }
        public string? RoleName { get; }
        /// <summary>The profile's own `region` (where role credentials are used), not sso_region.</summary>
        public string? Region { get; }
        public string? Output { get; }
        public string ConfigPath { get; }
        public bool IsLegacy => SessionName == null;
        public string? CredentialProcess { get; set; }

        public override string ToString() => ProfileName;
    }
}
