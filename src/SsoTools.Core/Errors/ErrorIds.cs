namespace SsoTools.Core.Errors
{
    /// <summary>The stable ErrorIds. Renaming one breaks users' scripts.</summary>
    public static class ErrorIds
    {
        public const string InvalidStartUrl = nameof(InvalidStartUrl);
        public const string InvalidRegion = nameof(InvalidRegion);
        public const string InvalidSessionName = nameof(InvalidSessionName);
        public const string InvalidProfileName = nameof(InvalidProfileName);
        public const string InvalidValue = nameof(InvalidValue);
        public const string InvalidNameTemplate = nameof(InvalidNameTemplate);
        public const string SsoSessionExists = nameof(SsoSessionExists);
        public const string SsoSessionNotFound = nameof(SsoSessionNotFound);
        public const string SsoProfileNotFound = nameof(SsoProfileNotFound);
        public const string SsoProfileExists = nameof(SsoProfileExists);
        public const string SsoSessionInUse = nameof(SsoSessionInUse);
        public const string ConfigFileMalformed = nameof(ConfigFileMalformed);
        /// <summary>A config file that is not UTF-8 (the Windows ANSI code page, UTF-16): read by nobody here, never rewritten.</summary>
        public const string ConfigFileEncoding = nameof(ConfigFileEncoding);
        public const string ConfigEditRefused = nameof(ConfigEditRefused);
        /// <summary>Invoke-SsoCommand: a record the block wrote to its error stream.</summary>
        public const string ScriptBlockError = nameof(ScriptBlockError);
        /// <summary>Invoke-SsoCommand: a run that wrote to standard error, failed or exited non-zero.</summary>
        public const string ScriptBlockFailed = nameof(ScriptBlockFailed);
        public const string SsoConfigInconsistent = nameof(SsoConfigInconsistent);
        public const string SsoProfileIncomplete = nameof(SsoProfileIncomplete);
        public const string SsoSessionIncomplete = nameof(SsoSessionIncomplete);
        public const string ConfigFileWriteFailed = nameof(ConfigFileWriteFailed);
        public const string CacheFileMalformed = nameof(CacheFileMalformed);
        public const string NotLoggedIn = nameof(NotLoggedIn);
        public const string TokenExpired = nameof(TokenExpired);
        public const string TokenRejected = nameof(TokenRejected);
        public const string TokenRefreshBusy = nameof(TokenRefreshBusy);
        public const string LoginDenied = nameof(LoginDenied);
        public const string LoginTimedOut = nameof(LoginTimedOut);
        public const string LoginFailed = nameof(LoginFailed);
        /// <summary>A redirect address pasted back that does not carry this sign-in's state.</summary>
        public const string LoginStateMismatch = nameof(LoginStateMismatch);
        /// <summary>The fixed callback port (-CallbackPort, ssotools_callback_port) is in use or not allowed.</summary>
        public const string CallbackPortUnavailable = nameof(CallbackPortUnavailable);
        public const string LoginCancelled = nameof(LoginCancelled);
        public const string ServiceThrottled = nameof(ServiceThrottled);
        public const string ServiceError = nameof(ServiceError);
        public const string ServiceUnreachable = nameof(ServiceUnreachable);
        public const string AccountNotFound = nameof(AccountNotFound);
        public const string RoleNotAssigned = nameof(RoleNotAssigned);
        public const string ProfileHasNoRole = nameof(ProfileHasNoRole);
        /// <summary>A profile that gets credentials another way (role_arn, static keys, ...): not turned into an SSO profile without -Force.</summary>
        public const string ProfileHasOtherCredentials = nameof(ProfileHasOtherCredentials);
        /// <summary>A profile that is not an SSO profile: Remove-SsoProfile leaves it without -Force.</summary>
        public const string ProfileNotSso = nameof(ProfileNotSso);
        /// <summary>Several sections define one profile or sso-session ([profile a] and [profile 'a']).</summary>
        public const string SectionDefinedTwice = nameof(SectionDefinedTwice);
        /// <summary>Sync-SsoProfile's name template gives two roles one name: nothing is written.</summary>
        public const string SyncNameCollision = nameof(SyncNameCollision);
        /// <summary>A config or cache path that is a folder, device, FIFO or socket: neither read nor replaced.</summary>
        public const string FileNotRegular = nameof(FileNotRegular);
        /// <summary>A file the user may not (or chose not to let anyone) write; left unchanged.</summary>
        public const string FileAccessDenied = nameof(FileAccessDenied);
        /// <summary>A file could not be read or written for another reason (disk full, I/O error).</summary>
        public const string FileAccessFailed = nameof(FileAccessFailed);
        /// <summary>Credentials (from a cache file or the network) that are not of the form AWS issues.</summary>
        public const string InvalidCredentialValue = nameof(InvalidCredentialValue);
        /// <summary>A value from the service that would send the browser somewhere it must not go.</summary>
        public const string InvalidServiceResponse = nameof(InvalidServiceResponse);
        /// <summary>source_profile leads back to a profile already in the chain.</summary>
        public const string SourceProfileLoop = nameof(SourceProfileLoop);
        /// <summary>A chain that does not end in an SSO profile with a role (static keys, credential_source, ...): not SsoTools' to resolve.</summary>
        public const string ChainSourceUnsupported = nameof(ChainSourceUnsupported);
        /// <summary>A chained profile with mfa_serial: SsoTools does not prompt for MFA codes.</summary>
        public const string MfaNotSupported = nameof(MfaNotSupported);
        /// <summary>STS refused the AssumeRole (trust policy, ExternalId, duration): the message is the service's.</summary>
        public const string AssumeRoleFailed = nameof(AssumeRoleFailed);
        /// <summary>The console sign-in (federation) endpoint refused the credentials.</summary>
        public const string ConsoleSigninFailed = nameof(ConsoleSigninFailed);
        /// <summary>SsoTools could not load one of its own assemblies: the installation is broken.</summary>
        public const string ModuleLoadFailed = nameof(ModuleLoadFailed);
        /// <summary>Another program kept rewriting the config (in place) while SsoTools waited to change it: nothing was written.</summary>
        public const string ConfigFileBusy = nameof(ConfigFileBusy);
        /// <summary>A token or credential file another program was rewriting while SsoTools read it.</summary>
        public const string CacheFileBusy = nameof(CacheFileBusy);
        /// <summary>The native helper was run without a profile name.</summary>
        public const string InvalidArguments = nameof(InvalidArguments);
        /// <summary>The native helper could not write to its standard output (the program that ran it closed it).</summary>
        public const string OutputClosed = nameof(OutputClosed);
        /// <summary>A failure SsoTools did not foresee; the message names the exception.</summary>
        public const string UnexpectedError = nameof(UnexpectedError);
        /// <summary>Start-SsoTestServer while one runs in this process.</summary>
        public const string TestServerRunning = nameof(TestServerRunning);
        /// <summary>Start-SsoTestServer -Port with a port that cannot be had.</summary>
        public const string TestServerPortUnavailable = nameof(TestServerPortUnavailable);
        /// <summary>Start-SsoTestServer in Windows PowerShell 5.1: the test server runs on .NET 8 only.</summary>
        public const string TestServerNeedsPowerShell7 = nameof(TestServerNeedsPowerShell7);
    }
}
