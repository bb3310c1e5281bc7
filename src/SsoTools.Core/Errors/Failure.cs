using System;
using System.IO;

namespace SsoTools.Core.Errors
{
    /// <summary>
    /// The one mapping from whatever Core let escape to the failure a host reports: every host (the
    /// cmdlets' ErrorRecords, the native helper's "ErrorId: message" line) asks this, so a file error
    /// reads the same everywhere. Service failures are classified where they happen (Net.ServiceErrors)
    /// and arrive here as SsoExceptions already.
    /// </summary>
    public static class Failure
    {
        /// <summary>The SsoException for a failure of Core's work; null for anything else (a bug, a load failure).</summary>
        public static SsoException? Of(Exception ex)
        {
            switch (ex)
            {
                case SsoException sso:
                    return sso;
                case UnauthorizedAccessException denied:
                    return new SsoException(ErrorIds.FileAccessDenied, SsoErrorKind.PermissionDenied,
                        "A file under ~/.aws could not be read or written: " + denied.Message + " " + FileAdvice.CheckAccess(null), null, denied);
                case IOException io:
                    return new SsoException(ErrorIds.FileAccessFailed, SsoErrorKind.WriteError,
                        "A file under ~/.aws could not be read or written: " + io.Message, null, io);
                default:
                    return null;
            }
        }
    }
}
