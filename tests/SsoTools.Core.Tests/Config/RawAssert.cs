using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace SsoTools.Core.Tests.Config
{
    /// <summary>Deep, order-sensitive comparison of raw_config_parse-shaped data (JSON from botocore or SsoTools' dictionaries).</summary>
    public static class RawAssert
    {
        public static void Equal(JsonElement expected, object actual, string where = "")
        {
            switch (expected.ValueKind)
            {
                case JsonValueKind.String:
                    Assert.True(actual is string, where + ": expected a string, got " + actual?.GetType().Name);
                    Assert.Equal(expected.GetString(), (string)actual!);
                    break;
                case JsonValueKind.Object:
                    var pairs = Pairs(actual);
                    Assert.True(pairs != null, where + ": expected a dictionary, got " + actual?.GetType().Name);
                    var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToList();
                    Assert.Equal(expectedKeys, pairs!.Select(p => p.Key).ToList());
                    foreach (var property in expected.EnumerateObject())
                    {
                        Equal(property.Value, pairs.First(p => p.Key == property.Name).Value, where + "/" + property.Name);
                    }
                    break;
                default:
                    Assert.Fail(where + ": unexpected JSON " + expected.ValueKind);
                    break;
            }
        }

        /// <summary>Order-sensitive equality of two SsoTools raw dictionaries.</summary>
        public static void Equal(object expected, object actual, string where = "")
        {
            if (expected is string s)
            {
                Assert.True(actual is string, where + ": expected a string");
                Assert.Equal(s, (string)actual);
                return;
            }
            var e = Pairs(expected)!;
            var a = Pairs(actual);
            Assert.True(a != null, where + ": expected a dictionary");
            Assert.Equal(e.Select(p => p.Key).ToList(), a!.Select(p => p.Key).ToList());
            for (int i = 0; i < e.Count; i++) Equal(e[i].Value, a[i].Value, where + "/" + e[i].Key);
        }

        /// <summary>A deep copy that tests can change to describe what an edit should do.</summary>
        public static Dictionary<string, Dictionary<string, object>> Copy(IDictionary<string, IDictionary<string, object>> raw) =>
            raw.ToDictionary(s => s.Key, s => s.Value.ToDictionary(k => k.Key, k => k.Value));

        static List<KeyValuePair<string, object>>? Pairs(object? value)
        {
            if (value is IDictionary dictionary)
            {
                var list = new List<KeyValuePair<string, object>>();
                foreach (DictionaryEntry entry in dictionary) list.Add(new KeyValuePair<string, object>((string)entry.Key, entry.Value!));
                return list;
            }
            return null;
        }
    }
}
