namespace SsoTools.Model
{
    /// <summary>What Export-SsoCredential -Format writes; the names of `aws configure export-credentials --format`.</summary>
    public enum CredentialFormat
    {
        /// <summary>credential_process JSON (Version 1), as `aws configure export-credentials --format process`.</summary>
        Process,
        /// <summary>export VAR=value lines for bash and zsh.</summary>
        Env,
        /// <summary>VAR=value lines.</summary>
        EnvNoExport,
        /// <summary>$Env:VAR='value' lines.</summary>
        PowerShell,
        /// <summary>set VAR=value lines for cmd.exe.</summary>
        WindowsCmd,
        /// <summary>set -gx VAR value; lines for fish (the AWS CLI's `fish` format, 2.33.8 and later).</summary>
        Fish,
        /// <summary>One compact JSON object with the credentials, their expiry and what they are for.</summary>
        Json,
    }
}
