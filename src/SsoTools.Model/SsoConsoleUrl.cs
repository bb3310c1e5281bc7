using System;
using System.Management.Automation;

namespace SsoTools.Model
{
    /// <summary>
    /// A console sign-in URL for one role. The URL signs anyone who has it in as that role for 15
    /// minutes, so it is [Hidden]: no view shows it. Read it by name ($u.Url), or pass the object
    /// where a string is wanted (ToString gives the URL): Start-Process $u.
    /// </summary>
    public sealed class SsoConsoleUrl
    {
        [Hidden] public string Url { get; set; } = "";
        /// <summary>Where the console opens: the destination URL (not secret).</summary>
        public string Destination { get; set; } = "";
        public string AccountId { get; set; } = "";
        public string RoleName { get; set; } = "";
        public string? ProfileName { get; set; }
        public string Region { get; set; } = "";
        /// <summary>aws, aws-cn or aws-us-gov.</summary>
        public string Partition { get; set; } = "aws";
        /// <summary>When the sign-in token in the URL stops working (local time): 15 minutes after it was issued.</summary>
        public DateTime ExpiresAt { get; set; }

        public override string ToString() => Url;
    }
}
