using SsoTools.Core.Errors;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// A profile or sso-session that exists but cannot be used for sign-in. ErrorId is stable (cmdlets
    /// use it as the ErrorRecord id); Target is the profile or session name.
    /// </summary>
    public sealed class SsoConfigException : SsoException
    {
        public const string SsoSessionNotFound = ErrorIds.SsoSessionNotFound;
        public const string SsoConfigInconsistent = nameof(SsoConfigInconsistent);
        public const string SsoProfileIncomplete = nameof(SsoProfileIncomplete);
        public const string SsoSessionIncomplete = nameof(SsoSessionIncomplete);
        public const string InvalidStartUrl = ErrorIds.InvalidStartUrl;
        public const string InvalidRegion = ErrorIds.InvalidRegion;

        public SsoConfigException(string errorId, string message, string? path, string? target)
            : base(errorId, KindOf(errorId), message, target)
        {
            Path = path;
            Target = target;
        }

        public string? Path { get; }
        /// <summary>The profile or sso-session name (the same object as SsoException.Target, typed).</summary>
        public new string? Target { get; }

        static SsoErrorKind KindOf(string errorId)
        {
            return errorId == SsoSessionNotFound ? SsoErrorKind.ObjectNotFound : SsoErrorKind.InvalidData;
        }
    }
}
