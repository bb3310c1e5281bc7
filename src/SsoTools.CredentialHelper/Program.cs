using System;
using System.IO;
using System.Threading;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;
using SsoTools.Core.Credentials;
using SsoTools.Core.Errors;
using SsoTools.Core.Formats;
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
            // Its users run the AWS CLI or an SDK: remedies name what they can type there.
            Remedy.Host = MessageHost.CredentialHelper;
            string? profile = args.Length == 1 && !args[0].StartsWith("-", StringComparison.Ordinal) ? args[0]
                            : args.Length == 2 && args[0] == "--profile" ? args[1] : null;
            if (string.IsNullOrEmpty(profile))
            {
                if (args.Length == 1 && (args[0] == "--help" || args[0] == "-h"))
                {
                    Console.Out.WriteLine(Usage);
                    return 0;
                }
                return Fail(ErrorIds.InvalidArguments, Usage + " (as the credential_process of that profile in the AWS config file: credential_process = <this program> --profile <that profile>).");
            }
            try
            {
                var ctx = SsoContext.Default();
                var plan = new TargetResolver(ctx.Config.ReadForProfile(profile)).ResolveCredentials(null, profile, null, null);
                var service = new ChainedCredentialService(ctx);
                SsoRoleCredential credential = service.TryCached(plan)
                    ?? service.GetAsync(plan, false, StderrWarnings.Instance, CancellationToken.None).GetAwaiter().GetResult();
                string json = CredentialFormatter.Format(credential, CredentialFormat.Process);
                try
                {
                    Console.Out.Write(json);
                    Console.Out.Flush();
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // Our own standard output (a closed descriptor reads as "access denied" to .NET), not a file under ~/.aws: the program that ran us stopped reading.
                    return Fail(ErrorIds.OutputClosed, "The credentials could not be written to standard output: the program that ran ssotools-credential-process closed it. Nothing needs fixing in ~/.aws.");
                }
                return 0;
            }
            catch (Exception ex)
            {
                var failure = Failure.Of(ex);
                return failure != null ? Fail(failure.ErrorId, failure.Message) : Fail(ErrorIds.UnexpectedError, ex.GetType().Name + ": " + ex.Message);
            }
        }

        /// <summary>One line, whatever the message held: botocore prints stderr as it is.</summary>
        static int Fail(string errorId, string message)
        {
            WriteLine(errorId + ": " + message);
            return 1;
        }

        /// <summary>
        /// A line for a terminal: line breaks become spaces, and every other control character
        /// (an ESC in a profile name would drive the user's terminal) is shown as \xNN.
        /// </summary>
        internal static string Printable(string text)
        {
            var sb = new System.Text.StringBuilder(text.Length);
            foreach (char c in text.Replace("\r\n", " "))
            {
                if (c == '\n' || c == '\r' || c == '\t') sb.Append(' ');
                else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.ToString();
        }

        static void WriteLine(string text)
        {
            try { Console.Error.WriteLine(Printable(text)); }
            catch (IOException) { /* stderr closed too: the exit code says it */ }
        }

        /// <summary>What the user should know although it succeeded (credentials not believed, say): a "warning:" line on stderr, which the AWS tools pass through.</summary>
        sealed class StderrWarnings : IFeedback
        {
            public static readonly StderrWarnings Instance = new StderrWarnings();
            public void Prompt(string message) { }
            public void Verbose(string message) { }
            public void Warning(string message) => WriteLine("warning: " + message);
            public void Progress(string activity, int done, int total) { }
            public System.Threading.Tasks.Task<string?> ReadLineAsync(string prompt, System.Threading.CancellationToken ct) => System.Threading.Tasks.Task.FromResult<string?>(null);
        }
    }
}
