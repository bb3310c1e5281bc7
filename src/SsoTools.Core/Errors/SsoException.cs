using System;

namespace SsoTools.Core.Errors
{
    /// <summary>What kind of failure, so the cmdlets can pick the most specific ErrorCategory.</summary>
    public enum SsoErrorKind
    {
        InvalidArgument,
        InvalidData,
        ObjectNotFound,
        ResourceExists,
        AuthenticationError,
        PermissionDenied,
        OperationTimeout,
        OperationStopped,
        LimitsExceeded,
        ResourceUnavailable,
        /// <summary>Another program is using the thing right now: try again later, do not repair it.</summary>
        ResourceBusy,
        ConnectionError,
        InvalidOperation,
        WriteError,
        SecurityError,
    }

    /// <summary>
    /// Every failure the core reports to a user: a stable ErrorId (tests and scripts match on it),
    /// a kind, a message that says what is wrong and what to do, and the object it is about.
    /// Messages never contain tokens or secrets.
    /// </summary>
    public class SsoException : Exception
    {
        public SsoException(string errorId, SsoErrorKind kind, string message, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        public string ErrorId { get; }
        public SsoErrorKind Kind { get; }
        public object? Target { get; }
    }
}
