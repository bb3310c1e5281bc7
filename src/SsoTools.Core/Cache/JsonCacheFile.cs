using System;
using System.IO;
using System.Text;
using System.Text.Json;
using SsoTools.Core.IO;

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

        /// <summary>Null when the file does not exist; CacheFileException when it is not a JSON object.</summary>
        public static JsonDocument? TryRead(string path)
        {
            // Never open a device or FIFO (/dev/zero never ends, a FIFO blocks): refuse it.
            if (!FileErrors.EnsureRegularOrMissing(path)) return null;
            // Shared for replace and delete: botocore or the AWS CLI may rewrite the file while this reads it.
            byte[]? bytes = AtomicFile.ReadAllBytes(path);
            if (bytes == null) return null;
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
