using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SsoTools.Emulator;

/// <summary>
/// Sets EmulatorOptions by name, from the command line (--roles-per-account 4) or from the
/// control endpoint ({"rolesPerAccount": 4}). Names match ignoring case, '-' and '_', so
/// kebab-case, camelCase and PascalCase all work and new options need no extra wiring.
/// </summary>
internal static class OptionBinder
{
    private static readonly Dictionary<string, PropertyInfo> Properties = BuildTable();

    private static Dictionary<string, PropertyInfo> BuildTable()
    {
        var table = new Dictionary<string, PropertyInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (PropertyInfo p in typeof(EmulatorOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.CanRead && p.CanWrite)
            {
                table[Normalize(p.Name)] = p;
            }
        }
        return table;
    }

    private static string Normalize(string name) => name.Replace("-", string.Empty).Replace("_", string.Empty);

    public static bool IsOption(string name) => Properties.ContainsKey(Normalize(name));

    /// <summary>Sets one option from its text form. Throws ArgumentException on a bad name or value.</summary>
    public static void Set(EmulatorOptions options, string name, string text)
    {
        PropertyInfo p = Find(name);
        object value;
        try
        {
            value = Convert(p.PropertyType, text);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"Option {p.Name}: '{text}' is not a valid {Describe(p.PropertyType)}.");
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"Option {p.Name}: '{text}' is out of range.");
        }
        Assign(options, p, value);
    }

    /// <summary>Merges a JSON object of option names to values; all or nothing is not needed
    /// here, but every value is converted before any is assigned so a typo changes nothing.</summary>
    public static void Merge(EmulatorOptions options, JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("Expected a JSON object of option names to values.");
        }
        var pending = new List<(PropertyInfo Property, object Value)>();
        foreach (JsonProperty item in json.EnumerateObject())
        {
            PropertyInfo p = Find(item.Name);
            string text = item.Value.ValueKind switch
            {
                JsonValueKind.String => item.Value.GetString() ?? string.Empty,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => item.Value.GetRawText(),
                _ => throw new ArgumentException($"Option {p.Name}: unsupported JSON value {item.Value.ValueKind}."),
            };
            try
            {
                pending.Add((p, Convert(p.PropertyType, text)));
            }
            catch (Exception e) when (e is FormatException || e is OverflowException)
            {
                throw new ArgumentException($"Option {p.Name}: '{text}' is not a valid {Describe(p.PropertyType)}.");
            }
        }
        foreach ((PropertyInfo p, object v) in pending)
        {
            Assign(options, p, v);
        }
    }

    public static JsonObject ToJson(EmulatorOptions options)
    {
        var o = new JsonObject();
        foreach (PropertyInfo p in typeof(EmulatorOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            object? v = p.GetValue(options);
            o[p.Name] = v switch
            {
                int i => JsonValue.Create(i),
                long l => JsonValue.Create(l),
                bool b => JsonValue.Create(b),
                string s => JsonValue.Create(s),
                _ => null,
            };
        }
        return o;
    }

    /// <summary>Lines for --help: every option with its kebab-case flag and default.</summary>
    public static IEnumerable<string> Describe(EmulatorOptions defaults)
    {
        foreach (PropertyInfo p in typeof(EmulatorOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            yield return $"  --{Kebab(p.Name),-30} {Describe(p.PropertyType),-8} default {Format(p.GetValue(defaults))}";
        }
    }

    private static string Format(object? value) => value is bool b ? (b ? "true" : "false") : System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Kebab(string pascal)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                sb.Append('-');
            }
            sb.Append(char.ToLowerInvariant(pascal[i]));
        }
        return sb.ToString();
    }

    private static PropertyInfo Find(string name)
    {
        if (!Properties.TryGetValue(Normalize(name), out PropertyInfo? p))
        {
            throw new ArgumentException($"Unknown option '{name}'.");
        }
        return p;
    }

    private static void Assign(EmulatorOptions options, PropertyInfo p, object value)
    {
        if (value is int i && i < 0 || value is long l && l < 0)
        {
            throw new ArgumentException($"Option {p.Name} cannot be negative.");
        }
        try
        {
            p.SetValue(options, value);
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException inner)
        {
            throw inner;
        }
    }

    private static object Convert(Type type, string text)
    {
        text = text.Trim();
        if (type == typeof(int))
        {
            return int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }
        if (type == typeof(long))
        {
            return long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }
        if (type == typeof(bool))
        {
            return bool.Parse(text);
        }
        return text;
    }

    private static string Describe(Type type) =>
        type == typeof(int) || type == typeof(long) ? "number" : type == typeof(bool) ? "true|false" : "text";
}
