using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using SsoTools.Core.Errors;
using SsoTools.Core.IO;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// The config file as every SsoTools command reads and changes it.
    /// <para>Reading: <see cref="Read"/> parses the file once and hands the same read-only snapshot to
    /// every command while the file's bytes stay the same (compared byte for byte, not by size and
    /// time, so a rewrite within one clock tick is never missed).</para>
    /// <para>Changing: <see cref="Change"/> starts a change. Its edits are applied at once to a private
    /// copy, each whole or not at all, and recorded; <see cref="ConfigChange.Commit"/> then writes them
    /// all in one atomic write under <c>&lt;config&gt;.lock</c>, after reading the file again: if another
    /// writer changed it meanwhile, the recorded edits are replayed on the new contents, so neither
    /// side's change is lost.</para>
    /// </summary>
    public sealed class ConfigStore
    {
        public ConfigStore(string path) { Path = path ?? throw new ArgumentNullException(nameof(path)); }

        public string Path { get; }

        /// <summary>How long Commit waits for another SsoTools writer before giving up.</summary>
        public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

        static readonly object CacheGate = new object();
        static string? _cachedPath;
        static byte[]? _cachedBytes;
        static SsoConfig? _cached;

        /// <summary>
        /// The file as it is now, for reading only: shared between commands (and threads), so it must
        /// not be edited. A missing file reads as an empty one. Throws ConfigParseException for a file
        /// botocore cannot read, SsoException (FileNotRegular, FileAccessDenied) or IOException.
        /// </summary>
        public SsoConfig Read()
        {
            byte[]? bytes = ReadSettled(Path);
            lock (CacheGate)
            {
                if (_cached != null && _cachedPath == Path && SameBytes(_cachedBytes, bytes)) return _cached;
            }
            var resolver = new SsoConfig(ConfigDocument.FromFile(bytes, Path));
            lock (CacheGate)
            {
                _cachedPath = Path;
                _cachedBytes = bytes;
                _cached = resolver;
            }
            return resolver;
        }

        /// <summary>
        /// The file's bytes, never half of another program's in-place rewrite: a file changed within
        /// the last second is read once it has been left alone (SettledFile), unless the bytes are known
        /// to be whole: what this process wrote, what it read and parsed before, or what the last
        /// SsoTools writer stamped into the lock file (its renames are atomic). ConfigFileBusy when
        /// another program never leaves it alone.
        /// </summary>
        internal static byte[]? ReadSettled(string path)
        {
            try
            {
                return SettledFile.Read(path, ReadBytes, b =>
                {
                    lock (CacheGate) if (_cachedPath == path && SameBytes(b, _cachedBytes)) return true;
                    return SameBytes(b, Written(path)) || ConfigChange.Stamp(b) == FileLock.PeekStamp(path + ".lock");
                }, CancellationToken.None);
            }
            catch (FileBusyException ex) { throw ConfigChange.Busy(path, ex); }
        }

        /// <summary>
        /// What one profile needs of the file (its sections, its session's, its chain's), for the native
        /// helper: a large file is sliced (ConfigSlice) rather than parsed whole, so memory stays near
        /// the file's size. Errors are the whole file's: a slice that does not parse is parsed whole.
        /// </summary>
        public SsoConfig ReadForProfile(string profileName)
        {
            byte[]? bytes = ReadSettled(Path);
            if (bytes == null || bytes.Length < ConfigSlice.Threshold) return new SsoConfig(ConfigDocument.FromFile(bytes, Path));
            byte[] slice;
            try { slice = ConfigSlice.ForProfile(bytes, profileName); }
            catch (ConfigParseException) { return new SsoConfig(ConfigDocument.FromFile(bytes, Path)); }
            return new SsoConfig(ConfigDocument.FromFile(slice, Path));
        }

        /// <summary>A new change of this file; nothing is read until its Document is first used.</summary>
        public ConfigChange Change() => new ConfigChange(this);

        /// <summary>The file's bytes; null when it does not exist. A folder, device or FIFO is refused before it is opened.</summary>
        internal static byte[]? ReadBytes(string path)
        {
            if (!FileErrors.EnsureRegularOrMissing(path)) return null;
            return AtomicFile.ReadAllBytes(path); // shared for replace and delete: never blocks another tool's write
        }

        static readonly object WrittenGate = new object();
        static string? _writtenPath;
        static byte[]? _writtenBytes;

        /// <summary>What this process last wrote to the file (an atomic rename: whole, whatever its age).</summary>
        internal static byte[]? Written(string path)
        {
            lock (WrittenGate) return _writtenPath == path ? _writtenBytes : null;
        }

        internal static void RememberWritten(string path, byte[] bytes)
        {
            lock (WrittenGate) { _writtenPath = path; _writtenBytes = bytes; }
        }

        internal static bool SameBytes(byte[]? a, byte[]? b)
        {
            if (a == null || b == null) return a == b;
            return a.AsSpan().SequenceEqual(b);
        }
    }

    /// <summary>What a commit did.</summary>
    public enum ConfigCommitResult
    {
        /// <summary>No edit was recorded: the file was not touched (not even locked).</summary>
        NoEdits,
        /// <summary>The edits left the file's bytes as they were: nothing was written.</summary>
        Unchanged,
        /// <summary>The file was written.</summary>
        Written,
    }

    /// <summary>
    /// One command's change of the config file: a private document, the edits applied to it, and the
    /// write. Not thread-safe: one command, one thread.
    /// </summary>
    public sealed class ConfigChange
    {
        readonly ConfigStore _store;
        readonly List<Action<SsoConfigEditor>> _edits = new List<Action<SsoConfigEditor>>();
        ConfigDocument? _doc;
        byte[]? _readBytes;
        HashSet<string>? _readSections;

        internal ConfigChange(ConfigStore store) { _store = store; }

        public string Path => _store.Path;

        /// <summary>The document the edits go to, read from the file on first use. Read from it freely; change it only through Apply.</summary>
        public ConfigDocument Document
        {
            get
            {
                if (_doc == null)
                {
                    byte[]? bytes = ConfigStore.ReadSettled(_store.Path);
                    _doc = ConfigDocument.FromFile(bytes, _store.Path);
                    _readBytes = bytes;
                    _readSections = new HashSet<string>(_doc.SectionNames, StringComparer.Ordinal);
                }
                return _doc;
            }
        }

        /// <summary>How many edits are recorded.</summary>
        public int EditCount => _edits.Count;

        /// <summary>True after the replay of Commit: another writer had changed the file since it was read.</summary>
        public bool Replayed { get; private set; }

        /// <summary>
        /// Applies an edit now, with all its checks against the document as it is, and records it for a
        /// replay. An edit that throws leaves the document exactly as it was, however many keys it had
        /// set before failing, and is not recorded.
        /// </summary>
        public T Apply<T>(Func<SsoConfigEditor, T> edit)
        {
            if (edit == null) throw new ArgumentNullException(nameof(edit));
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

        /// <summary>A point to go back to with Undo: the document and the edits recorded so far.</summary>
        public Checkpoint Mark() => new Checkpoint(Document.Mark(), _edits.Count);

        /// <summary>Forgets every edit since the checkpoint (a declined -WhatIf/-Confirm, a failed batch) and puts the document back. O(1).</summary>
        public void Undo(Checkpoint checkpoint)
        {
            if (checkpoint == null) throw new ArgumentNullException(nameof(checkpoint));
            if (checkpoint.EditCount > _edits.Count) throw new InvalidOperationException("The checkpoint is newer than the change.");
            _edits.RemoveRange(checkpoint.EditCount, _edits.Count - checkpoint.EditCount);
            Document.Restore(checkpoint.Document);
        }

        /// <summary>
        /// Writes the recorded edits: under &lt;config&gt;.lock (one SsoTools writer at a time, across
        /// processes), the file is read again; if it changed since it was read, the edits are replayed on
        /// the new contents (an edit that no longer applies throws, and nothing is written); then one
        /// atomic write, only when the bytes differ. Throws SsoException ConfigFileWriteFailed when the
        /// lock stays taken past the timeout or the write fails (the file is left as it was).
        /// </summary>
        public ConfigCommitResult Commit(CancellationToken cancellation, TimeSpan? lockTimeout = null)
        {
            if (_doc == null || _edits.Count == 0) return ConfigCommitResult.NoEdits;
            string path = _store.Path;
            TimeSpan timeout = lockTimeout ?? ConfigStore.LockTimeout;
            FileLock held;
            try { held = FileLock.AcquireAsync(path + ".lock", timeout, cancellation).GetAwaiter().GetResult(); }
            catch (TimeoutException ex)
            {
                throw new SsoException(ErrorIds.ConfigFileWriteFailed, SsoErrorKind.OperationTimeout,
                    $"Another process has held {path}.lock for {timeout.TotalSeconds:0} seconds; nothing was changed. Try again.", path, ex);
            }
            using (held)
            {
                ConfigDocument? fresh;
                string stamp = held.ReadStamp();
                byte[]? now = ReadWhole(path, cancellation, out fresh, b => Stamp(b) == stamp || ConfigStore.SameBytes(b, ConfigStore.Written(path)));
                ConfigDocument doc = _doc;
                if (!ConfigStore.SameBytes(now, _readBytes))
                {
                    doc = fresh ?? ConfigDocument.FromFile(now, path);
                    var editor = new SsoConfigEditor(doc);
                    foreach (var edit in _edits) edit(editor);
                    _doc = doc;
                    _readBytes = now;
                    Replayed = true;
                }
                // An edit undone, or a value set to what it was, writes nothing; neither does an empty
                // document where there is no file.
                if (ConfigStore.SameBytes(doc.ToBytes(), now ?? new byte[0])) return ConfigCommitResult.Unchanged;
                try { doc.Save(path); }
                catch (SsoException) { throw; } // FileNotRegular, FileAccessDenied: left unchanged
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    throw new SsoException(ErrorIds.ConfigFileWriteFailed, SsoErrorKind.WriteError,
                        $"Could not write {path}: {ex.Message}. The file was left as it was.", path, ex);
                }
                _readBytes = doc.ToBytes();
                ConfigStore.RememberWritten(path, _readBytes);
                held.WriteStamp(Stamp(_readBytes));
                return ConfigCommitResult.Written;
            }
        }

        /// <summary>A second of quiet and two equal reads (SettledFile); then, should the file have lost
        /// sections this change keeps, two seconds more for them to come back.</summary>
        static readonly TimeSpan SuspectQuiet = TimeSpan.FromSeconds(2);

        /// <summary>
        /// The file as it is, never half of another program's in-place rewrite (`aws configure set`
        /// truncates and writes again): the read must have settled (SettledFile), and a file that lost
        /// sections SsoTools did not remove, or that no longer parses, is read again once it has been
        /// left alone for two seconds. Sections still gone then were removed by another writer, on
        /// purpose; a file that never settles is refused (ConfigFileBusy) and nothing is written.
        /// </summary>
        byte[]? ReadWhole(string path, CancellationToken ct, out ConfigDocument? parsed, Func<byte[], bool> whole)
        {
            var deadline = DateTime.UtcNow + SettledFile.Budget;
            try
            {
                byte[]? now = SettledFile.Read(path, ConfigStore.ReadBytes, whole, ct);
                while (true)
                {
                    parsed = null;
                    ConfigParseException? unreadable = null;
                    if (!ConfigStore.SameBytes(now, _readBytes))
                    {
                        try { parsed = ConfigDocument.FromFile(now, path); }
                        catch (ConfigParseException ex) { unreadable = ex; }
                    }
                    var lost = unreadable != null ? null : Lost(parsed);
                    if (unreadable == null && (lost == null || lost.Count == 0)) return now;
                    if (!SettledFile.WaitQuiet(path, SuspectQuiet, deadline, ct))
                        throw Busy(path, lost);
                    byte[]? again = SettledFile.Read(path, ConfigStore.ReadBytes, null, ct);
                    if (ConfigStore.SameBytes(again, now))
                    {
                        if (unreadable != null) throw unreadable; // left alone and still unreadable: the file itself is broken
                        return now; // left alone without them: another writer removed them
                    }
                    now = again;
                }
            }
            catch (FileBusyException ex) { throw Busy(path, ex); }
        }

        /// <summary>The lock file's stamp for bytes written: their SHA-256, in hex.</summary>
        internal static string Stamp(byte[] bytes)
        {
            using (var sha = System.Security.Cryptography.SHA256.Create())
            {
                var sb = new System.Text.StringBuilder("sha256:");
                foreach (byte b in sha.ComputeHash(bytes)) sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                return sb.ToString();
            }
        }

        /// <summary>Sections the file had when this change read it, that this change keeps, and that the file now lacks.</summary>
        List<string>? Lost(ConfigDocument? now)
        {
            if (now == null || _readSections == null || _doc == null) return null;
            var present = new HashSet<string>(now.SectionNames, StringComparer.Ordinal);
            var kept = new HashSet<string>(_doc.SectionNames, StringComparer.Ordinal);
            var lost = new List<string>();
            foreach (string s in _readSections) if (!present.Contains(s) && kept.Contains(s)) lost.Add(s);
            return lost;
        }

        internal static SsoException Busy(string path, FileBusyException ex) =>
            new SsoException(ErrorIds.ConfigFileBusy, SsoErrorKind.WriteError,
                $"Another program kept rewriting {path} while SsoTools waited for it to finish; nothing was changed. Run the command again when it has finished.", path, ex);

        static SsoException Busy(string path, List<string>? lost) =>
            new SsoException(ErrorIds.ConfigFileBusy, SsoErrorKind.WriteError,
                lost == null
                    ? $"Another program was rewriting {path} (it was unreadable while it changed); nothing was changed. Run the command again when it has finished."
                    : $"Another program was rewriting {path}: {lost.Count} section(s) SsoTools read before ({string.Join(", ", lost.GetRange(0, Math.Min(3, lost.Count)))}{(lost.Count > 3 ? ", ..." : "")}) were missing while it kept changing. Nothing was changed; run the command again when it has finished.",
                path);

        public sealed class Checkpoint
        {
            internal Checkpoint(ConfigDocument.Checkpoint document, int editCount) { Document = document; EditCount = editCount; }
            internal ConfigDocument.Checkpoint Document { get; }
            internal int EditCount { get; }
        }
    }
}
