namespace SsoTools.Core.Errors
{
    /// <summary>Which program shows Core's messages to a person.</summary>
    public enum MessageHost
    {
        /// <summary>The SsoTools cmdlets: remedies name cmdlets and their parameters.</summary>
        PowerShell,
        /// <summary>ssotools-credential-process, run by the AWS CLI or an SDK: remedies name what a user
        /// of those tools types (aws sso login, the config file's keys), never a cmdlet parameter.</summary>
        CredentialHelper,
    }

    /// <summary>
    /// The remedies Core's messages end with, worded for the host that shows them. The module leaves
    /// the default; the native helper sets <see cref="Host"/> once, first thing in Main. Every
    /// remedy that a message of both hosts can carry is built here, so no message speaks the
    /// other host's vocabulary.
    /// </summary>
    public static class Remedy
    {
        public static MessageHost Host { get; set; } = MessageHost.PowerShell;

        /// <summary>The command that signs in to a session (or a legacy profile): Invoke-SsoLogin for
        /// PowerShell; for the helper, the AWS CLI's sign-in, which writes the same token file.</summary>
        public static string SignInCommand(string? sessionName, string? profileName, bool force = false)
        {
            if (Host == MessageHost.CredentialHelper)
                return sessionName != null ? "aws sso login --sso-session " + sessionName
                     : profileName != null ? "aws sso login --profile " + profileName : "aws sso login";
            string command = sessionName != null ? "Invoke-SsoLogin -SessionName " + sessionName
                           : profileName != null ? "Invoke-SsoLogin -ProfileName " + profileName : "Invoke-SsoLogin";
            return force ? command + " -Force" : command;
        }

        /// <summary>What replaces bad cached role credentials.</summary>
        public static string FetchNewCredentials(string? cacheFile = null) =>
            Host == MessageHost.CredentialHelper
                ? (cacheFile != null ? "Delete " + cacheFile + " and run the command again; new ones are fetched." : "Run the command again.")
                : (cacheFile != null ? "Fetch new ones with -Force, which replaces the file." : "Fetch new ones with -Force.");

        /// <summary>What to do about a profile that is not there.</summary>
        public static string ListOrCreateProfile() =>
            Host == MessageHost.CredentialHelper
                ? "Check the name in the profile's credential_process line, or list the profiles with 'aws configure list-profiles'."
                : "List them with Get-SsoProfile, or create one with Set-SsoProfile.";

        /// <summary>What to do about an sso-session that is not there.</summary>
        public static string CreateSession(string sessionName) =>
            Host == MessageHost.CredentialHelper
                ? $"Add an [sso-session {sessionName}] section (aws configure sso-session, or New-SsoSession in PowerShell)."
                : $"Create it with 'New-SsoSession -Name {sessionName} -StartUrl <url> -Region <region>', or list sessions with Get-SsoSession.";

        /// <summary>How to give a profile a role.</summary>
        public static string AddRole(string profileName, string? sessionName) =>
            Host == MessageHost.CredentialHelper
                ? $"Add sso_account_id and sso_role_name to [profile {profileName}]."
                : $"Add a role with 'Set-SsoProfile -Name {profileName} -SessionName {sessionName ?? "<session>"} -AccountId <id> -RoleName <role>'.";

        /// <summary>Where an sso-session's settings are seen.</summary>
        public static string ShowSession(string sessionName) =>
            Host == MessageHost.CredentialHelper ? $"the sso-session '{sessionName}'" : $"the sso-session '{sessionName}' (Get-SsoSession {sessionName})";
    }
}
