namespace SsoTools.Core.Errors
{
    /// <summary>
    /// The errors several commands raise about names in the config file, worded once: a user meets
    /// the same message (and the same remedy) whichever command found the problem.
    /// </summary>
    public static class ConfigErrors
    {
        public static SsoException SessionNotFound(string sessionName, string configPath) =>
            new SsoException(ErrorIds.SsoSessionNotFound, SsoErrorKind.ObjectNotFound,
                $"The sso-session \"{sessionName}\" does not exist in {configPath}. Create it with 'New-SsoSession -Name {sessionName} -StartUrl <url> -Region <region>', or list sessions with Get-SsoSession.", sessionName);

        public static SsoException ProfileNotFound(string profileName, string configPath) =>
            new SsoException(ErrorIds.SsoProfileNotFound, SsoErrorKind.ObjectNotFound,
                $"The profile '{profileName}' is not an SSO profile in {configPath}. List them with Get-SsoProfile, or create one with Set-SsoProfile.", profileName);
    }
}
