namespace SsoTools.Model
{
    /// <summary>An AWS account the signed-in user can reach.</summary>
    public sealed class SsoAccount
    {
        public string? SessionName { get; set; }
        public string? ProfileName { get; set; }
        public string AccountId { get; set; } = "";
        public string AccountName { get; set; } = "";
        public string? EmailAddress { get; set; }

        public override string ToString() => AccountName + " (" + AccountId + ")";
    }
}
