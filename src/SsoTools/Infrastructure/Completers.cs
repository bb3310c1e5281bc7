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
                var names = Completion.Store().Read().GetSessions().Select(s => s.SessionName);
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
                var names = Completion.Store().Read().GetProfiles().Select(p => p.ProfileName);
                return Completion.Match(names, wordToComplete);
            }
            catch { return Enumerable.Empty<CompletionResult>(); }
        }
    }

    /// <summary>
    /// Tab completion of account IDs: from the profiles in the config file and from the last listings
    /// (Get-SsoAccount, Get-SsoRole keep ~/.aws/ssotools/inventory.json); no network call. With
    /// -SessionName already given, only that session's. The account name is the tooltip, and a word
    /// that matches a name completes to its ID.
    /// </summary>
    public sealed class AccountIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                string? session = Completion.Bound(fakeBoundParameters, "SessionName");
                var names = new Dictionary<string, string?>(System.StringComparer.Ordinal);
                foreach (var a in SsoCmdlet.NewContext().Inventory.Read())
                    if (session == null || a.Session == session) names[a.AccountId] = a.AccountName;
                foreach (var p in Completion.Store().Read().GetProfiles())
                    if (p.AccountId != null && (session == null || p.SessionName == session) && !names.ContainsKey(p.AccountId)) names[p.AccountId] = null;
                var pattern = new WildcardPattern(Completion.Word(wordToComplete) + "*", WildcardOptions.IgnoreCase);
                return names.Where(n => pattern.IsMatch(n.Key) || (n.Value != null && pattern.IsMatch(n.Value))).OrderBy(n => n.Key)
                    .Select(n => new CompletionResult(n.Key, n.Value == null ? n.Key : n.Key + " " + n.Value, CompletionResultType.ParameterValue, n.Value ?? n.Key))
                    .ToList();
            }
            catch { return Enumerable.Empty<CompletionResult>(); }
        }
    }

    /// <summary>Tab completion of role names: from the config's profiles and the last listings; with -AccountId given, that account's.</summary>
    public sealed class RoleNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                string? account = Completion.Bound(fakeBoundParameters, "AccountId");
                string? session = Completion.Bound(fakeBoundParameters, "SessionName");
                var roles = new HashSet<string>(System.StringComparer.Ordinal);
                foreach (var a in SsoCmdlet.NewContext().Inventory.Read())
                    if ((account == null || a.AccountId == account) && (session == null || a.Session == session)) roles.UnionWith(a.Roles);
                foreach (var p in Completion.Store().Read().GetProfiles())
                    if (p.RoleName != null && (account == null || p.AccountId == account) && (session == null || p.SessionName == session)) roles.Add(p.RoleName);
                return Completion.Match(roles, wordToComplete);
            }
            catch { return Enumerable.Empty<CompletionResult>(); }
        }
    }

    /// <summary>Tab completion of AWS Region names, from the AWS SDK's list.</summary>
    public sealed class RegionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try { return Completion.Match(Core.Config.KnownRegions.All(), wordToComplete); }
            catch { return Enumerable.Empty<CompletionResult>(); }
        }
    }

    /// <summary>Tab completion of every profile name in the config (Set-SsoProfile -Name: an existing profile to update).</summary>
    public sealed class AnyProfileNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                return Completion.Match(new SsoConfigEditor(Completion.Store().Read().Document).ProfileNames(), wordToComplete);
            }
            catch { return Enumerable.Empty<CompletionResult>(); }
        }
    }

    /// <summary>Tab completion of -NameTemplate tokens: after a '{', the tokens a template can hold.</summary>
    public sealed class NameTemplateCompleter : IArgumentCompleter
    {
        static readonly string[] Tokens = { "AccountId", "AccountName", "RoleName", "SessionName", "EmailAddress" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = Completion.Word(wordToComplete);
            int open = word.LastIndexOf('{');
            if (open < 0 || word.IndexOf('}', open) >= 0)
                return Tokens.Select(t => new CompletionResult("'" + word + "{" + t + "}'", "{" + t + "}", CompletionResultType.ParameterValue, "{" + t + "}"));
            string head = word.Substring(0, open + 1), partial = word.Substring(open + 1);
            return Tokens.Where(t => t.StartsWith(partial, System.StringComparison.OrdinalIgnoreCase))
                .Select(t => new CompletionResult("'" + head + t + "}'", "{" + t + "}", CompletionResultType.ParameterValue, "{" + t + "}"));
        }
    }

    static class Completion
    {
        /// <summary>The config as the command being completed will read it (a relative AWS_CONFIG_FILE from the prompt's location).</summary>
        public static ConfigStore Store()
        {
            var state = System.Management.Automation.Runspaces.Runspace.DefaultRunspace?.SessionStateProxy;
            if (state != null)
            {
                try { AwsPaths.WorkingDirectory = state.Path.CurrentFileSystemLocation.ProviderPath; }
                catch (System.Exception) { /* no FileSystem location: the process's folder */ }
            }
            return SsoCmdlet.NewContext().Config;
        }

        /// <summary>The word as typed, without the quotes around it.</summary>
        public static string Word(string? word) => (word ?? "").Trim('\'', '"');

        /// <summary>A parameter already on the command line, when it is a plain string.</summary>
        public static string? Bound(IDictionary parameters, string name) =>
            parameters != null && parameters.Contains(name) && parameters[name] is string s && s.Length > 0 ? s : null;

        public static IEnumerable<CompletionResult> Match(IEnumerable<string> names, string word)
        {
            var pattern = new WildcardPattern(Word(word) + "*", WildcardOptions.IgnoreCase);
            return names.Where(n => pattern.IsMatch(n)).OrderBy(n => n)
                .Select(n => new CompletionResult(n.IndexOfAny(new[] { ' ', '\'', '$', '(', ')' }) >= 0 ? "'" + n.Replace("'", "''") + "'" : n, n, CompletionResultType.ParameterValue, n));
        }
    }
}
