using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SsoTools.Core.Errors;

namespace SsoTools.Commands
{
    /// <summary>
    /// How a user's names and patterns match. Profile and sso-session names are case-sensitive, as
    /// botocore reads them ([profile Prod] and [profile prod] are two profiles): every cmdlet that
    /// selects them by name (Get-, Test-, Remove-SsoProfile, Get-SsoProfile -SessionName, Get-SsoSession)
    /// matches through ForNames, so one pattern picks the same profiles in each. Account and role names
    /// are IAM Identity Center's and match ignoring case (ForServiceNames). Tab completion only
    /// suggests, and ignores case.
    /// </summary>
    static class Wildcards
    {
        /// <summary>Case-sensitive patterns for profile and sso-session names; null when none were given.</summary>
        public static IReadOnlyList<WildcardPattern>? ForNames(string[]? patterns) => From(patterns, WildcardOptions.None);

        /// <summary>Patterns for account and role names (IAM Identity Center's values, not config names): case is ignored.</summary>
        public static IReadOnlyList<WildcardPattern>? ForServiceNames(string[]? patterns) => From(patterns, WildcardOptions.IgnoreCase);

        static IReadOnlyList<WildcardPattern>? From(string[]? patterns, WildcardOptions options) =>
            patterns == null || patterns.Length == 0 ? null : patterns.Select(p => new WildcardPattern(p, options)).ToList();

        /// <summary>A name to look up as it is, not a pattern.</summary>
        public static bool IsPlainName(string name) => !WildcardPattern.ContainsWildcardCharacters(name);

        /// <summary>The names given without wildcards that matched nothing: each is an error of its own (a pattern may match nothing).</summary>
        public static IEnumerable<string> Unmatched(string[]? names, ICollection<string> found) =>
            names == null ? Enumerable.Empty<string>() : names.Where(n => IsPlainName(n) && !found.Contains(n));

        /// <summary>True when there are no patterns, or one of them matches one of the values.</summary>
        public static bool Any(IReadOnlyList<WildcardPattern>? patterns, params string?[] values) =>
            patterns == null || patterns.Any(p => values.Any(v => v != null && p.IsMatch(v)));

        /// <summary>A not-found error that names the names differing only in case, when there are any: 'prod' does not find 'Prod'.</summary>
        public static SsoException NotFound(SsoException notFound, string name, IEnumerable<string> existing)
        {
            var others = existing.Where(e => e != name && string.Equals(e, name, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal).ToList();
            return others.Count == 0 ? notFound
                : new SsoException(notFound.ErrorId, notFound.Kind,
                    notFound.Message + " Names are case-sensitive: did you mean " + string.Join(" or ", others.Select(o => "'" + o + "'")) + "?", notFound.Target, notFound.InnerException);
        }
    }
}
