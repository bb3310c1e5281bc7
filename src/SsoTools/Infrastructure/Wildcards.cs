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

        /// <summary>True when there are no patterns, or one of them matches one of the values.</summary>
        public static bool Any(IReadOnlyList<WildcardPattern>? patterns, params string?[] values) =>
            patterns == null || patterns.Any(p => values.Any(v => v != null && p.IsMatch(v)));
    }
}
