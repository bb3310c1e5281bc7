using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using SsoTools.Core.Config;

namespace SsoTools.Commands
{
    /// <summary>Tab completion of sso-session names from the config file.</summary>
    public sealed class SessionNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var names = ConfigStore.Current.Read().Config.GetSessions().Select(s => s.SessionName);
                return Completion.Match(names, wordToComplete);
            }
            catch { return Enumerable.Empty<CompletionResult>(); }
        }
    }

    /// <summary>Tab completion of SSO profile names from the config file.</summary>
    public sealed class ProfileNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var names = ConfigStore.Current.Read().Config.GetProfiles().Select(p => p.ProfileName);
                return Completion.Match(names, wordToComplete);
            }
            catch { return Enumerable.Empty<CompletionResult>(); }
        }
    }

    static class Completion
    {
        public static IEnumerable<CompletionResult> Match(IEnumerable<string> names, string word)
        {
            var pattern = new WildcardPattern((word ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return names.Where(n => pattern.IsMatch(n)).OrderBy(n => n)
                .Select(n => new CompletionResult(n.IndexOfAny(new[] { ' ', '\'', '$', '(', ')' }) >= 0 ? "'" + n.Replace("'", "''") + "'" : n, n, CompletionResultType.ParameterValue, n));
        }
    }
}
