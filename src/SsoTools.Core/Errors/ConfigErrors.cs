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
                $"The sso-session \"{sessionName}\" does not exist in {configPath}. " + Remedy.CreateSession(sessionName), sessionName);

        /// <summary>
        /// The warning for a config that starts with a UTF-8 BOM (Notepad's "UTF-8 with BOM", Windows
        /// PowerShell 5.1's Set-Content -Encoding UTF8): configparser keeps U+FEFF in front of the first
        /// line, so botocore raises ConfigParseError for the whole file, whatever that line is.
        /// </summary>
        public const string BomWarningFormat =
            "{0} starts with a UTF-8 byte order mark; botocore and the AWS CLI cannot read such a file (every aws command fails with" +
            " \"Unable to parse config file\") although SsoTools can; save it as UTF-8 without BOM" +
            " (Notepad: File > Save As, Encoding \"UTF-8\", not \"UTF-8 with BOM\"; PowerShell 7: Set-Content -Encoding utf8NoBOM).";

        public static string BomWarning(string configPath) => string.Format(System.Globalization.CultureInfo.InvariantCulture, BomWarningFormat, configPath);

        public static SsoException ProfileNotFound(string profileName, string configPath) =>
            new SsoException(ErrorIds.SsoProfileNotFound, SsoErrorKind.ObjectNotFound,
                $"The profile '{profileName}' is not an SSO profile in {configPath}. " + Remedy.ListOrCreateProfile(), profileName);
    }
}
