namespace SsoTools.Model
{
    /// <summary>What one logout dropped.</summary>
    public sealed class LogoutResult
    {
        public string Name { get; set; } = "";
        public bool TokenDeleted { get; set; }
        public int CredentialFilesDeleted { get; set; }
    }
}
