using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SsoTools.Core.Cache
{
    /// <summary>
    /// Writes JSON byte for byte as Python's json.dumps does with its defaults (", " and ": "
    /// separators, ensure_ascii), so files written here are identical to botocore's.
    /// Values: string, null, bool, long/int, IEnumerable&lt;string&gt;, or an ordered list of pairs.
    /// </summary>
    public static class PythonJson
    {
        public static string Dumps(IEnumerable<KeyValuePair<string, object?>> obj, bool compact = false)
        {
            var sb = new StringBuilder(256);
            WriteObject(sb, obj, compact);
            return sb.ToString();
        }

        /// <summary>One JSON string literal, escaped as json.dumps escapes it.</summary>
        public static string String(string value)
        {
            var sb = new StringBuilder(value.Length + 2);
            WriteString(sb, value);
            return sb.ToString();
        }

        static void WriteObject(StringBuilder sb, IEnumerable<KeyValuePair<string, object?>> obj, bool compact)
        {
            sb.Append('{');
            bool first = true;
            foreach (var kv in obj)
            {
                if (!first) sb.Append(compact ? "," : ", ");
                first = false;
                WriteString(sb, kv.Key);
                sb.Append(compact ? ":" : ": ");
                WriteValue(sb, kv.Value, compact);
            }
            sb.Append('}');
        }

        static void WriteValue(StringBuilder sb, object? value, bool compact)
        {
            switch (value)
            {
                case null: sb.Append("null"); break;
                case string s: WriteString(sb, s); break;
                case bool b: sb.Append(b ? "true" : "false"); break;
                case int i: sb.Append(i.ToString(CultureInfo.InvariantCulture)); break;
                case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
                case IEnumerable<KeyValuePair<string, object?>> o: WriteObject(sb, o, compact); break;
                case IEnumerable<string> list:
                    sb.Append('[');
                    bool first = true;
                    foreach (var item in list)
                    {
                        if (!first) sb.Append(compact ? "," : ", ");
                        first = false;
                        WriteString(sb, item);
                    }
                    sb.Append(']');
                    break;
                default: throw new ArgumentException("Unsupported JSON value type " + value.GetType().Name);
            }
        }

        static void WriteString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    default:
                        // ensure_ascii: everything outside space..tilde (DEL included) as \uXXXX; surrogates stay pairs.
                        if (c < 0x20 || c > 0x7E) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }
    }
}
