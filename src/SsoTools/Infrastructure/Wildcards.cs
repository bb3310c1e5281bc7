using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace SsoTools.Commands
{
    static class Wildcards
    {
        public static IReadOnlyList<WildcardPattern>? From(string[]? patterns) =>
            patterns == null || patterns.Length == 0 ? null
                : patterns.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToList();

        /// <summary>The names given without wildcards that matched nothing: each is an error of its own (a pattern may match nothing).</summary>
        public static IEnumerable<string> Unmatched(string[]? names, ICollection<string> found) =>
            names == null ? Enumerable.Empty<string>() : names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && !found.Contains(n));

        /// <summary>True when there are no patterns, or one of them matches one of the values.</summary>
        public static bool Any(IReadOnlyList<WildcardPattern>? patterns, params string?[] values) =>
            patterns == null || patterns.Any(p => values.Any(v => v != null && p.IsMatch(v)));
    }
}
