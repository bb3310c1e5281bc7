namespace SsoTools.Model
{
    /// <summary>A role the signed-in user may take in an account.</summary>
    public sealed class SsoRole
    {
        public string? SessionName { get; set; }
        public string? ProfileName { get; set; }
        public string AccountId { get; set; } = "";
        public string? AccountName { get; set; }
        public string RoleName { get; set; } = "";

        public override string ToString() => RoleName + "@" + AccountId;
    }
}
