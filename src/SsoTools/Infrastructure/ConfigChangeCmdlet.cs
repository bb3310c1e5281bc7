using System;
using System.Collections.Generic;
using SsoTools.Core.Config;

namespace SsoTools.Commands
{
    /// <summary>
    /// A cmdlet that edits the config file through one ConfigChange (Core/Config/ConfigStore): it reads
    /// the file when the first object arrives (not in BeginProcessing: an upstream New-SsoSession may
    /// still be writing it), applies each pipeline object's edit at once, commits in EndProcessing, and
    /// only then outputs its results, so the next command in the pipeline finds them in the file.
    /// What is left here is PowerShell: ShouldProcess, errors and output.
    /// </summary>
    public abstract class ConfigChangeCmdlet : SsoCmdlet
    {
        readonly List<object> _pending = new List<object>();
        ConfigChange? _change;

        ConfigChange Change
        {
            get
            {
                if (_change == null)
                {
                    var change = Context.Config.Change();
                    // A malformed file ends the command; a folder or device where the file should be is this
                    // object's error (the caller's catch), as any other core failure. Nothing is changed.
                    try { _ = change.Document; }
                    catch (ConfigParseException ex) { ThrowFailure(ex); }
                    _change = change;
                    WarnAboutEncoding(change.Document);
                }
                return _change;
            }
        }

        /// <summary>The document as this command's edits have left it. Read only; edit through Apply.</summary>
        protected ConfigDocument Document => Change.Document;

        protected string ConfigTarget => Change.Path;

        /// <summary>Applies an edit now (validating it against the file as read) and records it for the commit.</summary>
        protected T Apply<T>(Func<SsoConfigEditor, T> edit) => Change.Apply(edit);

        /// <summary>
        /// Applies the edit with all its checks first, then asks ShouldProcess: -WhatIf reports the
        /// same errors the real run would, and promises nothing the real run refuses. A declined edit
        /// (-WhatIf, or No at -Confirm) is undone. False when declined.
        /// </summary>
        protected bool ApplyIfConfirmed<T>(string target, string action, Func<SsoConfigEditor, T> edit, out T result)
        {
            var before = Change.Mark();
            result = Change.Apply(edit);
            if (ShouldProcess(target, action)) return true;
            Change.Undo(before);
            return false;
        }

        /// <summary>True under -WhatIf (given, or $WhatIfPreference): ShouldProcess will decline every change.</summary>
        protected bool WhatIfRequested =>
            System.Management.Automation.LanguagePrimitives.IsTrue(MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) ? w : SessionState.PSVariable.GetValue("WhatIfPreference"));

        /// <summary>A point to go back to with Undo (a batch of edits declined or failed as a whole).</summary>
        protected ConfigChange.Checkpoint Mark() => Change.Mark();

        protected void Undo(ConfigChange.Checkpoint checkpoint) => Change.Undo(checkpoint);

        /// <summary>Output that waits for the commit: the next command must find it in the file.</summary>
        protected void Emit(object result) => _pending.Add(result);

        protected override void EndProcessing()
        {
            if (_change != null)
            {
                try
                {
                    var result = _change.Commit(Cancellation);
                    if (_change.Replayed) WriteVerbose($"{ConfigTarget} changed while this command ran; the changes were applied to its new contents.");
                    if (result == ConfigCommitResult.Written) WriteVerbose($"Wrote {ConfigTarget}.");
                }
                catch (OperationCanceledException) when (Cancellation.IsCancellationRequested) { throw new System.Management.Automation.PipelineStoppedException(); }
                catch (Exception ex) when (IsCoreFailure(ex)) { ThrowFailure(ex); }
            }
            foreach (var item in _pending) WriteObject(item);
        }
    }
}
