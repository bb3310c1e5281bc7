using System;
using System.Collections.Generic;
using System.IO;
using SsoTools.Core.Config;
using SsoTools.Core.IO;

namespace SsoTools.Commands
{
    /// <summary>
    /// A cmdlet that edits the config file. It reads the file when the first object arrives (not
    /// in BeginProcessing: an upstream New-SsoSession may still be writing it), applies each
    /// pipeline object in memory, writes once in EndProcessing, and only then outputs its
    /// results, so the next command in the pipeline finds them in the file. If the file changed
    /// on disk meanwhile, it is read again and the same edits are replayed: nothing is lost.
    /// </summary>
    public abstract class ConfigChangeCmdlet : SsoCmdlet
    {
        readonly List<object> _pending = new List<object>();
        readonly List<Action<SsoConfigEditor>> _edits = new List<Action<SsoConfigEditor>>();
        ConfigDocument? _doc;
        byte[]? _loadedBytes;

        protected ConfigDocument Document
        {
            get
            {
                if (_doc == null)
                {
                    // A folder, device or FIFO is refused before anything reads it (a FIFO would block).
                    FileErrors.EnsureRegularOrMissing(AwsPaths.ConfigFile);
                    _loadedBytes = ReadBytes(AwsPaths.ConfigFile);
                    _doc = LoadConfig();
                }
                return _doc;
            }
        }

        protected string ConfigTarget => Document.Path ?? AwsPaths.ConfigFile;

        /// <summary>Applies an edit now (validating it against the file as read) and remembers it for a replay.</summary>
        protected T Apply<T>(Func<SsoConfigEditor, T> edit)
        {
            // An edit of several keys that fails halfway must leave nothing behind: undo it whole.
            var before = Document.Mark();
            T result;
            try { result = edit(new SsoConfigEditor(Document)); }
            catch
            {
                Document.Restore(before);
                throw;
            }
            _edits.Add(e => edit(e));
            return result;
        }

        /// <summary>
        /// Applies the edit with all its checks first, then asks ShouldProcess: -WhatIf reports the
        /// same errors the real run would, and promises nothing the real run refuses. A declined edit
        /// (-WhatIf, or No at -Confirm) is undone. False when declined.
        /// </summary>
        protected bool ApplyIfConfirmed<T>(string target, string action, Func<SsoConfigEditor, T> edit, out T result)
        {
            var before = Document.Mark();
            result = Apply(edit);
            if (ShouldProcess(target, action)) return true;
            _edits.RemoveAt(_edits.Count - 1);
            Document.Restore(before);
            return false;
        }

        protected void Emit(object result) => _pending.Add(result);

        /// <summary>How many edits are recorded, for DiscardEditsFrom.</summary>
        protected int EditCount => _edits.Count;

        /// <summary>Undoes the document to the mark and forgets the edits recorded since (a declined batch).</summary>
        protected void DiscardEditsFrom(int count, ConfigDocument.Checkpoint mark)
        {
            _edits.RemoveRange(count, _edits.Count - count);
            Document.Restore(mark);
        }

        protected override void EndProcessing()
        {
            if (_doc != null && _edits.Count > 0)
            {
                string path = _doc.Path ?? AwsPaths.ConfigFile;
                // One SsoTools writer at a time across processes, from the re-read to the rename.
                FileLock held;
                try { held = FileLock.AcquireAsync(path + ".lock", TimeSpan.FromSeconds(30), Cancellation).GetAwaiter().GetResult(); }
                catch (TimeoutException ex)
                {
                    ThrowTerminatingError(new System.Management.Automation.ErrorRecord(ex, Core.Errors.ErrorIds.ConfigFileWriteFailed,
                        System.Management.Automation.ErrorCategory.ResourceBusy, path)
                    { ErrorDetails = new System.Management.Automation.ErrorDetails($"Another process has been writing {path} for 30 seconds; nothing was changed. Try again.") });
                    return;
                }
                catch (Core.Errors.SsoException ex) { ThrowFailure(ex); return; } // the lock path is not a regular file
                using (held)
                {
                    var doc = _doc;
                    byte[]? now = ReadBytes(path);
                    if (!SameBytes(now, _loadedBytes))
                    {
                        WriteVerbose($"{ConfigTarget} changed while this command ran; applying the changes to the new contents.");
                        doc = LoadConfig();
                        var editor = new SsoConfigEditor(doc);
                        try { foreach (var edit in _edits) edit(editor); }
                        catch (Exception ex) when (IsCoreFailure(ex)) { ThrowFailure(ex); }
                    }
                    // Write when the bytes differ from the file's: an edit undone after a failure, or a
                    // value set to what it was, writes nothing.
                    if (!SameBytes(doc.ToBytes(), ReadBytes(path) ?? (doc.Exists ? null : new byte[0])))
                    {
                        WriteVerbose($"Writing {ConfigTarget}.");
                        SaveConfig(doc, path);
                    }
                }
            }
            foreach (var item in _pending) WriteObject(item);
        }

        static byte[]? ReadBytes(string path)
        {
            try { return File.ReadAllBytes(path); }
            catch (FileNotFoundException) { return null; }
            catch (DirectoryNotFoundException) { return null; }
        }

        static bool SameBytes(byte[]? a, byte[]? b)
        {
            if (a == null || b == null) return a == b;
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }
    }
}
