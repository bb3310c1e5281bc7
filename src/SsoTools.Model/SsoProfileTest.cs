using System.Collections.Generic;

namespace SsoTools.Model
{
    /// <summary>Test-SsoProfile's verdict on one profile: each check, and what is wrong.</summary>
    public sealed class SsoProfileTest
    {
        public string ProfileName { get; set; } = "";
        public string? SessionName { get; set; }
        public string? AccountId { get; set; }
        public string? RoleName { get; set; }
        /// <summary>The profile resolves as botocore resolves it: its session exists and is complete, values agree, start URL and region are valid.</summary>
        public bool ConfigValid { get; set; }
        /// <summary>A token is cached that has not expired, or that can be refreshed.</summary>
        public bool SignedIn { get; set; }
        /// <summary>The role is still assigned to you in that account; null when it could not be asked (not signed in, no role).</summary>
        public bool? RoleAssigned { get; set; }
        /// <summary>The profile's own region key is an AWS Region name, or there is none.</summary>
        public bool RegionValid { get; set; }
        /// <summary>SsoTools would write this name itself (no spaces, quotes, brackets or backslashes).</summary>
        public bool NameValid { get; set; }
        public string[] Problems { get; set; } = new string[0];
        // An array, not a read-only list: [SsoTools.Model.SsoProfileTest]@{ Problems = @(...) } must convert.
        public bool Healthy => Problems == null || Problems.Length == 0;

        public override string ToString() => ProfileName;
    }
}
