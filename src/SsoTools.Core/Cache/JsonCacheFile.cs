using System;
using System.IO;
using System.Text;
using System.Text.Json;
using SsoTools.Core.IO;
using SsoTools.Core.Errors;

namespace SsoTools.Core.Cache
{
    /// <summary>Reading and writing one JSON cache file: lenient in, botocore's bytes out, atomic, 0600.</summary>
    internal static class JsonCacheFile
    {
        static readonly JsonDocumentOptions Lenient = new JsonDocumentOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
        };

        /// <summary>
        /// Null when the file does not exist; CacheFileException when it is not a JSON object. A file
        /// that does not parse and was changed a moment ago may be half of another tool's in-place
        /// rewrite (older AWS CLIs write the cache that way): it is read again once it has been left
        /// alone (SettledFile), and if it never is, CacheFileException with CacheFileBusy, which never
        /// advises deleting what may be a valid session mid-write.
        /// </summary>
        public static JsonDocument? TryRead(string path)
        {
            // Never open a device or FIFO (/dev/zero never ends, a FIFO blocks): refuse it.
            if (!FileErrors.EnsureRegularOrMissing(path)) return null;
            // Shared for replace and delete: botocore or the AWS CLI may rewrite the file while this reads it.
            byte[]? bytes = AtomicFile.ReadAllBytes(path);
            if (bytes == null) return null;
            try { return Parse(path, bytes); }
            catch (CacheFileException) when (SettledFile.Age(path) < Recent)
            {
                // No prefix of a JSON object parses, so a read that parses is whole: read again until one does.
                var deadline = DateTime.UtcNow + Recent;
                while (true)
                {
                    System.Threading.Thread.Sleep(25);
                    bytes = AtomicFile.ReadAllBytes(path);
                    if (bytes == null) return null;
                    try { return Parse(path, bytes); }
                    catch (CacheFileException ex) when (DateTime.UtcNow >= deadline)
                    {
                        if (SettledFile.Age(path) < Recent) throw CacheFileException.Busy(path, ex);
                        throw;
                    }
                    catch (CacheFileException) { }
                }
            }
        }

        /// <summary>A file changed this recently may be mid-rewrite; a reader waits this long for a whole one.</summary>
        static readonly TimeSpan Recent = TimeSpan.FromSeconds(3);

        static JsonDocument Parse(string path, byte[] bytes)
        {
            try
            {
                var mem = new ReadOnlyMemory<byte>(bytes);
                if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) mem = mem.Slice(3);
                var doc = JsonDocument.Parse(mem, Lenient);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    doc.Dispose();
                    throw new CacheFileException(path, "does not hold a JSON object");
                }
                return doc;
            }
            catch (JsonException ex)
            {
                throw new CacheFileException(path, "is not valid JSON (" + ex.Message + ")", ex);
            }
        }

        public static void Write(string path, string json) =>
            AtomicFile.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(json), privateFile: true);

        public static string? GetString(JsonElement obj, string name) =>
            obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        public static DateTime? GetTime(JsonElement obj, string name) =>
            CacheTime.TryParse(GetString(obj, name), out var t) ? t : (DateTime?)null;
    }
}
