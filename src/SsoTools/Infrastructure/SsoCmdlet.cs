using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SsoTools.Core.Resolution;
using SsoTools.Core.Net;
using SsoTools.Core.Config;
using SsoTools.Core.Errors;

namespace SsoTools.Commands
{
    /// <summary>
    /// What every SsoTools cmdlet shares: Ctrl+C cancels the core at once (StopProcessing), core
    /// work runs off the pipeline thread while its messages are written from it, and every core
    /// failure becomes an ErrorRecord with its stable ErrorId.
    /// </summary>
    public abstract class SsoCmdlet : PSCmdlet, IDisposable
    {
        readonly CancellationTokenSource _cts = new CancellationTokenSource();
        SsoContext? _context;

        protected CancellationToken Cancellation => _cts.Token;

        protected SsoContext Context => _context ??= NewContext();

        /// <summary>The context of one command: the environment's paths now, and the test server's browser while one runs.</summary>
        internal static SsoContext NewContext() =>
#if NETCOREAPP
            SsoContext.Default(TestServerHost.Browser);
#else
            SsoContext.Default();
#endif

        protected override void StopProcessing() => _cts.Cancel();

        /// <summary>A relative AWS_CONFIG_FILE means what it means to `aws` started from this prompt: the current FileSystem location.</summary>
        protected override void BeginProcessing() => AwsPaths.WorkingDirectory = CurrentFolder(SessionState);

        internal static string? CurrentFolder(SessionState state)
        {
            try { return state.Path.CurrentFileSystemLocation.ProviderPath; }
            catch (Exception ex) when (ex is PSInvalidOperationException || ex is InvalidOperationException || ex is DriveNotFoundException) { return null; }
        }

        public void Dispose() => _cts.Dispose();

        /// <summary>Runs core work on the thread pool; writes its messages from this thread as they come.</summary>
        protected T Run<T>(Func<IFeedback, CancellationToken, Task<T>> work) => Run<T>((feedback, post, ct) => work(feedback, ct));

        /// <summary>
        /// As Run, and the work may post actions (WriteObject, say) to run on this thread, in the order
        /// posted, while it goes on: results stream out before the work has finished.
        /// </summary>
        protected T Run<T>(Func<IFeedback, Action<Action>, CancellationToken, Task<T>> work)
        {
            using (var queue = new BlockingCollection<Action>())
            {
                var feedback = new QueuedFeedback(queue, this);
                Action<Action> post = action => { try { queue.Add(action); } catch (InvalidOperationException) { /* completed */ } };
                var task = Task.Run(async () =>
                {
                    try { return await work(feedback, post, _cts.Token).ConfigureAwait(false); }
                    finally { queue.CompleteAdding(); }
                });
                bool drained = false;
                try
                {
                    foreach (var action in queue.GetConsumingEnumerable()) action();
                    drained = true;
                }
                finally
                {
                    // A Write* that threw (-WarningAction Stop, say) must not leave a login listening.
                    // Only then: once the queue is drained the work has finished and is merely completing,
                    // and cancelling here would cancel every later Run of this command (a race that made
                    // a second listing in one command stop for no reason).
                    if (!drained && !task.IsCompleted)
                    {
                        _cts.Cancel();
                        try { task.Wait(TimeSpan.FromSeconds(5)); } catch { }
                    }
                }
                try
                {
                    return task.GetAwaiter().GetResult();
                }
                catch (OperationCanceledException) when (_cts.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }
            }
        }

        sealed class QueuedFeedback : IFeedback
        {
            readonly BlockingCollection<Action> _queue;
            readonly PSCmdlet _cmdlet;
            public QueuedFeedback(BlockingCollection<Action> queue, PSCmdlet cmdlet) { _queue = queue; _cmdlet = cmdlet; }
            public void Prompt(string message) => Post(c => c.WriteInformation(new HostInformationMessage { Message = message }, new[] { "PSHOST" }));
            public void Verbose(string message) => Post(c => c.WriteVerbose(message));
            public void Warning(string message) => Post(c => c.WriteWarning(message));
            public void Progress(string activity, int done, int total) => Post(c => c.WriteProgress(new ProgressRecord(3, activity, $"{done} of {total}")
            {
                PercentComplete = total == 0 ? 100 : 100 * done / total,
                RecordType = done >= total ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            }));
            /// <summary>On the pipeline thread, in order with the messages before it; cancelling ends a console read.</summary>
            public Task<string?> ReadLineAsync(string prompt, CancellationToken ct)
            {
                var line = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
                var cmdlet = _cmdlet;
                try
                {
                    _queue.Add(() =>
                    {
                        try { line.TrySetResult(HostLineReader.Read(cmdlet.Host, prompt, ct)); }
                        catch (Exception ex) { line.TrySetException(ex); }
                    });
                }
                catch (InvalidOperationException) { line.TrySetResult(null); } // completed
                return line.Task;
            }

            void Post(Action<PSCmdlet> write)
            {
                var cmdlet = _cmdlet;
                try { _queue.Add(() => write(cmdlet)); } catch (InvalidOperationException) { /* completed */ }
            }
        }

        /// <summary>
        /// The config file for reading (ConfigStore.Read: parsed once and shared while its bytes stay the
        /// same). A file SsoTools cannot read stops the command and is left untouched.
        /// </summary>
        protected TargetResolver ReadConfig()
        {
            TargetResolver resolver;
            try { resolver = new TargetResolver(Context.Config.Read()); }
            catch (Exception ex) when (IsCoreFailure(ex))
            {
                ThrowFailure(ex);
                throw; // not reached
            }
            WarnAboutEncoding(resolver.Document);
            return resolver;
        }

        bool _warnedAboutEncoding;

        /// <summary>
        /// The one place a config's encoding is reported (a BOM, which botocore cannot read): once per
        /// command, however many times it reads or edits the file. Pipeline thread only.
        /// </summary>
        protected void WarnAboutEncoding(ConfigDocument document)
        {
            string? warning = document.EncodingWarning;
            if (warning == null || _warnedAboutEncoding) return;
            _warnedAboutEncoding = true;
            WriteWarning(warning);
        }

        protected ErrorRecord ToErrorRecord(Exception ex)
        {
            if (IsLoadFailure(ex))
                return new ErrorRecord(ex, ErrorIds.ModuleLoadFailed, ErrorCategory.ResourceUnavailable, null)
                {
                    ErrorDetails = new ErrorDetails(LoadFailureMessage(ex)),
                };
            if (ex is ConfigParseException parse)
                return new ErrorRecord(parse, parse.ErrorId, ErrorCategory.ParserError, parse.Path)
                { ErrorDetails = new ErrorDetails(parse.Message + " Fix the file (nothing was changed) and run the command again.") };
            if (ex is SsoException sso)
                return new ErrorRecord(sso, sso.ErrorId, Category(sso.Kind), sso.Target);
            // A file error: the record keeps the original exception (scripts catch IOException), with Core's wording.
            var failure = Failure.Of(ex);
            if (failure != null)
                return new ErrorRecord(ex, failure.ErrorId, Category(failure.Kind), null) { ErrorDetails = new ErrorDetails(failure.Message) };
            return new ErrorRecord(ex, ErrorIds.UnexpectedError, ErrorCategory.NotSpecified, null);
        }

        /// <summary>Core failures that end this input object (not the whole pipeline).</summary>
        protected void WriteFailure(Exception ex) => WriteError(ToErrorRecord(ex));

        /// <summary>
        /// For listings (Get-SsoAccount, Get-SsoRole): a failure of the service that outlived the
        /// retries (throttled, failed, unreachable, the token rejected mid-way) ends the whole
        /// pipeline, so a Set-SsoProfile downstream writes nothing rather than part of an organisation
        /// as if it were all of it. Anything else (not signed in, an unknown account) ends only this
        /// input object: it fails the same way for every object of that session, so nothing is partial.
        /// </summary>
        protected void FailListing(Exception ex)
        {
            if (ex is SsoException sso && IsListingFailure(sso.ErrorId)) ThrowFailure(ex);
            else WriteFailure(ex);
        }

        static bool IsListingFailure(string errorId) =>
            errorId == ErrorIds.ServiceThrottled || errorId == ErrorIds.ServiceError || errorId == ErrorIds.ServiceUnreachable ||
            errorId == ErrorIds.TokenRejected || errorId == ErrorIds.TokenRefreshBusy;

        protected void ThrowFailure(Exception ex) => ThrowTerminatingError(ToErrorRecord(ex));

        protected static bool IsCoreFailure(Exception ex) =>
            Failure.Of(ex) != null || IsLoadFailure(ex);

        /// <summary>
        /// An assembly that did not load. FileNotFoundException and FileLoadException are IOExceptions,
        /// so without this a broken installation would be reported as a file under ~/.aws.
        /// </summary>
        /// <summary>
        /// 0x80131040 (FUSION_E_REF_DEF_MISMATCH) is a version conflict, not a broken installation:
        /// another module loaded a different version of the assembly into the session first, and
        /// reinstalling SsoTools cannot change that; a new session that imports SsoTools first can.
        /// </summary>
        internal static string LoadFailureMessage(Exception ex)
        {
            const int RefDefMismatch = unchecked((int)0x80131040);
            string what = "SsoTools could not load one of its own assemblies (" + ex.Message + "). ";
            return ex.HResult == RefDefMismatch
                ? what + "Another module in this session loaded a different version of it first: start a new PowerShell session and import SsoTools before that module " +
                  "(Import-Module SsoTools), or run SsoTools in a session of its own."
                : what + "The installation is incomplete or mixed with another version: reinstall SsoTools and import it in a new PowerShell session.";
        }

        static bool IsLoadFailure(Exception ex) =>
            ex is System.IO.FileLoadException || ex is BadImageFormatException || ex is TypeLoadException ||
            (ex is System.IO.FileNotFoundException missing && missing.FileName != null && missing.FileName.IndexOf(", Version=", StringComparison.Ordinal) >= 0);

        static ErrorCategory Category(SsoErrorKind kind)
        {
            switch (kind)
            {
                case SsoErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case SsoErrorKind.InvalidData: return ErrorCategory.InvalidData;
                case SsoErrorKind.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case SsoErrorKind.ResourceExists: return ErrorCategory.ResourceExists;
                case SsoErrorKind.AuthenticationError: return ErrorCategory.AuthenticationError;
                case SsoErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case SsoErrorKind.OperationTimeout: return ErrorCategory.OperationTimeout;
                case SsoErrorKind.OperationStopped: return ErrorCategory.OperationStopped;
                case SsoErrorKind.LimitsExceeded: return ErrorCategory.LimitsExceeded;
                case SsoErrorKind.ResourceUnavailable: return ErrorCategory.ResourceUnavailable;
                case SsoErrorKind.ResourceBusy: return ErrorCategory.ResourceBusy;
                case SsoErrorKind.ConnectionError: return ErrorCategory.ConnectionError;
                case SsoErrorKind.WriteError: return ErrorCategory.WriteError;
                case SsoErrorKind.SecurityError: return ErrorCategory.SecurityError;
                default: return ErrorCategory.InvalidOperation;
            }
        }
    }
}
