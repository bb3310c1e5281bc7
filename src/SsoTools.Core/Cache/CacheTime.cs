using System;
using System.Globalization;

namespace SsoTools.Core.Cache
{
    /// <summary>Cache timestamps: written as botocore writes them, read as leniently as other tools write them.</summary>
    public static class CacheTime
    {
        public static string Format(DateTime utc) =>
            utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>ISO 8601 with a "+00:00" offset: how botocore writes an assume-role cache file's
        /// Expiration and how credential_process output and the export formats give it.</summary>
        public static string FormatWithOffset(DateTime utc) =>
            utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

        /// <summary>Accepts "...Z", "...39.123Z", "...+00:00", "... UTC" and a bare time (taken as UTC).</summary>
        public static bool TryParse(string? text, out DateTime utc)
        {
            utc = default;
            if (string.IsNullOrWhiteSpace(text)) return false;
            string t = text!.Trim();
            if (t.EndsWith("UTC", StringComparison.OrdinalIgnoreCase)) t = t.Substring(0, t.Length - 3).TrimEnd() + "Z";
            if (!DateTime.TryParse(t, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
                return false;
            utc = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
            return true;
        }

        /// <summary>Whole seconds, as the files hold them.</summary>
        public static DateTime Truncate(DateTime utc) =>
            new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }
}
