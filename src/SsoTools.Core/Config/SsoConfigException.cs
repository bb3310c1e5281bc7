using SsoTools.Core.Errors;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// A profile or sso-session that exists but cannot be used for sign-in. ErrorId is stable (cmdlets
    /// use it as the ErrorRecord id); Target is the profile or session name.
    /// </summary>
    public sealed class SsoConfigException : SsoException
    {
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
            return errorId == ErrorIds.SsoSessionNotFound ? SsoErrorKind.ObjectNotFound : SsoErrorKind.InvalidData;
        }
    }
}
