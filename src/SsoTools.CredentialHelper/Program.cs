using System;
using System.IO;
using System.Threading;
using SsoTools.Core.Auth;
using SsoTools.Core.Cache;
using SsoTools.Core.Chain;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;
using SsoTools.Core.IO;
using SsoTools.Core.Portal;
using SsoTools.Model;

namespace SsoTools.CredentialHelper
{
    /// <summary>
    /// ssotools-credential-process [--profile] NAME: the credential_process JSON of an SSO profile or
    /// a profile chained from one, from the shared cache when it has 15 minutes left, else fetched (the
    /// token refreshed when due, under the same lock as the module). It never signs in. On failure: one
    /// plain line "ErrorId: message" on stderr and exit code 1, which botocore shows as it is.
    /// </summary>
    public static class Program
    {
        const string Usage = "Usage: ssotools-credential-process [--profile] <profile name>";

        public static int Main(string[] args)
        {
            string? profile = args.Length == 1 && !args[0].StartsWith("-", StringComparison.Ordinal) ? args[0]
                            : args.Length == 2 && args[0] == "--profile" ? args[1] : null;
            if (string.IsNullOrEmpty(profile))
            {
                if (args.Length == 1 && (args[0] == "--help" || args[0] == "-h"))
                {
                    Console.Out.WriteLine(Usage);
                    return 0;
                }
                return Fail("InvalidArguments", Usage + " (as the credential_process of that profile; Set-SsoProfile -CredentialProcess writes the line).");
            }
            try
            {
                var plan = ConfigStore.Current.Read().ResolveCredentials(null, profile, null, null);
                var ctx = SsoContext.Default();
                var service = new ChainedCredentialService(ctx);
                SsoRoleCredential credential = service.TryCached(plan)
                    ?? service.GetAsync(plan, false, NullFeedback.Instance, CancellationToken.None).GetAwaiter().GetResult();
                Console.Out.Write(CredentialFormatter.Format(credential, CredentialFormat.Process));
                Console.Out.Flush();
                return 0;
            }
            catch (SsoException ex) { return Fail(ex.ErrorId, ex.Message); }
            catch (CacheFileException ex) { return Fail(ErrorIds.CacheFileMalformed, ex.Message); }
            catch (UnauthorizedAccessException ex) { return Fail(ErrorIds.FileAccessDenied, "A file under ~/.aws could not be read or written: " + ex.Message + " " + FileAdvice.CheckAccess(null)); }
            catch (IOException ex) { return Fail(ErrorIds.FileAccessFailed, "A file under ~/.aws could not be read or written: " + ex.Message); }
            catch (Exception ex) { return Fail("UnexpectedError", ex.GetType().Name + ": " + ex.Message); }
        }

        /// <summary>One line, whatever the message held: botocore prints stderr as it is.</summary>
        static int Fail(string errorId, string message)
        {
            string line = (errorId + ": " + message).Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');
            Console.Error.WriteLine(line);
            return 1;
        }
    }
}
