namespace SsoTools.Model
{
    /// <summary>What Sync-SsoProfile did (or, with -WhatIf, would do) to one profile.</summary>
    public sealed class SsoSyncResult
    {
        public string ProfileName { get; set; } = "";
        public SsoSyncAction Action { get; set; }
        public string SessionName { get; set; } = "";
        public string? AccountId { get; set; }
        public string? AccountName { get; set; }
        public string? RoleName { get; set; }
        public string? Region { get; set; }

        public override string ToString() => Action + " " + ProfileName;
    }

    public enum SsoSyncAction
    {
        Added,
        Updated,
        Removed,
        Unchanged,
    }
}
